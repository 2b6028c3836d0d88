// The room service on each store, for tests that run once per store: SQLite in a temp directory,
// and Redis under a fresh key prefix of one redis-server started for the test file. Services are
// closed (and their Redis stores) after each test.
import { afterAll, afterEach, beforeAll } from 'vitest'
import { RedisRoomStore } from '../store/redis.ts'
import { guardStore, type RoomStore } from '../store/types.ts'
import { startRedis, startService, type RedisServer, type Service } from './helpers.ts'

export const STORE_KINDS = ['sqlite', 'redis'] as const
export type StoreKind = (typeof STORE_KINDS)[number]

/** Registers the file's hooks; returns how a test starts the service on a store, with `env`. */
export function serviceOnEachStore(keyPrefix: string): (kind: StoreKind, env?: Record<string, string>) => Promise<Service> {
  let redis: RedisServer | undefined
  let prefixes = 0
  const running: Array<{ svc: Service; store?: RoomStore }> = []
  beforeAll(async () => {
    redis = await startRedis()
  }, 20_000)
  afterAll(async () => {
    await redis?.stop()
  })
  afterEach(async () => {
    for (const { svc, store } of running.splice(0)) {
      await svc.close()
      await store?.close()
    }
  })

  return async (kind, env = {}) => {
    if (kind === 'sqlite') {
      const svc = await startService({ env })
      running.push({ svc })
      return svc
    }
    if (!redis) throw new Error('redis-server did not start')
    const prefix = `${keyPrefix}${++prefixes}:`
    const store = guardStore(new RedisRoomStore({ url: redis.url, prefix }))
    const svc = await startService({ env: { REDIS_URL: redis.url, REDIS_PREFIX: prefix, ...env }, store })
    running.push({ svc, store })
    return svc
  }
}
