// The openids of users who logged in with WeChat lately, by user ID: msgSecCheck v2 needs the
// writer's openid, and user IDs are a one-way hash of it. Kept in this instance's memory only
// (never stored or logged), for as long as WeChat accepts an openid (a visit within 2 hours),
// and at most `max` of them (the least recently logged in go first).
import type { Clock } from '../clock.ts'
import { userIdFromOpenid, type WechatLogin } from '../auth/wechat.ts'

const KEEP_MS = 2 * 3600_000

export class OpenidDirectory {
  private readonly byUser = new Map<string, { openid: string; until: number }>()

  constructor(
    private readonly clock: Clock,
    private readonly max = 100_000,
  ) {}

  remember(userID: string, openid: string): void {
    this.byUser.delete(userID)
    this.byUser.set(userID, { openid, until: this.clock.now() + KEEP_MS })
    if (this.byUser.size > this.max) {
      const oldest = this.byUser.keys().next()
      if (!oldest.done) this.byUser.delete(oldest.value)
    }
  }

  openidOf(userID: string): string | undefined {
    const e = this.byUser.get(userID)
    if (!e) return undefined
    if (e.until <= this.clock.now()) {
      this.byUser.delete(userID)
      return undefined
    }
    return e.openid
  }
}

/** `login`, remembering the openid of every user it logs in. */
export function rememberingOpenids(login: WechatLogin, directory: OpenidDirectory, userIdKey: string): WechatLogin {
  return {
    async code2session(code) {
      const res = await login.code2session(code)
      if (res.ok) directory.remember(userIdFromOpenid(userIdKey, res.openid), res.openid)
      return res
    },
  }
}
