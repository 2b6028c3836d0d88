// The anchor in the background: set_anchor_away leases the creator's heartbeat up to the away
// limit, get_anchors tells the audience, and a room whose anchor never came back ends as
// `anchor_away`. Both stores, on an injected clock.
import { describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { WAITING_IMAGE_PATH } from '@liveroom/protocol/roomService'
import { STORE_KINDS, serviceOnEachStore } from './eachStore.ts'
import type { Service, Session } from './helpers.ts'

const startOn = serviceOnEachStore('away')
let svc: Service

describe.each(STORE_KINDS)('set_anchor_away (%s store)', (kind) => {
  let alice: Session
  let viewer: Session

  async function start(env: Record<string, string> = {}): Promise<string> {
    svc = await startOn(kind, { ANCHOR_TIMEOUT_S: '30', SUMMARY_RETENTION_S: '3600', ...env })
    alice = await svc.client.session('alice', svc.clock.now())
    viewer = await svc.client.session('viewer', svc.clock.now())
    const roomID = String((await svc.client.call('create_room', alice, { roomInfo: 'r' })).body.roomID)
    expect((await svc.client.call('add_anchor', alice, { roomID })).body.code).toBe(0)
    expect((await svc.client.call('add_audience', viewer, { roomID })).body.code).toBe(0)
    return roomID
  }
  const away = (roomID: string, value: boolean, who = alice) => svc.client.call('set_anchor_away', who, { roomID, away: value })
  const anchorAway = async (roomID: string) => (await svc.client.call('get_anchors', viewer, { roomID })).body.anchorAway
  /** Moves the clock and runs the sweeper, as the running service does every few seconds. */
  async function later(ms: number): Promise<void> {
    svc.clock.advance(ms)
    await svc.rooms.sweep()
  }

  it('keeps the room up to the away limit, says so in get_anchors, then ends it as anchor_away', async () => {
    const roomID = await start()
    expect(await anchorAway(roomID)).toBe(false)
    const since = svc.clock.now()
    expect((await away(roomID, true)).body).toEqual({ code: 0, message: 'ok', awayUntil: since + 180_000 })
    expect(await anchorAway(roomID)).toBe(true)

    await later(179_000) // far past ANCHOR_TIMEOUT_S without a heartbeat
    expect(await anchorAway(roomID)).toBe(true)
    expect((await svc.client.call('get_room_list', viewer, {})).body.rooms?.map((r) => r.roomID)).toEqual([roomID])
    expect((await svc.client.call('get_my_live_room', alice, {})).body.room?.secondsLeft).toBe(1)

    await later(2_000)
    expect((await svc.client.call('add_audience', viewer, { roomID })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    const summary = (await svc.client.call('get_room_summary', viewer, { roomID })).body
    expect(summary).toMatchObject({ live: false, endReason: 'anchor_away', endTime: since + 181_000 })
  })

  it('a heartbeat on return clears it: the usual timeout applies again, and ends the room as timeout', async () => {
    const roomID = await start()
    await away(roomID, true)
    await later(100_000)
    expect((await svc.client.call('anchor_heartbeat', alice, { roomID })).body.code).toBe(0)
    expect(await anchorAway(roomID)).toBe(false)
    await later(29_000)
    expect(await anchorAway(roomID)).toBe(false)
    await later(2_000)
    expect((await svc.client.call('get_anchors', viewer, { roomID })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect((await svc.client.call('get_room_summary', viewer, { roomID })).body.endReason).toBe('timeout')
  })

  it('away=false clears it; a second away keeps the first one\'s limit', async () => {
    const roomID = await start({ ANCHOR_AWAY_LIMIT_S: '60' })
    const since = svc.clock.now()
    expect((await away(roomID, true)).body.awayUntil).toBe(since + 60_000)
    await later(20_000)
    expect((await away(roomID, true)).body.awayUntil).toBe(since + 60_000)
    expect((await away(roomID, false)).body).toEqual({ code: 0, message: 'ok', awayUntil: null })
    expect(await anchorAway(roomID)).toBe(false)
    expect((await away(roomID, false)).body.awayUntil).toBeNull()
    await later(31_000)
    expect((await svc.client.call('get_anchors', viewer, { roomID })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
  })

  it('is for the room\'s creator only, with a checked body', async () => {
    const roomID = await start()
    expect((await away(roomID, true, viewer)).body.code).toBe(ErrorCode.NOT_ROOM_CREATOR)
    expect((await svc.client.call('set_anchor_away', alice, { roomID, away: 'yes' })).body.code).toBe(ErrorCode.BAD_REQUEST)
    expect((await svc.client.call('set_anchor_away', alice, { roomID })).body.code).toBe(ErrorCode.BAD_REQUEST)
    expect((await away('no_such_room', true)).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect(await anchorAway(roomID)).toBe(false)
  })
})

describe('the default waiting image', () => {
  it('is served without a login at WAITING_IMAGE_PATH, as a PNG', async () => {
    svc = await startOn('sqlite')
    const res = await fetch(svc.client.baseUrl + WAITING_IMAGE_PATH)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(1, 4).toString()).toBe('PNG')
    expect(bytes.length).toBeGreaterThan(1000)
  })
})
