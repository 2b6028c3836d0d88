// Tencent Cloud CSS URLs with anti-leech signatures:
//   rtmp://{pushDomain}/live/{stream}?txSecret=md5(KEY + stream + txTime)&txTime=HEX_UPPER(expiry)
import { createHash } from 'node:crypto'
import type { TencentStreamConfig } from '../config.ts'
import type { PlayUrls, StreamUrlPolicy, StreamUrls } from './types.ts'

/** Expiry unix time as CSS expects it: upper-case hex. */
export function txTimeHex(unixSeconds: number): string {
  return Math.floor(unixSeconds).toString(16).toUpperCase()
}

export function txSecret(key: string, streamName: string, txTime: string): string {
  return createHash('md5').update(key + streamName + txTime).digest('hex')
}

export function antiLeechQuery(key: string, streamName: string, expireAtS: number): string {
  const txTime = txTimeHex(expireAtS)
  return `txSecret=${txSecret(key, streamName, txTime)}&txTime=${txTime}`
}

export class TencentStreamUrls implements StreamUrlPolicy {
  readonly mode = 'tencent'
  /** Signed play queries by stream, for one expiry second (a query only changes when that second does). */
  private playQueries = new Map<string, string>()
  private playQueriesExpireAt = -1

  constructor(private readonly cfg: TencentStreamConfig) {}

  private playQuery(playKey: string, stream: string, expireAtS: number): string {
    if (expireAtS !== this.playQueriesExpireAt || this.playQueries.size >= 10_000) {
      this.playQueries.clear()
      this.playQueriesExpireAt = expireAtS
    }
    let q = this.playQueries.get(stream)
    if (q === undefined) {
      q = `?${antiLeechQuery(playKey, stream, expireAtS)}`
      this.playQueries.set(stream, q)
    }
    return q
  }

  private expireAt(nowMs: number): number {
    return Math.floor(nowMs / 1000) + this.cfg.urlExpireS
  }

  play(stream: string, nowMs: number): PlayUrls {
    const { playDomain, playKey } = this.cfg
    const q = playKey ? this.playQuery(playKey, stream, this.expireAt(nowMs)) : ''
    const flv = `https://${playDomain}/live/${stream}.flv${q}`
    const rtmp = `rtmp://${playDomain}/live/${stream}${q}`
    return {
      accelerateURL: rtmp,
      rtmpPlayURL: rtmp,
      flvPlayURL: flv,
      hlsPlayURL: `https://${playDomain}/live/${stream}.m3u8${q}`,
      defaultPlayURL: flv,
    }
  }

  urls(stream: string, nowMs: number): StreamUrls {
    const expireAt = this.expireAt(nowMs)
    const pushURL = `rtmp://${this.cfg.pushDomain}/live/${stream}?${antiLeechQuery(this.cfg.pushKey, stream, expireAt)}`
    return { ...this.play(stream, nowMs), pushURL, streamID: stream, expireAt }
  }
}
