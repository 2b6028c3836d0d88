// Entering the live room stays cheap for WeChat's render thread: the setData sent from opening the
// room page until it is live (anchor) or playing (viewer) is held to a size budget. The chat list's
// slots used to be sent empty at mount (50 of them, most of the cost); this fails if anything like
// that comes back. Compiled pages against the real room service and the IM fake, as in liveRoom.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { anchorEntry, ENTRY_BUDGET_BYTES, viewerEntry } from './support/entry'
import { World } from './support/world'

let world: World

beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

describe('entering a live room', () => {
  it('costs the anchor and a viewer at most 1.5 KB of setData each, with the stage and an empty chat on screen', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const anchorStats = await anchorEntry(anchor, '进房预算')
    // What was measured is the live room as the anchor sees it.
    expect(anchor.page.attr('#pusher', 'url')).toMatch(/^rtmp:\/\//)
    expect(anchor.text('#room-name')).toBe('进房预算')
    expect(anchor.exists('#player')).toBe(false)

    const [room] = await world.listedRooms()
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    const viewerStats = await viewerEntry(viewer, room.roomID)
    expect(viewer.page.attr('#player', 'src')).toMatch(/^(rtmp|https?):\/\//)
    expect(viewer.exists('#pusher')).toBe(false)
    expect(viewer.text('#chat')).toBe('')

    expect(anchorStats.calls).toBeGreaterThan(0)
    expect(viewerStats.calls).toBeGreaterThan(0)
    expect(anchorStats.bytes).toBeLessThanOrEqual(ENTRY_BUDGET_BYTES)
    expect(viewerStats.bytes).toBeLessThanOrEqual(ENTRY_BUDGET_BYTES)
  })
})
