// Heartbeat expiry with an injected clock: lazy checks on read, and the sweeper.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { buildApp } from '../app.ts'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { FakeClock, startService, tempDir, testConfig, type Service, type Session } from './helpers.ts'

let svc: Service | undefined
afterEach(async () => {
  await svc?.close()
  svc = undefined
})

async function liveRoom(s: Service, anchor: Session): Promise<string> {
  const roomID = String((await s.client.call('create_room', anchor, { roomInfo: 'r' })).body.roomID)
  expect((await s.client.call('add_anchor', anchor, { roomID })).body.code).toBe(0)
  return roomID
}

describe('pusher and room expiry (ANCHOR_TIMEOUT_S = 30 by default)', () => {
  it('keeps a room alive while its creator sends heartbeats', async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    const viewer = await svc.client.session('viewer', svc.clock.now())
    const roomID = await liveRoom(svc, alice)
    for (let t = 0; t < 12; t++) {
      svc.clock.advance(7_000)
      expect((await svc.client.call('anchor_heartbeat', alice, { roomID })).body.code).toBe(0)
    }
    await svc.rooms.sweep()
    expect((await svc.client.call('get_room_list', viewer, {})).body.rooms?.map((r) => r.roomID)).toEqual([roomID])
  })

  it('removes a co-anchor whose heartbeats stop, seen at once by readers', async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    const bob = await svc.client.session('bob', svc.clock.now())
    const roomID = await liveRoom(svc, alice)
    await svc.client.joinAsCoAnchor(alice, bob, { roomID })

    svc.clock.advance(20_000)
    await svc.client.call('anchor_heartbeat', alice, { roomID })
    svc.clock.advance(9_999)
    expect((await svc.client.call('get_anchors', alice, { roomID })).body.pushers?.map((p) => p.userID)).toEqual(['alice', 'bob'])

    svc.clock.advance(2)
    expect((await svc.client.call('get_anchors', alice, { roomID })).body.pushers?.map((p) => p.userID)).toEqual(['alice'])
    // Bob learns he is out rather than being silently revived.
    expect((await svc.client.call('anchor_heartbeat', bob, { roomID })).body.code).toBe(ErrorCode.PUSHER_NOT_FOUND)
  })

  it('closes the room when its creator stops, for the list and for direct reads', async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    const bob = await svc.client.session('bob', svc.clock.now())
    const roomID = await liveRoom(svc, alice)
    await svc.client.joinAsCoAnchor(alice, bob, { roomID })
    for (let i = 0; i < 5; i++) {
      svc.clock.advance(7_000)
      await svc.client.call('anchor_heartbeat', bob, { roomID })
    }
    // 35 s without the creator: bob's heartbeats do not keep the room.
    expect((await svc.client.call('get_room_list', bob, {})).body.rooms).toEqual([])
    expect((await svc.client.call('get_anchors', bob, { roomID })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect((await svc.client.call('add_audience', bob, { roomID })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect((await svc.client.call('anchor_heartbeat', alice, { roomID })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
  })

  it('the sweeper deletes expired rooms and pushers from the store', async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    const bob = await svc.client.session('bob', svc.clock.now())
    const carol = await svc.client.session('carol', svc.clock.now())
    const gone = await liveRoom(svc, alice)
    const kept = await liveRoom(svc, bob)
    await svc.client.joinAsCoAnchor(bob, carol, { roomID: kept })
    svc.clock.advance(25_000)
    await svc.client.call('anchor_heartbeat', bob, { roomID: kept })
    svc.clock.advance(10_000)

    const res = await svc.rooms.sweep()
    expect(res.closedRooms).toEqual([gone])
    expect(res.removedPushers).toEqual([{ roomID: kept, userID: 'carol' }])
    expect(await svc.store.getRoom(gone)).toBeNull()
    expect((await svc.store.getRoom(kept))?.pushers.map((p) => p.userID)).toEqual(['bob'])
  })

  it('drops audience members silent for AUDIENCE_TIMEOUT_S (120 by default), keeps those who check in', async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    const [gone, stays] = [await svc.client.session('gone', svc.clock.now()), await svc.client.session('stays', svc.clock.now())]
    const roomID = await liveRoom(svc, alice)
    for (const v of [gone, stays]) await svc.client.call('add_audience', v, { roomID, userInfo: '{}' })
    for (let t = 0; t < 13; t++) {
      svc.clock.advance(10_000)
      await svc.client.call('anchor_heartbeat', alice, { roomID })
      await svc.client.call('add_audience', stays, { roomID, userInfo: '{}' })
    }
    expect((await svc.rooms.sweep()).removedAudience).toEqual([{ roomID, userID: 'gone' }])
    const { body } = await svc.client.call('get_audiences', alice, { roomID })
    expect(body.audiences?.map((a) => a.userID)).toEqual(['stays'])
    expect((await svc.client.call('get_room_list', alice, {})).body.rooms?.[0].audienceCount).toBe(1)
  })

  it('keeps silent audience members with AUDIENCE_TIMEOUT_S=0 (rooms watched by old MLVB apps)', async () => {
    svc = await startService({ env: { AUDIENCE_TIMEOUT_S: '0' } })
    const alice = await svc.client.session('alice', svc.clock.now())
    const viewer = await svc.client.session('viewer', svc.clock.now())
    const roomID = await liveRoom(svc, alice)
    await svc.client.call('add_audience', viewer, { roomID })
    for (let t = 0; t < 30; t++) {
      svc.clock.advance(10_000)
      await svc.client.call('anchor_heartbeat', alice, { roomID })
    }
    expect((await svc.rooms.sweep()).removedAudience).toEqual([])
    expect((await svc.client.call('get_audiences', alice, { roomID })).body.audienceCount).toBe(1)
  })

  it('honours ANCHOR_TIMEOUT_S', async () => {
    svc = await startService({ env: { ANCHOR_TIMEOUT_S: '10' } })
    const alice = await svc.client.session('alice', svc.clock.now())
    const roomID = await liveRoom(svc, alice)
    svc.clock.advance(9_000)
    expect((await svc.client.call('get_anchors', alice, { roomID })).body.code).toBe(0)
    svc.clock.advance(2_000)
    expect((await svc.client.call('get_anchors', alice, { roomID })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
  })

  it('runs the sweeper every SWEEP_INTERVAL_S once the app is ready, and stops it on close', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const dir = tempDir()
    const store = new SqliteRoomStore(path.join(dir, 'rooms.sqlite'))
    const clock = new FakeClock()
    const app = await buildApp({ config: testConfig({ SWEEP_INTERVAL_S: '5' }), store, clock, logger: false })
    try {
      await app.ready()
      await store.createRoom({ roomID: 'r', roomName: 'n', roomInfo: 'i', roomCreator: 'u', custom: '', createdAt: clock.now(), requireAdmission: false })
      clock.advance(31_000)
      vi.advanceTimersByTime(4_999)
      await new Promise((r) => setImmediate(r))
      expect(await store.getRoom('r')).not.toBeNull()
      vi.advanceTimersByTime(1)
      await vi.waitFor(async () => expect(await store.getRoom('r')).toBeNull())
      await app.close()
      expect(vi.getTimerCount()).toBe(0)
    } finally {
      vi.useRealTimers()
      await store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
