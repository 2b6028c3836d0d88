// Write-behind for heartbeats: every pusher beats every few seconds, so the stores write them in
// one transaction (SQLite) or one round trip (Redis) a second instead of one each. A beat
// acknowledged less than a second before a crash can be lost, which costs at most that second
// of the pusher's liveness; the queue is written out on close, so a graceful stop loses nothing.
import type { StoredRoom } from './types.ts'

export interface QueuedHeartbeat {
  roomID: string
  userID: string
  at: number
  /** The room status code the creator sent last, if any. */
  roomStatusCode?: number
}

/** How often queued heartbeats are written, ms. */
const HEARTBEAT_FLUSH_MS = 1000

export class HeartbeatQueue {
  private pending = new Map<string, QueuedHeartbeat>()
  /** The batch being written (Redis writes take a round trip): still to be shown by `overlay`. */
  private inFlight = new Map<string, QueuedHeartbeat>()
  private writing: Promise<void> = Promise.resolve()
  /** Set while something waits to be written (no timer runs while nothing does). */
  private timer: NodeJS.Timeout | undefined

  /** `write` applies one batch; when it fails, the batch stays queued for the next flush. */
  constructor(private readonly write: (batch: QueuedHeartbeat[]) => void | Promise<void>) {}

  private schedule(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      // A failure here is also every other call's failure (the store is down): those report it.
      this.flush().catch(() => undefined)
    }, HEARTBEAT_FLUSH_MS)
    this.timer.unref()
  }

  add(roomID: string, userID: string, at: number, roomStatusCode?: number): void {
    const key = `${roomID}\n${userID}`
    const before = this.pending.get(key)
    this.pending.set(key, { roomID, userID, at: Math.max(at, before?.at ?? at), roomStatusCode: roomStatusCode ?? before?.roomStatusCode })
    this.schedule()
  }

  /** The room as read from the store, with this queue's heartbeats for it applied: reads see them at once. */
  overlay(room: StoredRoom | null): StoredRoom | null {
    if (!room || (this.pending.size === 0 && this.inFlight.size === 0)) return room
    for (const p of room.pushers) {
      const key = `${room.roomID}\n${p.userID}`
      for (const beat of [this.inFlight.get(key), this.pending.get(key)]) {
        if (!beat) continue
        p.heartbeatAt = Math.max(p.heartbeatAt, beat.at)
        if (p.userID !== room.roomCreator) continue
        room.creatorHeartbeatAt = Math.max(room.creatorHeartbeatAt, beat.at)
        if (beat.roomStatusCode !== undefined) room.roomStatusCode = beat.roomStatusCode
      }
    }
    return room
  }

  /** Writes what is queued now; flushes run one after another, never two at once. */
  flush(): Promise<void> {
    this.writing = this.writing.catch(() => undefined).then(() => this.writeBatch())
    return this.writing
  }

  /** Writes what is left, and stops the timer. */
  async close(): Promise<void> {
    await this.flush()
    clearTimeout(this.timer)
    this.timer = undefined
  }

  private async writeBatch(): Promise<void> {
    if (this.pending.size === 0) return
    const batch = this.pending
    this.pending = new Map()
    this.inFlight = batch
    try {
      await this.write([...batch.values()])
    } catch (err) {
      // Beats that came in meanwhile are newer: they win over the failed ones.
      for (const [key, beat] of batch) {
        const newer = this.pending.get(key)
        this.pending.set(key, newer ? { ...newer, roomStatusCode: newer.roomStatusCode ?? beat.roomStatusCode } : beat)
      }
      this.schedule()
      throw err
    } finally {
      this.inFlight = new Map()
    }
  }
}
