// Room covers on Redis (several instances share them).
//
// Keys (P = prefix):
//   P covers   hash   roomID -> the cover's name in the cover image store
import type { Redis } from 'ioredis'
import type { CoverStore } from './cover.ts'

// HSET then the old value, atomically: two instances replacing one room's cover each learn what they replaced.
const SWAP = `local old = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return old`
// HGET then HDEL, atomically: the name goes to exactly one caller.
const TAKE = `local old = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
return old`

export class RedisCoverStore implements CoverStore {
  readonly kind = 'redis'
  private readonly key: string

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}covers`
  }

  async set(roomID: string, name: string): Promise<string | null> {
    return ((await this.redis.eval(SWAP, 1, this.key, roomID, name)) as string | null) ?? null
  }

  async get(roomIDs: readonly string[]): Promise<Map<string, string>> {
    if (roomIDs.length === 0) return new Map()
    const names = await this.redis.hmget(this.key, ...roomIDs)
    const out = new Map<string, string>()
    names.forEach((name, i) => name !== null && out.set(roomIDs[i], name))
    return out
  }

  async delete(roomID: string): Promise<string | null> {
    return ((await this.redis.eval(TAKE, 1, this.key, roomID)) as string | null) ?? null
  }

  async roomIDs(): Promise<string[]> {
    return this.redis.hkeys(this.key)
  }
}
