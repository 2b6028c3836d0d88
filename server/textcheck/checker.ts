// The text checker the service uses: the word list first (the operator's own words always
// apply), then WeChat's msgSecCheck when it is configured. When WeChat gives no verdict (not
// configured, no openid for the user, slow, unreachable, rate limited, an error) the word list's
// verdict stands; the fallback is logged and counted. After WeChat was slow, unreachable or over
// quota, it is left alone for a while, so that every message does not wait for it again.
import type { FastifyBaseLogger } from 'fastify'
import { Counter } from 'prom-client'
import type { Clock } from '../clock.ts'
import type { TextCheckContext, TextChecker, TextVerdict } from './types.ts'
import type { UpstreamFailure } from './upstream.ts'
import type { WechatContentCheck } from './wechat.ts'
import type { WordList } from './wordlist.ts'

export type FallbackReason = 'not_configured' | 'no_openid' | 'cooling_down' | UpstreamFailure

/** Failures after which WeChat is left alone for `cooldownMs`. */
const COOLING: ReadonlySet<FallbackReason> = new Set(['timeout', 'unreachable', 'rate_limited'])

/** Counters for /metrics; not registered anywhere yet (the metrics plugin registers them). */
export function textCheckMetrics() {
  return {
    checks: new Counter({
      name: 'liveroom_text_checks_total',
      help: 'Texts checked, by who decided (wechat, wordlist) and the verdict (pass, block)',
      labelNames: ['source', 'verdict'] as const,
      registers: [],
    }),
    fallbacks: new Counter({
      name: 'liveroom_text_check_fallbacks_total',
      help: 'Texts the word list decided because WeChat gave no verdict, by reason',
      labelNames: ['reason'] as const,
      registers: [],
    }),
  }
}
export type TextCheckMetrics = ReturnType<typeof textCheckMetrics>

export interface LayeredTextCheckerOptions {
  words: WordList
  wechat?: WechatContentCheck
  clock: Clock
  log: FastifyBaseLogger
  metrics: TextCheckMetrics
  /** How long WeChat is left alone after it was slow, unreachable or over quota, ms. */
  cooldownMs: number
}

export class LayeredTextChecker implements TextChecker {
  private coolUntil = 0

  constructor(private readonly o: LayeredTextCheckerOptions) {}

  async check(text: string, context: TextCheckContext): Promise<TextVerdict> {
    const v = await this.decide(text, context)
    this.o.metrics.checks.inc({ source: v.source, verdict: v.verdict })
    return v
  }

  private async decide(text: string, context: TextCheckContext): Promise<TextVerdict> {
    const listed = this.o.words.check(text)
    if (listed.verdict === 'block') return listed
    if (!this.o.wechat) return this.fallback(listed, 'not_configured', context)
    if (this.o.clock.now() < this.coolUntil) return this.fallback(listed, 'cooling_down', context)
    const r = await this.o.wechat.check(text, context)
    if (r.ok) return r.verdict
    if (r.error === 'no_openid') return this.fallback(listed, 'no_openid', context)
    if (COOLING.has(r.error.failure)) this.coolUntil = this.o.clock.now() + this.o.cooldownMs
    return this.fallback(listed, r.error.failure, context, r.error.detail)
  }

  private fallback(listed: TextVerdict, reason: FallbackReason, context: TextCheckContext, detail?: string): TextVerdict {
    this.o.metrics.fallbacks.inc({ reason })
    // Expected ones (no WeChat, a user who did not log in with WeChat) would log every message.
    const quiet = reason === 'not_configured' || reason === 'no_openid' || reason === 'cooling_down'
    this.o.log[quiet ? 'debug' : 'warn']({ reason, detail, scene: context.scene }, 'text check: WeChat gave no verdict, the word list decided')
    return listed
  }
}
