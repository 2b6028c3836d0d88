// The live-end summary on the compiled room page: the anchor who ends the live stays on the page and
// sees its figures, against the real room service and the IM fake, as in liveRoom.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { answered, goLive, watch } from './support/flows'
import { World } from './support/world'

let world: World

beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

describe('the live-end summary', () => {
  it('shows the anchor the duration and viewers after 结束直播', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    const roomID = await goLive(world, anchor, '总结测试')
    await watch(viewer, roomID)
    // Nothing of the summary is on screen while live.
    expect(anchor.exists('#live-summary')).toBe(false)

    await anchor.tap('#close')
    expect(anchor.wx.records.modals.at(-1)).toMatchObject({ title: '结束直播' })
    await anchor.waitFor(() => answered(anchor, 'get_room_summary') && anchor.exists('#live-summary'), 'the summary at the anchor')
    expect(anchor.text('#room-notice')).toContain('直播已结束')
    expect(anchor.text('#summary-duration')).toMatch(/直播时长\s*00:0\d/)
    expect(anchor.text('#summary-peak')).toMatch(/最高在线\s*1 人/)
    expect(anchor.text('#summary-total')).toMatch(/累计观众\s*1 人/)
    expect(anchor.text('#summary-coAnchors')).toMatch(/连麦嘉宾\s*0 人/)
    // The anchor leaves when it chooses to.
    expect(anchor.wx.records.navigations.filter((n) => n.kind === 'navigateBack')).toEqual([])
    await anchor.tap('#back')
    expect(anchor.wx.records.navigations.at(-1)).toMatchObject({ kind: 'navigateBack' })

    await viewer.waitFor(() => viewer.exists('#summary-duration'), 'the duration at the viewer')
    expect(viewer.text('#room-notice')).toContain('主播已结束直播')
    expect(viewer.exists('#summary-total')).toBe(false)
  })
})
