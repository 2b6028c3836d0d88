import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { createBroadcastStores } from '../store/broadcastStores.ts'
import { RedisRoomStore } from '../store/redis.ts'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { guardStore } from '../store/types.ts'
import { runBroadcastStoreContract } from './broadcastStoreContract.ts'
import { startRedis, tempDir, type RedisServer } from './helpers.ts'

let redis: RedisServer
let n = 0
const dirs: string[] = []
beforeAll(async () => {
  redis = await startRedis()
}, 20_000)
afterAll(async () => {
  await redis?.stop()
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

runBroadcastStoreContract('SQLite (avatars as files)', {
  async open() {
    const dir = tempDir()
    dirs.push(dir)
    const store = guardStore(new SqliteRoomStore(path.join(dir, 'rooms.sqlite')))
    return { stores: createBroadcastStores(store, 'x:', dir), close: () => store.close() }
  },
})

runBroadcastStoreContract('Redis', {
  async open() {
    const store = guardStore(new RedisRoomStore({ url: redis.url, prefix: `b${++n}:` }))
    return { stores: createBroadcastStores(store, `b${n}:`, '/nonexistent'), close: () => store.close() }
  },
})
