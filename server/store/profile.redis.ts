// Profiles and avatar images on Redis (several instances share them).
//
// Keys (P = prefix):
//   P profiles        hash    userID -> JSON {nickName, avatar, updatedAt}
//   P avatar:<name>   string  the image bytes (at most AVATAR_MAX_BYTES each)
//   P cover:<name>    string  a room cover's bytes (at most COVER_MAX_BYTES each)
import type { Redis } from 'ioredis'
import type { AvatarStore, ProfileStore, StoredProfile } from './profile.ts'

export class RedisProfileStore implements ProfileStore {
  readonly kind = 'redis'

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async set(p: StoredProfile): Promise<void> {
    await this.redis.hset(`${this.prefix}profiles`, p.userID, JSON.stringify({ nickName: p.nickName, avatar: p.avatar, updatedAt: p.updatedAt }))
  }

  async get(userIDs: readonly string[]): Promise<StoredProfile[]> {
    if (userIDs.length === 0) return []
    const values = await this.redis.hmget(`${this.prefix}profiles`, ...userIDs)
    const out: StoredProfile[] = []
    values.forEach((v, i) => {
      if (v === null) return
      const p = JSON.parse(v) as Omit<StoredProfile, 'userID'>
      out.push({ userID: userIDs[i], nickName: p.nickName, avatar: p.avatar, updatedAt: p.updatedAt })
    })
    return out
  }
}

/** Images under `P <kind>:<name>` (`avatar`, `cover`). */
export class RedisAvatarStore implements AvatarStore {
  readonly kind = 'redis'

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly imageKind: 'avatar' | 'cover' = 'avatar',
  ) {}

  private key(name: string): string {
    return `${this.prefix}${this.imageKind}:${name}`
  }

  async put(name: string, bytes: Buffer): Promise<void> {
    await this.redis.set(this.key(name), bytes, 'NX')
  }

  async get(name: string): Promise<Buffer | null> {
    return this.redis.getBuffer(this.key(name))
  }

  async has(name: string): Promise<boolean> {
    return (await this.redis.exists(this.key(name))) === 1
  }

  async delete(name: string): Promise<void> {
    await this.redis.del(this.key(name))
  }
}
