// Text checks: the word list's normal form, and WeChat's msgSecCheck v2 (a fake WeChat) with its
// access_token, its deadline and the word list taking over when WeChat gives no verdict.
import { afterEach, describe, expect, it } from 'vitest'
import pino from 'pino'
import { Registry } from 'prom-client'
import { AccessTokens } from '../textcheck/accessToken.ts'
import { LayeredTextChecker, textCheckMetrics } from '../textcheck/checker.ts'
import { normalizeText } from '../textcheck/normalize.ts'
import { OpenidDirectory } from '../textcheck/openids.ts'
import { WechatContentCheck } from '../textcheck/wechat.ts'
import { WordList } from '../textcheck/wordlist.ts'
import { FakeClock, startFakeServer, type FakeServer, type RecordedRequest } from './helpers.ts'

const APPID = 'wxappid'
const SECRET = 'wx-secret-value'

describe('word list', () => {
  it('folds width and case and ignores what is put between the characters', () => {
    expect(normalizeText('Ｂ ａ-ｄ')).toBe('bad')
    expect(normalizeText('B.A.D\u200b!')).toBe('bad')
    const words = WordList.parse('# a comment\n\nbad\n赌博\n...\n')
    expect(words.size).toBe(2)
    expect(words.check('so Ｂ.ａ.Ｄ').verdict).toBe('block')
    expect(words.check('来 赌*博 吧').verdict).toBe('block')
    expect(words.check('a good day').verdict).toBe('pass')
  })

  it('sees through emoji put between the characters, and passes emoji-only chat', () => {
    const words = WordList.parse('赌博\n')
    for (const between of ['❤️', '🙋‍♀️', '👍🏻', '🇨🇳', '#️⃣']) expect(words.check(`来赌${between}博`).verdict).toBe('block')
    expect(words.check('🙋‍♀️❤️👍🏻').verdict).toBe('pass')
  })

  it('ships a default list', () => {
    expect(WordList.load(undefined).check('网赌平台').verdict).toBe('block')
  })
})

type Handler = (req: RecordedRequest) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>

