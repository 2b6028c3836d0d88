// The stores of live summaries, profiles (and avatar images) and live notices, beside the room
// store: on its Redis connection, or in its SQLite file (avatars and room covers as files under
// DATA_DIR/avatars and DATA_DIR/covers).
import path from 'node:path'
import { FileAvatarStore } from './avatarFiles.ts'
import type { CoverStore } from './cover.ts'
import { RedisCoverStore } from './cover.redis.ts'
import { SqliteCoverStore } from './cover.sqlite.ts'
import type { LiveNoticeStore } from './liveNotice.ts'
import { RedisLiveNoticeStore } from './liveNotice.redis.ts'
import { SqliteLiveNoticeStore } from './liveNotice.sqlite.ts'
import type { AvatarStore, ProfileStore } from './profile.ts'
import { RedisAvatarStore, RedisProfileStore } from './profile.redis.ts'
import { SqliteProfileStore } from './profile.sqlite.ts'
import type { SummaryStore } from './summary.ts'
import { RedisSummaryStore } from './summary.redis.ts'
import { SqliteSummaryStore } from './summary.sqlite.ts'
import { guardStore, type RoomStore } from './types.ts'

export interface BroadcastStores {
  summaries: SummaryStore
  profiles: ProfileStore
  avatars: AvatarStore
  notices: LiveNoticeStore
  /** Which cover each room shows, and the cover images themselves. */
  covers: CoverStore
  coverImages: AvatarStore
}

/** Failures surface as StoreError (503 STORE_ERROR), as the room store's do. */
export function createBroadcastStores(store: RoomStore, redisPrefix: string, dataDir: string): BroadcastStores {
  const redis = store.redisClient()
  if (redis) {
    return {
      summaries: guardStore(new RedisSummaryStore(redis, redisPrefix)),
      profiles: guardStore(new RedisProfileStore(redis, redisPrefix)),
      avatars: guardStore(new RedisAvatarStore(redis, redisPrefix)),
      notices: guardStore(new RedisLiveNoticeStore(redis, redisPrefix)),
      covers: guardStore(new RedisCoverStore(redis, redisPrefix)),
      coverImages: guardStore(new RedisAvatarStore(redis, redisPrefix, 'cover')),
    }
  }
  const db = store.sqliteDatabase()
  if (!db) throw new Error(`a ${store.kind} room store offers neither a Redis connection nor a SQLite database`)
  return {
    summaries: guardStore(new SqliteSummaryStore(db)),
    profiles: guardStore(new SqliteProfileStore(db)),
    avatars: guardStore(new FileAvatarStore(path.join(dataDir, 'avatars'))),
    notices: guardStore(new SqliteLiveNoticeStore(db)),
    covers: guardStore(new SqliteCoverStore(db)),
    coverImages: guardStore(new FileAvatarStore(path.join(dataDir, 'covers'))),
  }
}
