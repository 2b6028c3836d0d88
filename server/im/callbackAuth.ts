// Tencent IM third-party callbacks: with callback authentication on, the callback URL carries
// `RequestTime` (unix seconds) and `Sign` = hex sha256(token + RequestTime); a request older or
// newer than the freshness window is refused (a replay). `SdkAppid` must be this service's.
import { createHash, timingSafeEqual } from 'node:crypto'

/** How far RequestTime may be from the service's clock, ms. */
export const CALLBACK_FRESHNESS_MS = 60_000

export interface CallbackQuery {
  SdkAppid?: string
  CallbackCommand?: string
  contenttype?: string
  ClientIP?: string
  OptPlatform?: string
  Sign?: string
  RequestTime?: string
}

export type CallbackAuthResult = { ok: true } | { ok: false; status: 401 | 403; reason: string }

export function callbackSign(token: string, requestTime: string): string {
  return createHash('sha256').update(token + requestTime).digest('hex')
}

export function checkCallback(query: CallbackQuery, o: { token: string; sdkAppId: number; now: number }): CallbackAuthResult {
  const { Sign: sign, RequestTime: time } = query
  if (sign === undefined || time === undefined) return { ok: false, status: 401, reason: 'Sign and RequestTime are required' }
  if (!/^[0-9]{1,12}$/.test(time)) return { ok: false, status: 401, reason: 'RequestTime is not unix seconds' }
  const expected = Buffer.from(callbackSign(o.token, time))
  const given = Buffer.from(sign.toLowerCase())
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, status: 401, reason: 'bad Sign' }
  if (Math.abs(o.now - Number(time) * 1000) > CALLBACK_FRESHNESS_MS) return { ok: false, status: 401, reason: 'stale RequestTime' }
  if (query.SdkAppid !== String(o.sdkAppId)) return { ok: false, status: 403, reason: 'SdkAppid is not this service’s' }
  return { ok: true }
}
