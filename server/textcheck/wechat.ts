// WeChat content security, msgSecCheck v2: POST {apiBase}/wxa/msg_sec_check?access_token=..
// with {content, version: 2, scene, openid}; the reply's result.suggest is risky, review or pass,
// and result.label says what kind of content it found.
import type { WechatConfig } from '../config.ts'
import { AccessTokens, STALE_TOKEN_ERRCODES } from './accessToken.ts'
import type { TextCheckContext, TextScene, TextVerdict } from './types.ts'
import { Deadline, errcodeFailure, UpstreamError } from './upstream.ts'

const SCENES: Readonly<Record<TextScene, number>> = { profile: 1, comment: 2, forum: 3, social: 4 }

/** result.label values, named for logs. */
const LABELS: Readonly<Record<number, string>> = {
  100: 'normal',
  10001: 'ad',
  20001: 'politics',
  20002: 'porn',
  20003: 'abuse',
  20006: 'crime',
  20008: 'fraud',
  20012: 'vulgar',
  20013: 'copyright',
  21000: 'other',
}

export interface WechatContentCheckOptions {
  /** The app's one access_token cache: each fetch of a new token revokes the one before it. */
  tokens: AccessTokens
  /** Everything one check may take, access_token included, ms. */
  timeoutMs: number
  /** The WeChat openid of a user ID (msgSecCheck v2 needs it), when known. */
  openidOf: (userID: string) => string | undefined
}

/** A verdict, or why WeChat gave none. */
export type WechatCheckResult = { ok: true; verdict: TextVerdict } | { ok: false; error: UpstreamError | 'no_openid' }

export class WechatContentCheck {
  private readonly tokens: AccessTokens

  constructor(
    private readonly cfg: WechatConfig,
    private readonly o: WechatContentCheckOptions,
  ) {
    this.tokens = o.tokens
  }

  async check(text: string, context: TextCheckContext): Promise<WechatCheckResult> {
    const openid = this.o.openidOf(context.userID)
    if (openid === undefined) return { ok: false, error: 'no_openid' }
    const deadline = new Deadline(this.o.timeoutMs)
    try {
      // A token WeChat calls stale (revoked by a token fetched elsewhere, or expired early) is
      // replaced once.
      for (let attempt = 0; ; attempt++) {
        const token = await this.tokens.get(deadline)
        const body = await this.request(deadline, token, { content: text, version: 2, scene: SCENES[context.scene], openid })
        if (typeof body.errcode === 'number' && STALE_TOKEN_ERRCODES.has(body.errcode) && attempt === 0) {
          this.tokens.invalidate(token)
          continue
        }
        return { ok: true, verdict: verdictOf(body) }
      }
    } catch (err) {
      if (err instanceof UpstreamError) return { ok: false, error: err }
      throw err
    }
  }

  private request(deadline: Deadline, token: string, payload: object): Promise<Record<string, unknown>> {
    const url = new URL(`${this.cfg.apiBase}/wxa/msg_sec_check`)
    url.searchParams.set('access_token', token)
    return deadline.fetchJson(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) },
      'msg_sec_check',
    )
  }
}

function verdictOf(body: Record<string, unknown>): TextVerdict {
  if (typeof body.errcode === 'number' && body.errcode !== 0) throw errcodeFailure(body.errcode, 'msg_sec_check')
  const result = body.result
  if (typeof result !== 'object' || result === null) throw new UpstreamError('bad_reply', 'msg_sec_check answered no result')
  const { suggest, label } = result as { suggest?: unknown; label?: unknown }
  const name = typeof label === 'number' ? (LABELS[label] ?? `label_${label}`) : 'unlabelled'
  // `review` (WeChat is unsure) passes: a person would have to look, and chat cannot wait.
  if (suggest === 'risky') return { verdict: 'block', reason: name, source: 'wechat' }
  if (suggest === 'pass' || suggest === 'review') return { verdict: 'pass', reason: suggest === 'pass' ? 'ok' : `review_${name}`, source: 'wechat' }
  throw new UpstreamError('bad_reply', 'msg_sec_check answered no suggest')
}
