// Moderation on the room store's Redis connection. Every structure is bounded: a room's kicks and
// an anchor's bans by their caps, message counts by a TTL. The room store deletes a room's kicks
// with the room (store/redis.ts).
//
// Keys (P = prefix):
//   P room:<id>:kicked     hash  userID -> kick ms
//   P bans:<anchor>        hash  userID -> JSON {reason, bannedAt}
//   P bans_time:<anchor>   zset  userID by ban ms (the list, newest first)
//   P msg_counts:<roomID>  hash  roomCreatedAt, messages, likes, updatedAt; PEXPIRE retention
import type { Redis } from 'ioredis'
import type { BanRecord, BanResult, KickResult, ModerationStore, RoomMessageCounts } from './moderation.ts'

// KEYS: room, kicked. ARGV: userID, now, max.
const KICK = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'no_room' end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 'ok' end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then return 'full' end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 'ok'
`

// KEYS: bans, bans_time. ARGV: userID, record JSON, now, max.
const BAN = `
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 and redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[4]) then return 'full' end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return 'ok'
`

// KEYS: counts. ARGV: roomCreatedAt, messages, likes, now, retention ms.
const COUNT_MESSAGES = `
if redis.call('HGET', KEYS[1], 'roomCreatedAt') ~= ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'roomCreatedAt', ARGV[1], 'messages', 0, 'likes', 0)
end
redis.call('HINCRBY', KEYS[1], 'messages', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'likes', ARGV[3])
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`

export class RedisModerationStore implements ModerationStore {
  readonly kind = 'redis'

  /** `redis` is the room store's connection, `prefix` its key prefix. */
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private bansKeys(anchor: string): [string, string] {
    return [`${this.prefix}bans:${anchor}`, `${this.prefix}bans_time:${anchor}`]
  }

  private kickedKey(roomID: string): string {
    return `${this.prefix}room:${roomID}:kicked`
  }

  async kick(roomID: string, userID: string, now: number, max: number): Promise<KickResult> {
    const res = await this.redis.eval(KICK, 2, `${this.prefix}room:${roomID}`, this.kickedKey(roomID), userID, now, max)
    return res as KickResult
  }

  async isKicked(roomID: string, userID: string): Promise<boolean> {
    return (await this.redis.hexists(this.kickedKey(roomID), userID)) === 1
  }

  async ban(anchor: string, userID: string, reason: string, now: number, max: number): Promise<BanResult> {
    const res = await this.redis.eval(BAN, 2, ...this.bansKeys(anchor), userID, JSON.stringify({ reason, bannedAt: now }), now, max)
    return res as BanResult
  }

  async unban(anchor: string, userID: string): Promise<boolean> {
    const [bans, byTime] = this.bansKeys(anchor)
    const res = await this.redis.multi().hdel(bans, userID).zrem(byTime, userID).exec()
    return res?.[0]?.[1] === 1
  }

  async isBanned(anchor: string, userID: string): Promise<boolean> {
    return (await this.redis.hexists(this.bansKeys(anchor)[0], userID)) === 1
  }

  async listBans(anchor: string, index: number, cnt: number): Promise<{ bans: BanRecord[]; total: number }> {
    const [bansKey, byTime] = this.bansKeys(anchor)
    const [userIDs, total] = await Promise.all([this.redis.zrevrange(byTime, index, index + cnt - 1), this.redis.hlen(bansKey)])
    if (userIDs.length === 0) return { bans: [], total }
    const raw = await this.redis.hmget(bansKey, ...userIDs)
    const bans: BanRecord[] = []
    userIDs.forEach((userID, i) => {
      const r = raw[i]
      // Lifted between the two reads: left out.
      if (r === null || r === undefined) return
      const v = JSON.parse(r) as { reason: string; bannedAt: number }
      bans.push({ userID, reason: v.reason, bannedAt: v.bannedAt })
    })
    return { bans, total }
  }

  async countMessages(
    roomID: string,
    roomCreatedAt: number,
    add: { messages: number; likes: number },
    now: number,
    retentionMs: number,
  ): Promise<void> {
    await this.redis.eval(COUNT_MESSAGES, 1, `${this.prefix}msg_counts:${roomID}`, roomCreatedAt, add.messages, add.likes, now, retentionMs)
  }

  async roomMessageCounts(roomID: string): Promise<RoomMessageCounts | null> {
    const h = await this.redis.hgetall(`${this.prefix}msg_counts:${roomID}`)
    if (h.roomCreatedAt === undefined) return null
    return {
      roomCreatedAt: Number(h.roomCreatedAt),
      messages: Number(h.messages ?? 0),
      likes: Number(h.likes ?? 0),
      updatedAt: Number(h.updatedAt ?? 0),
    }
  }
}
