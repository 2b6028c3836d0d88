// 继续直播 on compiled phones against the real room service: the anchor's app dies without leaving,
// a new launch of it offers the room on the home page and goes back into it; the viewer keeps watching.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { goLive, startsOf, watch } from './support/flows'
import { World } from './support/world'

let world: World
beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

describe('继续直播', () => {
  it('takes the anchor back into its room after its app died, and the viewer keeps the room', async () => {
    const anchor = world.phone('teacher', { nickname: '王老师' })
    const viewer = world.phone('student', { nickname: '小明' })
    const roomID = await goLive(world, anchor, '周五晚课')
    await watch(viewer, roomID)

    // The app dies without unloading its page: from now on nothing it sends reaches anyone.
    anchor.wx.configure({ requestBaseUrl: 'http://127.0.0.1:9' })

    const again = world.phone('teacher', { nickname: '王老师' }) // the same WeChat user, a new launch
    await again.open('pages/index/index')
    await again.waitFor(() => again.wx.records.navigations.length > 0, 'the offer accepted')
    expect(again.wx.records.modals[0]).toMatchObject({ title: '继续直播', confirmText: '继续直播' })
    expect(again.wx.records.modals[0].content).toContain('「周五晚课」还在直播中')
    await again.followNavigation()
    expect(again.page.route).toBe('live/room/room')
    await again.waitFor(() => startsOf(again) === 1, 'the pusher to start')
    again.run(() => again.wx.lastPusher().emit('statechange', { code: 1002 }))
    await again.waitFor(() => !again.exists('#entering'), 'the room live again')

    expect(again.exists('#room-notice')).toBe(false)
    expect(viewer.exists('#room-notice')).toBe(false)
    expect((await world.listedRooms()).filter((r) => r.roomID === roomID)).toHaveLength(1)
  })
})
