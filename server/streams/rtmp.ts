// Generic RTMP server (nginx-rtmp, SRS, ...): plain play URLs and a publish token that the
// server's on_publish callback (POST /rtmp/on_publish) checks.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { RtmpStreamConfig } from '../config.ts'
import type { PlayUrls, StreamUrlPolicy, StreamUrls } from './types.ts'

export function publishToken(secret: string, streamName: string, expireAtS: number): string {
  return createHmac('sha256', secret).update(`publish\n${streamName}\n${expireAtS}`).digest('base64url')
}

export type PublishCheck = 'ok' | 'missing' | 'expired' | 'bad_signature'

export function checkPublishToken(
  secret: string,
  streamName: string,
  expire: string | undefined,
  token: string | undefined,
  nowS: number,
): PublishCheck {
  if (!expire || !token || !/^[0-9]{1,12}$/.test(expire)) return 'missing'
  const expected = Buffer.from(publishToken(secret, streamName, Number(expire)))
  const given = Buffer.from(token)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad_signature'
  if (Number(expire) < nowS) return 'expired'
  return 'ok'
}

export class RtmpStreamUrls implements StreamUrlPolicy {
  readonly mode = 'rtmp'
  constructor(private readonly cfg: RtmpStreamConfig) {}

  play(stream: string): PlayUrls {
    const rtmp = `${this.cfg.playBase}/${stream}`
    const http = this.cfg.httpPlayBase
    const flv = http ? `${http}/${stream}.flv` : ''
    return {
      accelerateURL: rtmp,
      rtmpPlayURL: rtmp,
      flvPlayURL: flv,
      hlsPlayURL: http ? `${http}/${stream}.m3u8` : '',
      defaultPlayURL: flv || rtmp,
    }
  }

  urls(stream: string, nowMs: number): StreamUrls {
    const expireAt = Math.floor(nowMs / 1000) + this.cfg.urlExpireS
    const token = publishToken(this.cfg.secret, stream, expireAt)
    const pushURL = `${this.cfg.pushBase}/${stream}?expire=${expireAt}&token=${token}`
    return { ...this.play(stream), pushURL, streamID: stream, expireAt }
  }
}