describe('WeChat msgSecCheck with the word list as fallback', () => {
  let wechat: FakeServer | undefined
  let secCheck: Handler
  let tokenReply: Handler
  let tokens = 0
  const clock = new FakeClock(1_700_000_000_000)
  const openids = new OpenidDirectory(clock)
  openids.remember('wx_user', 'openid-1')

  afterEach(async () => {
    await wechat?.close()
    wechat = undefined
  })

  async function checker(timeoutMs = 1000) {
    tokens = 0
    tokenReply = () => ({ body: { access_token: `token-${++tokens}`, expires_in: 7200 } })
    wechat = await startFakeServer((req) => (req.url.startsWith('/cgi-bin/token') ? tokenReply(req) : secCheck(req)))
    const metrics = textCheckMetrics()
    const registry = new Registry()
    registry.registerMetric(metrics.fallbacks)
    registry.registerMetric(metrics.checks)
    const lines: string[] = []
    const log = pino({ level: 'debug' }, { write: (l: string) => lines.push(l) })
    const cfg = { appId: APPID, secret: SECRET, apiBase: wechat.url }
    const c = new LayeredTextChecker({
      words: WordList.parse('listedword'),
      wechat: new WechatContentCheck(cfg, {
        tokens: new AccessTokens(cfg, clock, timeoutMs),
        timeoutMs,
        openidOf: (id) => openids.openidOf(id),
      }),
      clock,
      log,
      metrics,
      cooldownMs: 10_000,
    })
    return { c, registry, lines, server: wechat }
  }

  const ctx = { userID: 'wx_user', scene: 'comment' } as const
  const checks = (s: FakeServer) => s.requests.filter((r) => r.url.startsWith('/wxa/msg_sec_check'))

  it('passes and blocks as WeChat says, with the v2 request and a cached access_token', async () => {
    secCheck = (req) => {
      const { content } = JSON.parse(req.body) as { content: string }
      return { body: { errcode: 0, errmsg: 'ok', result: content.includes('bad') ? { suggest: 'risky', label: 20002 } : { suggest: 'pass', label: 100 } } }
    }
    const { c, server } = await checker()
    expect(await c.check('hello', ctx)).toEqual({ verdict: 'pass', reason: 'ok', source: 'wechat' })
    expect(await c.check('bad things', ctx)).toEqual({ verdict: 'block', reason: 'porn', source: 'wechat' })
    expect(await c.check('a listedword', ctx)).toEqual({ verdict: 'block', reason: 'listed_word', source: 'wordlist' })

    const first = checks(server)[0]
    expect(first.method).toBe('POST')
    expect(first.url).toBe('/wxa/msg_sec_check?access_token=token-1')
    expect(JSON.parse(first.body)).toEqual({ content: 'hello', version: 2, scene: 2, openid: 'openid-1' })
    const tokenRequest = server.requests.find((r) => r.url.startsWith('/cgi-bin/token'))
    expect(new URL(tokenRequest?.url ?? '', 'http://x').searchParams.toString()).toBe(`grant_type=client_credential&appid=${APPID}&secret=${SECRET}`)
    expect(tokens).toBe(1)
  })

  it('gets a new access_token when WeChat calls it expired (42001) or invalid (40001), and shortly before expiry', async () => {
    secCheck = (req) =>
      req.url.endsWith('token-1') ? { body: { errcode: 40001, errmsg: 'invalid credential' } } : { body: { errcode: 0, result: { suggest: 'pass', label: 100 } } }
    const { c } = await checker()
    expect(await c.check('hello', ctx)).toMatchObject({ verdict: 'pass', source: 'wechat' })
    expect(tokens).toBe(2)
    await c.check('again', ctx)
    expect(tokens).toBe(2)
    clock.advance(7200_000 - 60_000)
    await c.check('later', ctx)
    expect(tokens).toBe(3)
  })

  it('lets the word list decide when WeChat is slow, and leaves WeChat alone for a while', async () => {
    secCheck = () => new Promise((resolve) => setTimeout(() => resolve({ body: { errcode: 0, result: { suggest: 'risky', label: 20002 } } }), 800))
    const { c, registry, lines, server } = await checker(300)
    const started = Date.now()
    expect(await c.check('hello', ctx)).toEqual({ verdict: 'pass', reason: 'ok', source: 'wordlist' })
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await c.check('a listedword', ctx)).toMatchObject({ verdict: 'block', source: 'wordlist' })
    expect(await c.check('hello again', ctx)).toMatchObject({ source: 'wordlist' })
    expect(checks(server)).toHaveLength(1)
    const text = await registry.metrics()
    expect(text).toContain('liveroom_text_check_fallbacks_total{reason="timeout"} 1')
    expect(text).toContain('liveroom_text_check_fallbacks_total{reason="cooling_down"} 1')
    expect(lines.join('')).toContain('"reason":"timeout"')
    expect(lines.join('')).not.toContain(SECRET)
    expect(lines.join('')).not.toContain('token-1')
    clock.advance(10_000)
    await c.check('after the pause', ctx)
    expect(checks(server)).toHaveLength(2)
  })

  it('lets the word list decide when WeChat answers an errcode (rate limited) or the token cannot be had', async () => {
    secCheck = () => ({ body: { errcode: 45009, errmsg: 'reach max api daily quota limit' } })
    const { c, registry } = await checker()
    expect(await c.check('hello', ctx)).toEqual({ verdict: 'pass', reason: 'ok', source: 'wordlist' })
    expect(await registry.metrics()).toContain('liveroom_text_check_fallbacks_total{reason="rate_limited"} 1')

    await wechat?.close()
    secCheck = () => ({ body: { errcode: 0, result: { suggest: 'risky', label: 20002 } } })
    const fresh = await checker()
    tokenReply = () => ({ body: { errcode: 40013, errmsg: 'invalid appid' } })
    expect(await fresh.c.check('hello', ctx)).toMatchObject({ source: 'wordlist', verdict: 'pass' })
    expect(await fresh.registry.metrics()).toContain('liveroom_text_check_fallbacks_total{reason="errcode"} 1')
  })

  it('lets the word list decide for a user whose openid it does not know', async () => {
    secCheck = () => ({ body: { errcode: 0, result: { suggest: 'risky', label: 20002 } } })
    const { c, registry, server } = await checker()
    expect(await c.check('hello', { userID: 'someone_else', scene: 'comment' })).toMatchObject({ source: 'wordlist', verdict: 'pass' })
    expect(checks(server)).toHaveLength(0)
    expect(await registry.metrics()).toContain('liveroom_text_check_fallbacks_total{reason="no_openid"} 1')
  })
})
