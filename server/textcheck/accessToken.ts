// WeChat's access_token (cgi-bin/token), kept until shortly before it expires and shared by
// concurrent callers; dropped when WeChat says it is invalid or expired.
import type { Clock } from '../clock.ts'
import type { WechatConfig } from '../config.ts'
import { Deadline, errcodeFailure, UpstreamError } from './upstream.ts'

/** A token is renewed this long before WeChat's stated expiry, ms. */
const RENEW_BEFORE_MS = 5 * 60_000
/** Errcodes that mean "this access_token is no good": invalid, expired, not the latest. */
export const STALE_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001])

export class AccessTokens {
  private cached: { token: string; renewAt: number } | undefined
  private pending: Promise<string> | undefined

  constructor(
    private readonly cfg: WechatConfig,
    private readonly clock: Clock,
    /** Deadline of one token request on its own, ms (callers wait at most their own deadline). */
    private readonly fetchTimeoutMs: number,
  ) {}

  async get(deadline: Deadline): Promise<string> {
    if (this.cached && this.clock.now() < this.cached.renewAt) return this.cached.token
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined
    })
    return deadline.race(this.pending, 'cgi-bin/token')
  }

  /** WeChat refused `token`: the next get() asks for a new one (unless one already replaced it). */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined
  }

  private async fetchToken(): Promise<string> {
    const url = new URL(`${this.cfg.apiBase}/cgi-bin/token`)
    url.searchParams.set('grant_type', 'client_credential')
    url.searchParams.set('appid', this.cfg.appId)
    url.searchParams.set('secret', this.cfg.secret)
    const body = await new Deadline(this.fetchTimeoutMs).fetchJson(url, { method: 'GET' }, 'cgi-bin/token')
    if (typeof body.errcode === 'number' && body.errcode !== 0) throw errcodeFailure(body.errcode, 'cgi-bin/token')
    const { access_token: token, expires_in: expiresIn } = body
    if (typeof token !== 'string' || token === '' || typeof expiresIn !== 'number') {
      throw new UpstreamError('bad_reply', 'cgi-bin/token answered no access_token')
    }
    this.cached = { token, renewAt: this.clock.now() + Math.max(0, expiresIn * 1000 - RENEW_BEFORE_MS) }
    return token
  }
}
