// What the media server says about streams: a publish began or ended. The embedded server
// reports over IPC; an external nginx-rtmp or SRS through its HTTP hooks (routes/rtmp.ts).
import { EventEmitter } from 'node:events'

interface MediaEventMap {
  publish: [stream: string]
  unpublish: [stream: string]
}

export class MediaEvents extends EventEmitter<MediaEventMap> {
  /**
   * Publishing sessions by stream. nginx-rtmp asks about a second publisher of a live name and,
   * once the service let it through, refuses it itself and reports its end: the stream ends only
   * when every session the service let in has ended.
   */
  private readonly live = new Map<string, Set<string>>()

  /** `session`: the media server's id of the publishing connection, when it gives one. */
  published(stream: string, session = ''): void {
    const sessions = this.live.get(stream)
    if (sessions) {
      sessions.add(session)
      return
    }
    this.live.set(stream, new Set([session]))
    this.emit('publish', stream)
  }

  unpublished(stream: string, session = ''): void {
    const sessions = this.live.get(stream)
    if (!sessions?.delete(session)) return
    if (sessions.size > 0) return
    this.live.delete(stream)
    this.emit('unpublish', stream)
  }

  /** The media server died: every stream it carried has ended. */
  mediaServerDown(): void {
    for (const [stream, sessions] of [...this.live]) for (const s of [...sessions]) this.unpublished(stream, s)
  }

  isLive(stream: string): boolean {
    return this.live.has(stream)
  }

  get liveCount(): number {
    return this.live.size
  }
}
