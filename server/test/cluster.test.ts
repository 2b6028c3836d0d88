// Two instances behind a (notional) load balancer sharing one real redis-server.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { RedisRoomStore } from '../store/redis.ts'
import { guardStore, type RoomStore } from '../store/types.ts'
import { FakeClock, startFakeServer, startRedis, startService, type RedisServer, type Service, type Session } from './helpers.ts'

let redis: RedisServer
let n = 0
beforeAll(async () => {
  redis = await startRedis()
}, 20_000)
afterAll(async () => {
  await redis?.stop()
})

let a: Service
let b: Service
let stores: RoomStore[]
let clock: FakeClock

async function twoInstances(env: Record<string, string> = {}): Promise<void> {
  const prefix = `cluster${++n}:`
  clock = new FakeClock()
  stores = [0, 1].map(() => guardStore(new RedisRoomStore({ url: redis.url, prefix })))
  const fullEnv = { REDIS_URL: redis.url, REDIS_PREFIX: prefix, MAX_PUSHERS: '4', ...env }
  a = await startService({ env: fullEnv, store: stores[0], clock })
  b = await startService({ env: fullEnv, store: stores[1], clock })
}

afterEach(async () => {
  await a?.close()
  await b?.close()
  for (const s of stores ?? []) await s.close()
})

