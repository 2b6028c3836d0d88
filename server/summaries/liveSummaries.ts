// Keeps each room's live-end summary (a RoomWatcher) and reads it back with what is known now.
import { ErrorCode } from '@liveroom/protocol/errors'
import type { GetRoomSummaryReply, LiveEndReason } from '@liveroom/protocol/roomService'
import type { Clock } from '../clock.ts'
import { CodedError } from '../errors.ts'
import type { RoomWatcher } from '../rooms/watchers.ts'
import type { RoomStore, StoredRoom } from '../store/types.ts'
import type { MessageCounts, StoredSummary, SummaryStore } from '../store/summary.ts'

/** A summary whose end was never recorded (a crash) is dropped this long after its start. */
const UNENDED_KEEP_MS = 30 * 86_400_000

/** Where chat messages and likes are counted (the IM callback's counts), by room. */
export interface MessageCounter {
  roomMessageCounts(roomID: string): Promise<{ roomCreatedAt: number; messages: number; likes: number } | null>
}

export interface LiveSummariesOptions {
  store: SummaryStore
  rooms: Pick<RoomStore, 'getRoom'>
  clock: Clock
  /** How long a summary is kept after its room ended, ms. */
  retentionMs: number
  counter?: MessageCounter
}

type SummaryFields = Omit<GetRoomSummaryReply, 'code' | 'message'>

export class LiveSummaries implements RoomWatcher {
  constructor(private readonly o: LiveSummariesOptions) {}

  async wentLive(room: StoredRoom, _anchorName: string, now: number): Promise<void> {
    const start = { roomID: room.roomID, roomName: room.roomName, roomCreator: room.roomCreator, roomCreatedAt: room.createdAt, startedAt: now }
    await this.o.store.start(start, now, now + UNENDED_KEEP_MS)
  }

  async ended(roomID: string, reason: LiveEndReason, at: number): Promise<void> {
    const now = this.o.clock.now()
    const summary = await this.o.store.get(roomID, now)
    if (!summary || summary.endedAt !== null) return
    const counts = await this.counts(summary)
    await this.o.store.end(roomID, Math.max(at, summary.startedAt), reason, counts, now, now + this.o.retentionMs)
  }

  async viewer(roomID: string, userID: string, count: number): Promise<void> {
    await this.o.store.viewer(roomID, userID, count)
  }

  async coAnchorJoined(roomID: string, userID: string): Promise<void> {
    await this.o.store.coAnchor(roomID, userID)
  }

  async sweep(now: number): Promise<void> {
    await this.o.store.sweep(now)
  }

  /** The room's figures; SUMMARY_NOT_FOUND when it never went live or they are past their retention. */
  async read(roomID: string): Promise<SummaryFields> {
    const now = this.o.clock.now()
    const s = await this.o.store.get(roomID, now)
    if (!s) throw new CodedError(ErrorCode.SUMMARY_NOT_FOUND)
    const { endedAt } = s
    let { endReason } = s
    let counts: MessageCounts | null = { messages: s.chatMessages ?? 0, likes: s.likes ?? 0 }
    if (endedAt === null) {
      const room = await this.o.rooms.getRoom(roomID)
      // Gone without its end recorded (the process stopped between the two writes).
      if (!room || room.createdAt !== s.roomCreatedAt) endReason = 'unknown'
      counts = await this.counts(s)
    } else if (s.chatMessages === null) {
      counts = null
    }
    const live = endReason === null
    return {
      roomID,
      roomName: s.roomName,
      roomCreator: s.roomCreator,
      startTime: s.startedAt,
      endTime: endedAt,
      duration: Math.max(0, Math.floor(((endedAt ?? (live ? now : s.startedAt)) - s.startedAt) / 1000)),
      live,
      endReason,
      peakViewers: s.peakViewers,
      totalViewers: s.totalViewers,
      coAnchors: s.coAnchors,
      chatMessages: counts?.messages ?? null,
      likes: counts?.likes ?? null,
    }
  }

  /** The IM callback's counts of this very room (a room ID used again has counts of its own). */
  private async counts(s: StoredSummary): Promise<MessageCounts | null> {
    const c = await this.o.counter?.roomMessageCounts(s.roomID)
    if (c === undefined) return null
    if (c === null || c.roomCreatedAt !== s.roomCreatedAt) return { messages: 0, likes: 0 }
    return { messages: c.messages, likes: c.likes }
  }
}
