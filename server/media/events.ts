// What the media server says about streams: a publish began or ended. The embedded server
// reports over IPC; an external nginx-rtmp or SRS through its HTTP hooks (routes/rtmp.ts).
import { EventEmitter } from 'node:events'

interface MediaEventMap {
  publish: [stream: string]
  unpublish: [stream: string]
}

export class MediaEvents extends EventEmitter<MediaEventMap> {
  private readonly live = new Set<string>()

  published(stream: string): void {
    this.live.add(stream)
    this.emit('publish', stream)
  }

  unpublished(stream: string): void {
    if (!this.live.delete(stream)) return
    this.emit('unpublish', stream)
  }

  /** The media server died: every stream it carried has ended. */
  mediaServerDown(): void {
    for (const stream of [...this.live]) this.unpublished(stream)
  }

  isLive(stream: string): boolean {
    return this.live.has(stream)
  }
}
