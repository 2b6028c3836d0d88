import path from 'node:path'
import type { Config } from '../config.ts'
import { RedisRoomStore } from './redis.ts'
import { SqliteRoomStore } from './sqlite.ts'
import { guardStore, type RoomStore } from './types.ts'

export const SQLITE_FILE_NAME = 'rooms.sqlite'

/** Redis when REDIS_URL is set, else the SQLite file under DATA_DIR. */
export function createStore(
  config: Pick<Config, 'redisUrl' | 'redisPrefix' | 'dataDir'> & Partial<Pick<Config, 'redisCommandTimeoutMs'>>,
): RoomStore {
  const store = config.redisUrl
    ? new RedisRoomStore({ url: config.redisUrl, prefix: config.redisPrefix, commandTimeoutMs: config.redisCommandTimeoutMs })
    : new SqliteRoomStore(path.join(config.dataDir, SQLITE_FILE_NAME))
  return guardStore(store)
}
