// Live-notice subscriptions and WeChat openids on Redis.
//
// Keys (P = prefix):
//   P wx_openid:<userID>     string  openid, with the login's TTL
//   P live_subs:<anchor>     hash    viewer userID -> openid
import type { Redis } from 'ioredis'
import type { LiveNoticeStore, LiveSubscription } from './liveNotice.ts'

// KEYS: subs. ARGV: limit. {viewer, openid, ...}, removed.
const TAKE = `
local picked = redis.call('HRANDFIELD', KEYS[1], tonumber(ARGV[1]), 'WITHVALUES')
for i = 1, #picked, 2 do redis.call('HDEL', KEYS[1], picked[i]) end
return picked
`

// KEYS: openid. ARGV: openid, ttl ms. A shorter login does not cut a longer one's TTL.
const SAVE_OPENID = `
local ttl = math.max(tonumber(ARGV[2]), redis.call('PTTL', KEYS[1]))
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
return 1
`

export class RedisLiveNoticeStore implements LiveNoticeStore {
  readonly kind = 'redis'

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private subs(anchorUserID: string): string {
    return `${this.prefix}live_subs:${anchorUserID}`
  }

  async saveOpenid(userID: string, openid: string, expiresAt: number, now: number): Promise<void> {
    await this.redis.eval(SAVE_OPENID, 1, `${this.prefix}wx_openid:${userID}`, openid, Math.max(1, expiresAt - now))
  }

  async openidOf(userID: string): Promise<string | null> {
    return this.redis.get(`${this.prefix}wx_openid:${userID}`)
  }

  async subscribe(s: LiveSubscription): Promise<void> {
    await this.redis.hset(this.subs(s.anchorUserID), s.viewerUserID, s.openid)
  }

  async unsubscribe(anchorUserID: string, viewerUserID: string): Promise<boolean> {
    return (await this.redis.hdel(this.subs(anchorUserID), viewerUserID)) === 1
  }

  async take(anchorUserID: string, limit: number): Promise<LiveSubscription[]> {
    const picked = (await this.redis.eval(TAKE, 1, this.subs(anchorUserID), limit)) as string[]
    const out: LiveSubscription[] = []
    for (let i = 0; i < picked.length; i += 2) out.push({ anchorUserID, viewerUserID: picked[i], openid: picked[i + 1] })
    return out
  }
}
