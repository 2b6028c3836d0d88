// What the room rules tell other parts about a room's life (its summary, live notices), after the
// store has recorded it. A watcher's failure fails the call (as the store's own would).
import type { LiveEndReason } from '@liveroom/protocol/roomService'
import type { StoredRoom } from '../store/types.ts'

export interface RoomWatcher {
  /** The creator joined as pusher for the first time: the room is listed from now on. */
  wentLive?(room: StoredRoom, anchorName: string, now: number): Promise<void>
  /** The room is gone; `at` is when it ended (for a timeout, about the creator's last sign of life). */
  ended?(roomID: string, reason: LiveEndReason, at: number): Promise<void>
  /** An audience member joined, or repeated its join, while `count` were in the room. */
  viewer?(roomID: string, userID: string, count: number): Promise<void>
  /** A co-anchor (not the creator) joined as pusher. */
  coAnchorJoined?(roomID: string, userID: string): Promise<void>
  /** The periodic sweep ran at `now`. */
  sweep?(now: number): Promise<void>
}
