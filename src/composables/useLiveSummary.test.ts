// The live-end summary over the real room service (in-process): fetched when the room closes, shown
// whole to the anchor and as the duration to the audience, and left out when it cannot be had.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { uniLifecycleMock } from '../../test/support/uniLifecycle'
import { RoomWorld, until, type LivePagePhone } from '../../test/support/roomWorld'
import { formatDuration, useLiveSummary } from './useLiveSummary'
import { ROOM_MESSAGES } from './useRoomVisit'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let world: RoomWorld
beforeEach(async () => {
  world = await RoomWorld.start()
})
afterEach(async () => {
  await world.close()
})

/** Lets the live run `seconds` on the service clock, the anchor beating in between so the room stays. */
async function runFor(seconds: number): Promise<void> {
  for (let left = seconds; left > 0; left -= 20) {
    world.service.advance(Math.min(left, 20) * 1000)
    await new Promise((r) => setTimeout(r, 60))
  }
}

const rows = (page: LivePagePhone) => Object.fromEntries((page.live.overlays.value.summary ?? []).map((r) => [r.key, r.value]))

describe('useLiveSummary', () => {
  it('shows the anchor who ends the live its figures, and the viewer how long it lasted', async () => {
    const anchor = await world.anchorPage()
    const viewer = await world.audiencePage(anchor.visit.room.details!.roomID)
    expect(anchor.live.overlays.value.summary).toBeNull()
    await runFor(65)

    world.shim.configure({ modalAnswer: 'confirm' })
    await anchor.live.close()
    // The anchor stays on the page for the summary.
    expect(world.shim.records.navigations).toEqual([])
    await until(() => anchor.live.overlays.value.summary !== null, 'the summary at the anchor')
    const summary = anchor.visit.summary.value!
    expect(summary).toMatchObject({ peakViewers: 1, totalViewers: 1, coAnchors: 0 })
    expect(summary.duration).toBeGreaterThanOrEqual(65)
    expect(anchor.live.overlays.value.ended).toBe('直播已结束')
    expect(rows(anchor)).toMatchObject({ duration: formatDuration(summary.duration), peak: '1 人', total: '1 人', coAnchors: '0 人' })
    // Uncounted figures are left out rather than shown as 0.
    expect('chat' in rows(anchor)).toBe(summary.chatMessages !== null)
    expect('likes' in rows(anchor)).toBe(summary.likes !== null)

    await until(() => viewer.live.overlays.value.summary !== null, 'the summary at the viewer')
    expect(viewer.live.overlays.value.ended).toBe(ROOM_MESSAGES.anchorEnded)
    expect(viewer.live.overlays.value.summary).toEqual([{ key: 'duration', label: '直播时长', value: formatDuration(summary.duration) }])
  })

  it('sums up a live the service ended for lack of heartbeats', async () => {
    const anchor = await world.anchorPage()
    world.service.setReachable(false)
    world.service.advance(31_000)
    await world.service.sweep()
    world.service.setReachable(true)
    await until(() => anchor.visit.room.phase === 'closed', 'heartbeat rejection')
    await until(() => anchor.visit.summary.value !== null, 'the summary')
    expect(anchor.visit.summary.value).toMatchObject({ live: false, endReason: 'timeout', totalViewers: 0 })
    expect(anchor.live.overlays.value.ended).toBe(ROOM_MESSAGES.heartbeatLost)
    expect(rows(anchor).duration).toBe(formatDuration(anchor.visit.summary.value!.duration))
  })

  it('keeps just the ended notice when the service cannot give the summary', async () => {
    const anchor = await world.anchorPage()
    world.service.setReachable(false)
    await anchor.visit.leave()
    expect(anchor.visit.room.phase).toBe('closed')
    await new Promise((r) => setTimeout(r, 50))
    world.service.setReachable(true)
    expect(anchor.visit.summary.value).toBeNull()
    expect(anchor.live.overlays.value).toMatchObject({ ended: '直播已结束', summary: null })
  })

  it('gives up on a summary slower than its deadline', async () => {
    const anchor = world.phone()
    const { summary } = anchor.run(() => useLiveSummary({ roomService: anchor.client, room: anchor.visit.room, timeoutMs: 30 }))
    const live = anchor.visit.goLive({ roomName: '慢网' })
    await world.pushConnects(anchor)
    expect(await live).toBe(true)
    const slow = world.service.hold('get_room_summary')
    await anchor.visit.leave()
    await slow.reached
    await new Promise((r) => setTimeout(r, 60))
    slow.release()
    await new Promise((r) => setTimeout(r, 30))
    expect(summary.value).toBeNull()
  })

  it('writes durations as 分:秒, and 时:分:秒 from an hour on', () => {
    expect(formatDuration(0)).toBe('00:00')
    expect(formatDuration(65)).toBe('01:05')
    expect(formatDuration(3600 + 2 * 60 + 3)).toBe('1:02:03')
  })
})
