// The anchor's broadcast surviving: resuming one's own open room, co-anchors asking again, and
// the live summary (kept after the room ends, with how it ended).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import type { MessageCounter } from '../summaries/liveSummaries.ts'
import { startService, type Service, type Session } from './helpers.ts'

let svc: Service
let alice: Session
let bob: Session
let carol: Session
let counts: Awaited<ReturnType<MessageCounter['roomMessageCounts']>> = null

async function start(opts: { counter?: boolean } = {}): Promise<void> {
  svc = await startService({
    env: { ANCHOR_TIMEOUT_S: '30', SUMMARY_RETENTION_S: '3600' },
    messageCounter: opts.counter ? { roomMessageCounts: async () => counts } : undefined,
  })
  alice = await svc.client.session('alice', svc.clock.now())
  bob = await svc.client.session('bob', svc.clock.now())
  carol = await svc.client.session('carol', svc.clock.now())
}
afterEach(async () => {
  await svc.close()
})

const call = <K extends Parameters<Service['client']['call']>[0]>(name: K, s: Session, body: Record<string, unknown>) =>
  svc.client.call(name, s, body)

async function goLive(s: Session): Promise<string> {
  const created = await call('create_room', s, { roomInfo: `${s.userID}的直播间`, requireAdmission: true })
  const roomID = String(created.body.roomID)
  expect((await call('add_anchor', s, { roomID, userName: `N-${s.userID}` })).body.code).toBe(0)
  return roomID
}

