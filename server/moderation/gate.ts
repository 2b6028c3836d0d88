// Who the room's creator keeps out: users it banned (from all its rooms) and users it kicked
// from this room. Asked when someone joins (audience, co-anchor), is admitted, or sends a group
// message through IM.
import { ErrorCode } from '@liveroom/protocol/errors'
import { CodedError } from '../errors.ts'
import type { ModerationStore } from '../store/moderation.ts'

export type Refusal = 'banned' | 'kicked'

export class ModerationGate {
  constructor(private readonly store: ModerationStore) {}

  /** Why `userID` may not be in the room, or null. */
  async refusal(room: { roomID: string; roomCreator: string }, userID: string): Promise<Refusal | null> {
    if (userID === room.roomCreator) return null
    const [banned, kicked] = await Promise.all([
      this.store.isBanned(room.roomCreator, userID),
      this.store.isKicked(room.roomID, userID),
    ])
    if (banned) return 'banned'
    return kicked ? 'kicked' : null
  }

  /** Throws BANNED or KICKED when `userID` may not be in the room. */
  async check(room: { roomID: string; roomCreator: string }, userID: string): Promise<void> {
    const r = await this.refusal(room, userID)
    if (r === 'banned') throw new CodedError(ErrorCode.BANNED)
    if (r === 'kicked') throw new CodedError(ErrorCode.KICKED)
  }
}
