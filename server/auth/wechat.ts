// WeChat login: a `wx.login` code is exchanged for the user's openid at jscode2session.
import { createHmac } from 'node:crypto'
import type { WechatConfig } from '../config.ts'

export type Code2SessionResult =
  | { ok: true; openid: string }
  | { ok: false; kind: 'rejected'; errcode: number; errmsg: string }
  | { ok: false; kind: 'unavailable'; reason: string }

export interface WechatLogin {
  code2session(code: string): Promise<Code2SessionResult>
}

/**
 * The user ID of an openid: a keyed hash, so the openid (a stable identifier WeChat asks
 * developers to keep private) never appears in room lists or stream names.
 */
export function userIdFromOpenid(key: string, openid: string): string {
  return `wx_${createHmac('sha256', key).update(openid).digest('hex').slice(0, 24)}`
}

/** WeChat errcodes that say "try again later", not "this code is bad": busy, rate limited. */
const TRANSIENT_ERRCODES: ReadonlySet<number> = new Set([-1, 45011])

export class WechatApi implements WechatLogin {
  constructor(
    private readonly cfg: WechatConfig,
    private readonly timeoutMs = 5000,
  ) {}

  async code2session(code: string): Promise<Code2SessionResult> {
    // apiBase may carry a path (a proxy in front of WeChat): the endpoint goes after it.
    const url = new URL(`${this.cfg.apiBase}/sns/jscode2session`)
    url.searchParams.set('appid', this.cfg.appId)
    url.searchParams.set('secret', this.cfg.secret)
    url.searchParams.set('js_code', code)
    url.searchParams.set('grant_type', 'authorization_code')
    let body: unknown
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) })
      if (!res.ok) return { ok: false, kind: 'unavailable', reason: `jscode2session HTTP ${res.status}` }
      body = await res.json()
    } catch (err) {
      const name = err instanceof Error ? err.name : 'error'
      return { ok: false, kind: 'unavailable', reason: `jscode2session failed (${name})` }
    }
    if (typeof body !== 'object' || body === null) {
      return { ok: false, kind: 'unavailable', reason: 'jscode2session returned no object' }
    }
    const b = body as { openid?: unknown; errcode?: unknown; errmsg?: unknown }
    if (typeof b.errcode === 'number' && TRANSIENT_ERRCODES.has(b.errcode)) {
      return { ok: false, kind: 'unavailable', reason: `jscode2session busy (errcode ${b.errcode})` }
    }
    if (typeof b.errcode === 'number' && b.errcode !== 0) {
      return { ok: false, kind: 'rejected', errcode: b.errcode, errmsg: typeof b.errmsg === 'string' ? b.errmsg : '' }
    }
    if (typeof b.openid !== 'string' || b.openid === '') {
      return { ok: false, kind: 'unavailable', reason: 'jscode2session returned no openid' }
    }
    return { ok: true, openid: b.openid }
  }
}
