import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisRoomStore } from '../store/redis.ts'
import { createStore } from '../store/index.ts'
import { guardStore, StoreError, type RoomStore } from '../store/types.ts'
import { runStoreContract } from './storeContract.ts'
import { startRedis, type RedisServer } from './helpers.ts'

let server: RedisServer
let n = 0
const prefixes = new WeakMap<RoomStore, string>()

beforeAll(async () => {
  server = await startRedis()
}, 20_000)
afterAll(async () => {
  await server?.stop()
})

runStoreContract('Redis', {
  async open() {
    const prefix = `t${++n}:`
    const store = guardStore(new RedisRoomStore({ url: server.url, prefix }))
    prefixes.set(store, prefix)
    return store
  },
  async reopen(store) {
    return guardStore(new RedisRoomStore({ url: server.url, prefix: prefixes.get(store) }))
  },
})

describe('Redis store specifics', () => {
  it('is chosen when REDIS_URL is set, and gives tokens a TTL matching their expiry', async () => {
    const store = await createStore({ redisUrl: server.url, redisPrefix: 'ttl:', dataDir: '/nonexistent' })
    expect(store.kind).toBe('redis')
    const now = Date.now()
    await store.saveToken({ tokenHash: 'h', userID: 'a', expiresAt: now + 60_000 }, now)
    const redis = store.redisClient()
    if (!redis) throw new Error('a Redis store has a Redis client')
    const ttl = await redis.pttl('ttl:token:h')
    expect(ttl).toBeGreaterThan(50_000)
    expect(ttl).toBeLessThanOrEqual(60_000)
    await store.close()
  })

  it('gives a room from before the audience index its index on the first listing', async () => {
    const store = new RedisRoomStore({ url: server.url, prefix: 'aud-index:' })
    await store.createRoom({ roomID: 'r', roomName: 'n', roomInfo: 'i', roomCreator: 'u', custom: '', createdAt: 1, requireAdmission: false })
    for (let i = 0; i < 5; i++) await store.addAudience('r', `v${i}`, `i${i}`, 10 + i)
    await store.redis.del('aud-index:room:r:aud_joined')
    expect((await store.listAudiences('r', 2))?.audiences.map((a) => a.userID)).toEqual(['v4', 'v3'])
    expect(await store.redis.zcard('aud-index:room:r:aud_joined')).toBe(5)
    await store.close()
  })

  it('keeps instances with different prefixes apart', async () => {
    const a = new RedisRoomStore({ url: server.url, prefix: 'iso-a:' })
    const b = new RedisRoomStore({ url: server.url, prefix: 'iso-b:' })
    await a.createRoom({ roomID: 'r', roomName: 'n', roomInfo: 'i', roomCreator: 'u', custom: '', createdAt: 1, requireAdmission: false })
    expect(await b.getRoom('r')).toBeNull()
    expect(await b.createRoom({ roomID: 'r', roomName: 'n', roomInfo: 'i', roomCreator: 'u', custom: '', createdAt: 1, requireAdmission: false })).toBe(true)
    await a.close()
    await b.close()
  })

  it('reports an unreachable server as StoreError instead of hanging', async () => {
    const store = guardStore(
      new RedisRoomStore({ url: 'redis://127.0.0.1:1', prefix: 'x:', redis: { maxRetriesPerRequest: 0, retryStrategy: () => null } }),
    )
    await expect(store.getRoom('r')).rejects.toBeInstanceOf(StoreError)
    await store.close()
  })
})
