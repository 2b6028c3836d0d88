import path from 'node:path'
import type { Config } from '../config.ts'
import { SqliteRoomStore } from './sqlite.ts'
import { guardStore, type RoomStore } from './types.ts'

export const SQLITE_FILE_NAME = 'rooms.sqlite'

/**
 * Redis when REDIS_URL is set, else the SQLite file under DATA_DIR. The Redis client is loaded only
 * when it is used: a service on SQLite starts without it.
 */
export async function createStore(
  config: Pick<Config, 'redisUrl' | 'redisPrefix' | 'dataDir'> & Partial<Pick<Config, 'redisCommandTimeoutMs'>>,
): Promise<RoomStore> {
  if (!config.redisUrl) return guardStore(new SqliteRoomStore(path.join(config.dataDir, SQLITE_FILE_NAME)))
  const { RedisRoomStore } = await import('./redis.ts')
  return guardStore(new RedisRoomStore({ url: config.redisUrl, prefix: config.redisPrefix, commandTimeoutMs: config.redisCommandTimeoutMs }))
}
