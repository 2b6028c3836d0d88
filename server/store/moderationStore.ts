// The moderation store beside the room store: on its Redis connection, or in its SQLite file.
import type { ModerationStore } from './moderation.ts'
import { RedisModerationStore } from './moderation.redis.ts'
import { SqliteModerationStore } from './moderation.sqlite.ts'
import { guardStore, type RoomStore } from './types.ts'

/** Failures surface as StoreError (503 STORE_ERROR), as the room store's do. */
export function createModerationStore(store: RoomStore, redisPrefix: string): ModerationStore {
  const redis = store.redisClient()
  if (redis) return guardStore(new RedisModerationStore(redis, redisPrefix))
  const db = store.sqliteDatabase()
  if (!db) throw new Error(`a ${store.kind} room store offers neither a Redis connection nor a SQLite database`)
  return guardStore(new SqliteModerationStore(db))
}
