export interface PlayUrls {
  /** Low-latency RTMP play URL (co-anchors play each other with it). */
  accelerateURL: string
  flvPlayURL: string
  hlsPlayURL: string
  rtmpPlayURL: string
  /** What the audience should play: HTTP-FLV when there is one, else RTMP. */
  defaultPlayURL: string
}

export interface StreamUrls extends PlayUrls {
  pushURL: string
  streamID: string
  /** Unix seconds after which the signed URLs stop working. */
  expireAt: number
}

/** Builds the URLs of a stream from configuration; the client never builds them itself. */
export interface StreamUrlPolicy {
  readonly mode: 'tencent' | 'rtmp'
  urls(streamName: string, nowMs: number): StreamUrls
  play(streamName: string, nowMs: number): PlayUrls
}