describe('several instances on one Redis', () => {
  beforeEach(async () => {
    await twoInstances()
  })

  it('a token issued by one instance works on the other, and logout on one revokes it on both', async () => {
    const alice = await a.client.session('alice', clock.now())
    expect((await b.client.call('get_room_list', alice, {})).body.code).toBe(0)
    expect((await b.client.call('logout', alice, {})).body.code).toBe(0)
    expect((await a.client.call('get_room_list', alice, {})).body.code).toBe(ErrorCode.TOKEN_INVALID)
  })

  it('a room created through one instance is listed, joined and destroyed through the other', async () => {
    const alice = await a.client.session('alice', clock.now())
    const bob = await b.client.session('bob', clock.now())
    const roomID = String((await a.client.call('create_room', alice, { roomInfo: 'r', roomID: 'shared' })).body.roomID)
    expect((await b.client.call('create_room', bob, { roomInfo: 'r', roomID: 'shared' })).body.code).toBe(ErrorCode.ROOM_ID_TAKEN)
    await b.client.call('add_anchor', alice, { roomID })
    await a.client.joinAsCoAnchor(alice, bob, { roomID })
    expect((await b.client.call('get_room_list', bob, {})).body.rooms?.map((r) => [r.roomID, r.pushers.length])).toEqual([[roomID, 2]])
    expect((await a.client.call('destroy_room', bob, { roomID })).body.code).toBe(ErrorCode.NOT_ROOM_CREATOR)
    expect((await b.client.call('destroy_room', alice, { roomID })).body.code).toBe(0)
    // An instance serves its own reads for up to a second: another instance's write shows after that.
    clock.advance(1000)
    expect((await a.client.call('get_anchors', bob, { roomID })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
  })

  it('audience counts stay exact when joins and leaves race across instances', async () => {
    const alice = await a.client.session('alice', clock.now())
    const roomID = String((await a.client.call('create_room', alice, { roomInfo: 'r' })).body.roomID)
    await a.client.call('add_anchor', alice, { roomID })
    const viewers: Session[] = []
    for (let i = 0; i < 20; i++) viewers.push(await (i % 2 ? a : b).client.session(`v${i}`, clock.now()))

    await Promise.all(
      viewers.flatMap((v, i) => [
        a.client.call('add_audience', v, { roomID }),
        b.client.call('add_audience', v, { roomID }),
        (i % 2 ? a : b).client.call('add_audience', v, { roomID }),
      ]),
    )
    expect((await a.client.call('get_audiences', alice, { roomID })).body.audienceCount).toBe(20)

    await Promise.all(
      viewers.slice(0, 8).flatMap((v) => [a.client.call('delete_audience', v, { roomID }), b.client.call('delete_audience', v, { roomID })]),
    )
    const after = await b.client.call('get_audiences', alice, { roomID })
    expect(after.body.audienceCount).toBe(12)
    expect(after.body.audiences?.map((x) => x.userID).sort()).toEqual(viewers.slice(8).map((v) => v.userID).sort())
  })

  it('co-anchor seats are never oversold when joins race across instances', async () => {
    const alice = await a.client.session('alice', clock.now())
    const roomID = String((await a.client.call('create_room', alice, { roomInfo: 'r' })).body.roomID)
    await a.client.call('add_anchor', alice, { roomID })
    const users: Session[] = []
    for (let i = 0; i < 10; i++) users.push(await a.client.session(`c${i}`, clock.now()))
    for (const u of users) await a.client.call('admit_anchor', alice, { roomID, userID: u.userID })
    const replies = await Promise.all(users.map((u, i) => (i % 2 ? a : b).client.call('add_anchor', u, { roomID })))
    expect(replies.filter((r) => r.body.code === 0)).toHaveLength(3)
    expect(replies.filter((r) => r.body.code === ErrorCode.ROOM_FULL)).toHaveLength(7)
    expect((await b.client.call('get_anchors', alice, { roomID })).body.pushers).toHaveLength(4)
  })

  it('heartbeats through one instance keep the room alive for readers on the other; silence closes it', async () => {
    const alice = await a.client.session('alice', clock.now())
    const roomID = String((await a.client.call('create_room', alice, { roomInfo: 'r' })).body.roomID)
    await a.client.call('add_anchor', alice, { roomID })
    for (let i = 0; i < 6; i++) {
      clock.advance(7_000)
      expect((await (i % 2 ? a : b).client.call('anchor_heartbeat', alice, { roomID })).body.code).toBe(0)
    }
    expect((await b.client.call('get_room_list', alice, {})).body.rooms?.map((r) => r.roomID)).toEqual([roomID])
    clock.advance(31_000)
    expect((await a.client.call('get_room_list', alice, {})).body.rooms).toEqual([])
    const swept = await b.rooms.sweep()
    expect(swept.closedRooms).toEqual([roomID])
    expect(await stores[0].getRoom(roomID)).toBeNull()
  })

  it('reports the Redis store on /healthz', async () => {
    const res = await fetch(`${a.client.baseUrl}/healthz`)
    expect(await res.json()).toEqual({ code: 0, message: 'ok', store: 'redis' })
  })
})

describe('Redis down', () => {
  it('refuses logins with STORE_ERROR before WeChat is asked, rather than logging in unlimited', async () => {
    const wechat = await startFakeServer(() => ({ body: { openid: 'o', session_key: 'k' } }))
    const dead = guardStore(new RedisRoomStore({ url: 'redis://127.0.0.1:1', prefix: 'x:', redis: { maxRetriesPerRequest: 0, retryStrategy: () => null } }))
    const svc = await startService({
      env: { REDIS_URL: 'redis://127.0.0.1:1', WX_APPID: 'wxa', WX_SECRET: 'wxsecretvalue', WX_API_BASE: wechat.url },
      store: dead,
    })
    try {
      const r = await svc.client.post('/weapp/utils/get_login_info', { code: 'c' })
      expect(r.status).toBe(503)
      expect(r.body.code).toBe(ErrorCode.STORE_ERROR)
      expect(wechat.requests).toHaveLength(0)
    } finally {
      await svc.close()
      await dead.close()
      await wechat.close()
    }
  })
})

describe('Redis frozen (it stops answering without going down)', () => {
  it('answers calls and /healthz with 503 within their deadlines, and serves again when Redis does', async () => {
    const frozen = await startRedis()
    const store = guardStore(new RedisRoomStore({ url: frozen.url, prefix: 'frozen:', commandTimeoutMs: 300 }))
    const svc = await startService({ env: { REDIS_URL: frozen.url }, store })
    try {
      const alice = await svc.client.session('alice', svc.clock.now())
      expect((await svc.client.call('get_room_list', alice, {})).status).toBe(200)
      process.kill(frozen.pid, 'SIGSTOP')
      // Past the second for which the list just read is served again without the store.
      svc.clock.advance(1000)
      let started = Date.now()
      const r = await svc.client.call('get_room_list', alice, {})
      expect(r.status).toBe(503)
      expect(r.body.code).toBe(ErrorCode.STORE_ERROR)
      expect(Date.now() - started).toBeLessThan(3_000)
      started = Date.now()
      const health = await fetch(`${svc.client.baseUrl}/healthz`)
      expect(health.status).toBe(503)
      expect(Date.now() - started).toBeLessThan(3_000)
      process.kill(frozen.pid, 'SIGCONT')
      await vi.waitFor(async () => expect((await svc.client.call('get_room_list', alice, {})).status).toBe(200), { timeout: 10_000, interval: 200 })
    } finally {
      process.kill(frozen.pid, 'SIGCONT')
      await svc.close()
      await store.close()
      await frozen.stop()
    }
  }, 30_000)
})

describe('rate limit shared through Redis', () => {
  it('counts one user across instances', async () => {
    await twoInstances({ RATE_LIMIT_MAX: '6' })
    const alice = await a.client.session('alice', clock.now())
    const codes: number[] = []
    for (let i = 0; i < 7; i++) codes.push((await (i % 2 ? a : b).client.call('get_room_list', alice, {})).status)
    expect(codes).toEqual([200, 200, 200, 200, 200, 200, 429])
  })
})
