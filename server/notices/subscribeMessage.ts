// WeChat's subscribeMessage.send: POST {apiBase}/cgi-bin/message/subscribe/send?access_token=..
// with {touser, template_id, page, data, miniprogram_state, lang}; the reply's errcode says how it went.
import type { WechatConfig } from '../config.ts'
import { AccessTokens, STALE_TOKEN_ERRCODES } from '../textcheck/accessToken.ts'
import { Deadline, UpstreamError } from '../textcheck/upstream.ts'

export interface SubscribeMessage {
  touser: string
  template_id: string
  page: string
  data: Record<string, { value: string }>
  miniprogram_state: 'formal' | 'trial' | 'developer'
  lang: 'zh_CN'
}

/** errcode 0 is sent; an UpstreamError when WeChat gave no answer (timeout, unreachable, bad reply). */
export type SendOutcome = { errcode: number } | { error: UpstreamError }

export interface SubscribeMessageApi {
  send(message: SubscribeMessage): Promise<SendOutcome>
}

export class WechatSubscribeMessages implements SubscribeMessageApi {
  constructor(
    private readonly cfg: WechatConfig,
    private readonly tokens: AccessTokens,
    /** Everything one send may take, access_token included, ms. */
    private readonly timeoutMs: number,
  ) {}

  async send(message: SubscribeMessage): Promise<SendOutcome> {
    const deadline = new Deadline(this.timeoutMs)
    try {
      // A token WeChat calls stale is replaced once.
      for (let attempt = 0; ; attempt++) {
        const token = await this.tokens.get(deadline)
        const url = new URL(`${this.cfg.apiBase}/cgi-bin/message/subscribe/send`)
        url.searchParams.set('access_token', token)
        const body = await deadline.fetchJson(
          url,
          { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) },
          'subscribe/send',
        )
        const errcode = typeof body.errcode === 'number' ? body.errcode : 0
        if (STALE_TOKEN_ERRCODES.has(errcode) && attempt === 0) {
          this.tokens.invalidate(token)
          continue
        }
        return { errcode }
      }
    } catch (err) {
      if (err instanceof UpstreamError) return { error: err }
      throw err
    }
  }
}
