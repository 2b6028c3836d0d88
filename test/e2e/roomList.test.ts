// The room list (live/rooms/rooms) on a compiled phone against the real room service: pages of 20,
// newest live first, more on reaching the bottom, pull to refresh.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { World } from './support/world'

let world: World
beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

describe('the room list', () => {
  it('shows the newest 20 rooms, the rest on reaching the bottom, and new ones on pulling down', async () => {
    const ids = await world.seedLiveRooms(25)
    const newestFirst = [...ids].reverse()
    const viewer = world.phone('viewer', { nickname: '观众' })
    const list = await viewer.open('live/rooms/rooms')
    const shown = () => list.$$('.room').map((room) => String(room.attr('id')).replace(/^room-/, ''))

    await viewer.waitFor(() => shown().length === 20, 'the first page')
    expect(shown()).toEqual(newestFirst.slice(0, 20))
    expect(viewer.text(`#room-${ids[24]}`)).toContain('主播 主播24')

    await viewer.run(() => list.reachBottom())
    await viewer.waitFor(() => shown().length === 25, 'the second page')
    expect(shown()).toEqual(newestFirst)
    await viewer.run(() => list.reachBottom()) // nothing more to load
    expect(shown()).toHaveLength(25)

    const [newer] = await world.seedLiveRooms(1)
    await viewer.run(() => list.pullDownRefresh())
    await viewer.waitFor(() => shown()[0] === newer, 'the new room on top')
    expect(shown()).toHaveLength(20)
    expect(viewer.wx.records.calls.filter((c) => c.api === 'stopPullDownRefresh')).toHaveLength(1)
  })
})
