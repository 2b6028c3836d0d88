// The immediate half of being removed: right after a kick or ban the anchor's phone tells the
// removed user over C2C IM, so the visit ends at once rather than at the next audience check-in
// (which stays the backstop, for a message lost or never sent).
import { ERROR_TEXT, ErrorCode } from '@liveroom/protocol/errors'
import { isRequestCurrent, type RemovalKind } from '@liveroom/protocol/im'
import type { ImClient, Unsubscribe } from '@/adapters/im/types'

/** What the removed user reads: the same texts the room service's refusals carry. */
export const REMOVAL_TEXT: Readonly<Record<RemovalKind, string>> = {
  kick: ERROR_TEXT[ErrorCode.KICKED].zh,
  ban: ERROR_TEXT[ErrorCode.BANNED].zh,
}

/**
 * A notice older than this is not believed: IM delivers C2C messages kept while the receiver was
 * offline, and an old ban may have been lifted since.
 */
export const REMOVAL_NOTICE_MAX_AGE_MS = 30_000

export interface RemovalRoom {
  roomID: string
  /** Only the room's creator may remove anyone: a notice from another user is forged and ignored. */
  creator: string
}

/** Calls `onRemoved` with the text to show when the room's creator says we were removed from it. */
export function listenForRemoval(im: ImClient, room: RemovalRoom, serverNow: () => number, onRemoved: (text: string) => void): Unsubscribe {
  return im.on('c2cCommand', ({ fromUserID, command }) => {
    if (command.cmd !== 'removed' || fromUserID !== room.creator || command.data.roomID !== room.roomID) return
    if (!isRequestCurrent(command.data.timestamp, serverNow(), REMOVAL_NOTICE_MAX_AGE_MS)) return
    onRemoved(REMOVAL_TEXT[command.data.type])
  })
}

/** The anchor tells `userID` it was removed; best effort, as the check-in backstop tells it anyway. */
export function sendRemoval(im: ImClient, userID: string, type: RemovalKind, roomID: string, serverNow: number): void {
  im.sendC2CCommand(userID, { cmd: 'removed', data: { type, roomID, timestamp: serverNow } }).catch(() => undefined)
}
