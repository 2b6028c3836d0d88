// Live-end summaries on Redis, each with a TTL (its `keepUntil`): bounded by the rooms that went
// live within the retention, and per room by a HyperLogLog (12 KB at most) and the co-anchors.
//
// Keys (P = prefix):
//   P summary:<id>          hash         roomName, roomCreator, roomCreatedAt, startedAt, endedAt, endReason,
//                                         peak, coAnchors, chatMessages, likes ('' for none)
//   P summary:<id>:viewers  HyperLogLog  audience user IDs (PFCOUNT: distinct viewers)
//   P summary:<id>:co       set          co-anchor user IDs
import type { Redis } from 'ioredis'
import type { LiveEndReason } from '@liveroom/protocol/roomService'
import type { MessageCounts, StoredSummary, SummaryStart, SummaryStore } from './summary.ts'

// KEYS: summary, viewers, co. ARGV: roomName, roomCreator, roomCreatedAt, startedAt, ttl ms
const START = `
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
redis.call('HSET', KEYS[1], 'roomName', ARGV[1], 'roomCreator', ARGV[2], 'roomCreatedAt', ARGV[3], 'startedAt', ARGV[4],
  'endedAt', '', 'endReason', '', 'peak', 0, 'coAnchors', 0, 'chatMessages', '', 'likes', '')
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`

// KEYS: summary, viewers. ARGV: userID, count. The HyperLogLog lives as long as its summary.
const VIEWER = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then return 0 end
if redis.call('PFADD', KEYS[2], ARGV[1]) == 1 and redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
if tonumber(redis.call('HGET', KEYS[1], 'peak')) < tonumber(ARGV[2]) then redis.call('HSET', KEYS[1], 'peak', ARGV[2]) end
return 1
`

// KEYS: summary, co. ARGV: userID
const CO_ANCHOR = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then return 0 end
if redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[1], 'coAnchors', 1)
  if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
end
return 1
`

// KEYS: summary, viewers, co. ARGV: endedAt, reason, chatMessages or '', likes or '', ttl ms
const END = `
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('HGET', KEYS[1], 'endedAt') ~= '' then return 0 end
redis.call('HSET', KEYS[1], 'endedAt', ARGV[1], 'endReason', ARGV[2], 'chatMessages', ARGV[3], 'likes', ARGV[4])
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
return 1
`

const orNull = (v: string | undefined): number | null => (v === undefined || v === '' ? null : Number(v))

export class RedisSummaryStore implements SummaryStore {
  readonly kind = 'redis'

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private keys(roomID: string): [string, string, string] {
    const s = `${this.prefix}summary:${roomID}`
    return [s, `${s}:viewers`, `${s}:co`]
  }

  async start(s: SummaryStart, now: number, keepUntil: number): Promise<void> {
    await this.redis.eval(START, 3, ...this.keys(s.roomID), s.roomName, s.roomCreator, s.roomCreatedAt, s.startedAt, Math.max(1, keepUntil - now))
  }

  async viewer(roomID: string, userID: string, count: number): Promise<void> {
    const [summary, viewers] = this.keys(roomID)
    await this.redis.eval(VIEWER, 2, summary, viewers, userID, count)
  }

  async coAnchor(roomID: string, userID: string): Promise<void> {
    const [summary, , co] = this.keys(roomID)
    await this.redis.eval(CO_ANCHOR, 2, summary, co, userID)
  }

  async end(roomID: string, endedAt: number, reason: LiveEndReason, counts: MessageCounts | null, now: number, keepUntil: number): Promise<void> {
    await this.redis.eval(END, 3, ...this.keys(roomID), endedAt, reason, counts?.messages ?? '', counts?.likes ?? '', Math.max(1, keepUntil - now))
  }

  async get(roomID: string): Promise<StoredSummary | null> {
    const [summary, viewers] = this.keys(roomID)
    const res = await this.redis.multi().hgetall(summary).pfcount(viewers).exec()
    if (!res) throw new Error('transaction aborted')
    for (const [err] of res) if (err) throw err
    const f = res[0][1] as Record<string, string>
    if (f.startedAt === undefined) return null
    return {
      roomID,
      roomName: f.roomName,
      roomCreator: f.roomCreator,
      roomCreatedAt: Number(f.roomCreatedAt),
      startedAt: Number(f.startedAt),
      endedAt: orNull(f.endedAt),
      endReason: f.endReason === '' ? null : (f.endReason as LiveEndReason),
      peakViewers: Number(f.peak),
      totalViewers: Number(res[1][1]),
      coAnchors: Number(f.coAnchors),
      chatMessages: orNull(f.chatMessages),
      likes: orNull(f.likes),
    }
  }

  /** Summaries expire by their TTL. */
  async sweep(): Promise<void> {}
}
