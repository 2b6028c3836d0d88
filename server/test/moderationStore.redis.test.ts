import { afterAll, beforeAll } from 'vitest'
import { createModerationStore } from '../store/moderationStore.ts'
import { RedisRoomStore } from '../store/redis.ts'
import { guardStore } from '../store/types.ts'
import { startRedis, type RedisServer } from './helpers.ts'
import { runModerationStoreContract } from './moderationStoreContract.ts'

let server: RedisServer
let n = 0

beforeAll(async () => {
  server = await startRedis()
}, 20_000)
afterAll(async () => {
  await server?.stop()
})

runModerationStoreContract('Redis', {
  async open() {
    const prefix = `m${++n}:`
    const rooms = guardStore(new RedisRoomStore({ url: server.url, prefix }))
    return { rooms, moderation: createModerationStore(rooms, prefix) }
  },
})
