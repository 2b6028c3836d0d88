// Generic RTMP server (the embedded one, nginx-rtmp, SRS, ...): a publish token that the media
// server's publish hook checks, and optionally a play token its play hook checks.
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { RtmpStreamConfig } from '../config.ts'
import { isServiceStreamName } from './names.ts'
import type { PlayUrls, StreamUrlPolicy, StreamUrls } from './types.ts'

export type StreamAction = 'publish' | 'play'

/** A play URL's argument asking the media server to end the play when the publish ends. */
export const FOLLOW_PUBLISHER = 'follow=1'

export function streamToken(secret: string, action: StreamAction, streamName: string, expireAtS: number): string {
  return createHmac('sha256', secret).update(`${action}\n${streamName}\n${expireAtS}`).digest('base64url')
}

export function publishToken(secret: string, streamName: string, expireAtS: number): string {
  return streamToken(secret, 'publish', streamName, expireAtS)
}

export type PublishCheck = 'ok' | 'missing' | 'expired' | 'bad_signature'

export function checkStreamToken(
  secret: string,
  action: StreamAction,
  streamName: string,
  expire: string | undefined,
  token: string | undefined,
  nowS: number,
): PublishCheck {
  if (!expire || !token || !/^[0-9]{1,12}$/.test(expire)) return 'missing'
  const expected = Buffer.from(streamToken(secret, action, streamName, Number(expire)))
  const given = Buffer.from(token)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad_signature'
  if (Number(expire) < nowS) return 'expired'
  return 'ok'
}

export function checkPublishToken(
  secret: string,
  streamName: string,
  expire: string | undefined,
  token: string | undefined,
  nowS: number,
): PublishCheck {
  return checkStreamToken(secret, 'publish', streamName, expire, token, nowS)
}

/** What a media server's publish or play check needs to know. */
export interface StreamGate {
  secret: string
  sdkAppId: number
  playAuth: boolean
}

/**
 * Why a publish or play of `name` with these URL arguments is refused, or undefined when it may go
 * on: one of this service's stream names, with its token (plays only with play auth). `ended`: the
 * end of a publish, which may outlive its URL's expiry.
 */
export function streamRefusal(
  gate: StreamGate,
  action: StreamAction,
  name: string,
  args: { expire?: string; token?: string },
  nowS: number,
  ended = false,
): string | undefined {
  if (!isServiceStreamName(gate.sdkAppId, name)) return 'unknown stream name'
  if (action === 'play' && !gate.playAuth) return undefined
  const result = checkStreamToken(gate.secret, action, name, args.expire, args.token, nowS)
  return result === 'ok' || (ended && result === 'expired') ? undefined : `${action} token ${result}`
}

function signedQuery(secret: string, action: StreamAction, stream: string, expireAt: number): string {
  return `?expire=${expireAt}&token=${streamToken(secret, action, stream, expireAt)}`
}

export class RtmpStreamUrls implements StreamUrlPolicy {
  readonly mode = 'rtmp'
  constructor(private readonly cfg: RtmpStreamConfig) {}

  private expireAt(nowMs: number): number {
    return Math.floor(nowMs / 1000) + this.cfg.urlExpireS
  }

  play(stream: string, nowMs: number): PlayUrls {
    const q = this.cfg.playAuth ? signedQuery(this.cfg.secret, 'play', stream, this.expireAt(nowMs)) : ''
    const rtmp = `${this.cfg.playBase}/${stream}${q}`
    const { httpPlayBase, hlsPlayBase } = this.cfg
    const flv = httpPlayBase ? `${httpPlayBase}/${stream}.flv${q}` : ''
    return {
      accelerateURL: rtmp,
      rtmpPlayURL: rtmp,
      flvPlayURL: flv,
      hlsPlayURL: hlsPlayBase ? `${hlsPlayBase}/${stream}.m3u8${q}` : '',
      defaultPlayURL: flv || rtmp,
    }
  }

  urls(stream: string, nowMs: number): StreamUrls {
    const expireAt = this.expireAt(nowMs)
    const pushURL = `${this.cfg.pushBase}/${stream}${signedQuery(this.cfg.secret, 'publish', stream, expireAt)}`
    return { ...this.play(stream, nowMs), pushURL, streamID: stream, expireAt }
  }

  /**
   * URLs this service's own ffmpeg uses on the media server (not handed to phones). Its plays ask
   * to be ended with the stream's publish (`follow=1`): a player waits across a publisher's gap,
   * a recorder or a mixer must see the end.
   */
  internal(stream: string, nowMs: number): { play: string; publish: string } {
    const expireAt = this.expireAt(nowMs)
    const base = `${this.cfg.internalBase}/${stream}`
    const playQuery = this.cfg.playAuth ? `${signedQuery(this.cfg.secret, 'play', stream, expireAt)}&` : '?'
    return {
      play: `${base}${playQuery}${FOLLOW_PUBLISHER}`,
      publish: `${base}${signedQuery(this.cfg.secret, 'publish', stream, expireAt)}`,
    }
  }
}
