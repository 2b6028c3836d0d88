// Live-end summaries: the figures of each room that went live, kept while it is live and for a
// while after it ended, so that the anchor and viewers who come back can read them.
import type { LiveEndReason } from '@liveroom/protocol/roomService'

export interface SummaryStart {
  roomID: string
  roomName: string
  roomCreator: string
  /** The room's `createdAt`: which room of that ID (IDs may be used again) the summary is of. */
  roomCreatedAt: number
  startedAt: number
}

export interface StoredSummary extends SummaryStart {
  /** null while the room is live. */
  endedAt: number | null
  endReason: LiveEndReason | null
  peakViewers: number
  totalViewers: number
  coAnchors: number
  /** What the IM callback counted when the room ended; null while live or when nothing counted. */
  chatMessages: number | null
  likes: number | null
}

export interface MessageCounts {
  messages: number
  likes: number
}

export interface SummaryStore {
  readonly kind: 'sqlite' | 'redis'
  /** Starts the room's summary, replacing an earlier one under that room ID; kept until `keepUntil`. */
  start(summary: SummaryStart, now: number, keepUntil: number): Promise<void>
  /**
   * An audience member joined or repeated its join while `count` were in the room: counted once per
   * user, and the peak raised to `count`. Nothing without a summary.
   */
  viewer(roomID: string, userID: string, count: number): Promise<void>
  /** A co-anchor joined: counted once per user. Nothing without a summary. */
  coAnchor(roomID: string, userID: string): Promise<void>
  /** Ends the summary (once: a later end changes nothing) and keeps it until `keepUntil`. */
  end(roomID: string, endedAt: number, reason: LiveEndReason, counts: MessageCounts | null, now: number, keepUntil: number): Promise<void>
  /** null when there is none, or it is past its `keepUntil`. */
  get(roomID: string, now: number): Promise<StoredSummary | null>
  /** Drops summaries past their `keepUntil` (a store whose records expire by themselves does nothing). */
  sweep(now: number): Promise<void>
}