describe('resume', () => {
  beforeEach(() => start())

  it("get_my_live_room gives the caller's open room with the seconds left, and null once it closed", async () => {
    expect((await call('get_my_live_room', alice, {})).body).toEqual({ code: 0, message: 'ok', room: null })
    const roomID = await goLive(alice)
    const liveSince = svc.clock.now()
    await call('add_audience', bob, { roomID })
    svc.clock.advance(10_000)
    expect((await call('get_my_live_room', alice, {})).body.room).toEqual({
      roomID,
      roomName: 'alice的直播间',
      roomInfo: 'alice的直播间',
      liveSince,
      secondsLeft: 20,
      audienceCount: 1,
    })
    expect((await call('get_my_live_room', bob, {})).body.room).toBeNull()
    svc.clock.advance(21_000)
    expect((await call('get_my_live_room', alice, {})).body.room).toBeNull()
  })

  it('resume_room within the timeout refreshes the push and keeps the room, its start, audience and co-anchors', async () => {
    const roomID = await goLive(alice)
    const liveSince = svc.clock.now()
    await call('add_audience', bob, { roomID })
    expect((await svc.client.joinAsCoAnchor(alice, carol, { roomID })).body.code).toBe(0)
    svc.clock.advance(25_000)
    // Carol keeps beating; alice's app was killed and comes back.
    await call('anchor_heartbeat', carol, { roomID })
    const r = await call('resume_room', alice, { roomID })
    expect(r.body.code).toBe(0)
    expect(r.body.pushURL).toContain('alice')
    expect(r.body.liveSince).toBe(liveSince)
    expect(r.body.audienceCount).toBe(1)
    expect(r.body.pushers?.map((p) => p.userID)).toEqual(['alice', 'carol'])
    expect(r.body.pushers?.[0].userName).toBe('N-alice')
    // The timeout now counts from the resume: 25 s later the room is still open.
    svc.clock.advance(25_000)
    expect((await call('get_my_live_room', alice, {})).body.room?.secondsLeft).toBe(5)
    // A second resume is as good as the first (idempotent), and so is add_anchor by the creator.
    expect((await call('resume_room', alice, { roomID })).body.code).toBe(0)
    expect((await call('add_anchor', alice, { roomID })).body.code).toBe(0)
    expect((await call('get_room_summary', alice, { roomID })).body.startTime).toBe(liveSince)
  })

  it("refuses to resume someone else's room (3003) or a closed one (3001)", async () => {
    const roomID = await goLive(alice)
    expect((await call('resume_room', bob, { roomID })).body.code).toBe(ErrorCode.NOT_ROOM_CREATOR)
    svc.clock.advance(31_000)
    const late = await call('resume_room', alice, { roomID })
    expect(late.status).toBe(404)
    expect(late.body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
  })

  it('a co-anchor who dropped asks again: a second admission lets it join again', async () => {
    const roomID = await goLive(alice)
    expect((await svc.client.joinAsCoAnchor(alice, carol, { roomID })).body.code).toBe(0)
    // Still there: its own add_anchor again is a refresh, no admission needed.
    expect((await call('add_anchor', carol, { roomID })).body.code).toBe(0)
    // Its app died: it times out while the creator beats on.
    svc.clock.advance(20_000)
    await call('anchor_heartbeat', alice, { roomID })
    svc.clock.advance(15_000)
    await call('anchor_heartbeat', alice, { roomID })
    expect((await call('get_anchors', bob, { roomID })).body.pushers?.map((p) => p.userID)).toEqual(['alice'])
    expect((await call('add_anchor', carol, { roomID })).body.code).toBe(ErrorCode.NOT_ADMITTED)
    expect((await svc.client.joinAsCoAnchor(alice, carol, { roomID })).body.code).toBe(0)
    expect((await call('get_anchors', bob, { roomID })).body.pushers?.map((p) => p.userID)).toEqual(['alice', 'carol'])
    // Counted once in the summary.
    expect((await call('get_room_summary', bob, { roomID })).body.coAnchors).toBe(1)
  })
})

describe('live summary', () => {
  it('counts peak and distinct viewers and co-anchors, and keeps them after the anchor ends the room', async () => {
    await start()
    const roomID = await goLive(alice)
    const t0 = svc.clock.now()
    await call('add_audience', bob, { roomID })
    await call('add_audience', carol, { roomID })
    await call('add_audience', bob, { roomID })
    await call('delete_audience', carol, { roomID })
    await call('add_audience', carol, { roomID })
    await call('delete_audience', bob, { roomID })
    for (let i = 0; i < 3; i++) {
      svc.clock.advance(30_000)
      await call('anchor_heartbeat', alice, { roomID })
    }
    const live = await call('get_room_summary', bob, { roomID })
    expect(live.body).toMatchObject({ live: true, endTime: null, endReason: null, duration: 90, peakViewers: 2, totalViewers: 2, coAnchors: 0 })
    expect(live.body.chatMessages).toBeNull()
    expect(live.body.likes).toBeNull()
    expect((await call('destroy_room', alice, { roomID })).body.code).toBe(0)
    svc.clock.advance(60_000)
    expect((await call('get_room_summary', carol, { roomID })).body).toEqual({
      code: 0,
      message: 'ok',
      roomID,
      roomName: 'alice的直播间',
      roomCreator: 'alice',
      startTime: t0,
      endTime: t0 + 90_000,
      duration: 90,
      live: false,
      endReason: 'anchor',
      peakViewers: 2,
      totalViewers: 2,
      coAnchors: 0,
      chatMessages: null,
      likes: null,
    })
    // Past the retention (SUMMARY_RETENTION_S) it is gone.
    svc.clock.advance(3600_000)
    const gone = await call('get_room_summary', alice, { roomID })
    expect(gone.status).toBe(404)
    expect(gone.body.code).toBe(ErrorCode.SUMMARY_NOT_FOUND)
  })

  it('records a timeout (the sweeper) as the end, at about the last sign of life, with the IM counts', async () => {
    await start({ counter: true })
    const roomID = await goLive(alice)
    const t0 = svc.clock.now()
    const createdAt = (await svc.store.getRoom(roomID))?.createdAt ?? 0
    counts = { roomCreatedAt: createdAt, messages: 12, likes: 40 }
    expect((await call('get_room_summary', bob, { roomID })).body).toMatchObject({ chatMessages: 12, likes: 40 })
    svc.clock.advance(60_000)
    await svc.rooms.sweep()
    counts = null
    const s = await call('get_room_summary', bob, { roomID })
    expect(s.body).toMatchObject({ live: false, endReason: 'timeout', endTime: t0 + 30_000, duration: 30, chatMessages: 12, likes: 40 })
    expect((await call('get_room_summary', bob, { roomID: 'nope' })).body.code).toBe(ErrorCode.SUMMARY_NOT_FOUND)
  })
})
