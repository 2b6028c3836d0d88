// The audience panel and enter notices on compiled pages: an anchor's phone and two viewers' against
// the real room service and the IM fake. The panel is sent to the page only once it is opened.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { goLive, watch } from './support/flows'
import { World } from './support/world'

let world: World

beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

describe('the audience of a live room', () => {
  it('welcomes viewers in the chat, and lists them with the total in the panel, opened and closed by anyone', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const roomID = await goLive(world, anchor, '观众名单')

    const viewer = world.phone('viewer', { nickname: '观众小李' })
    await watch(viewer, roomID)
    await anchor.waitFor(() => anchor.text('#chat').includes('欢迎 观众小李 进入直播间'), 'the enter notice at the anchor', 5000)
    expect(viewer.text('#chat')).not.toContain('欢迎')

    expect(anchor.exists('#audience-panel')).toBe(false)
    await anchor.tap('#online-count')
    await anchor.waitFor(() => anchor.exists('#audience-panel'), 'the audience panel')
    expect(anchor.text('#audience-total')).toBe('观众 1 人')
    const viewerID = await world.userIDOf('viewer')
    expect(anchor.text(`#audience-${viewerID}`)).toBe('观众小李')

    // A second viewer shows up in the open panel by itself.
    const second = world.phone('second', { nickname: '观众小张' })
    await watch(second, roomID)
    await anchor.waitFor(() => anchor.text('#audience-total') === '观众 2 人', 'the second viewer in the panel', 5000)
    expect(anchor.text('#audience-panel')).toContain('观众小张')

    await anchor.tap('#audience-close')
    expect(anchor.exists('#audience-panel')).toBe(false)

    await viewer.tap('#online-count')
    await viewer.waitFor(() => viewer.exists('#audience-panel'), 'the panel at a viewer')
    expect(viewer.text('#audience-total')).toBe('观众 2 人')
  })
})
