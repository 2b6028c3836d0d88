// Moderation by a room's creator: kick a viewer or co-anchor out of one room, ban a user from
// every room the creator makes, lift a ban, list bans. Mute is not here: the IM group's owner
// mutes members with the IM SDK, and IM itself enforces that only the owner may.
import { ErrorCode } from '@liveroom/protocol/errors'
import type { BannedUser } from '@liveroom/protocol/roomService'
import type { Clock } from '../clock.ts'
import { CodedError } from '../errors.ts'
import type { RoomService } from '../rooms/service.ts'
import type { ModerationStore } from '../store/moderation.ts'
import type { RoomStore } from '../store/types.ts'

export interface ModerationServiceOptions {
  store: ModerationStore
  /** For the rooms a ban empties of the banned user. */
  roomStore: Pick<RoomStore, 'roomIDsOf'>
  rooms: RoomService
  clock: Clock
  maxBansPerAnchor: number
  maxKicksPerRoom: number
}

export class ModerationService {
  constructor(private readonly o: ModerationServiceOptions) {}

  private static notSelf(caller: string, userID: string): void {
    if (userID === caller) throw new CodedError(ErrorCode.CANNOT_MODERATE_SELF)
  }

  /** Creator only: `userID` leaves the room (audience and pushers) and may not come back to it. The audience count after. */
  async kick(caller: string, roomID: string, userID: string): Promise<number> {
    ModerationService.notSelf(caller, userID)
    const room = await this.o.rooms.room(roomID)
    if (room.roomCreator !== caller) throw new CodedError(ErrorCode.NOT_ROOM_CREATOR)
    const result = await this.o.store.kick(roomID, userID, this.o.clock.now(), this.o.maxKicksPerRoom)
    if (result === 'no_room') throw new CodedError(ErrorCode.ROOM_NOT_FOUND)
    if (result === 'full') throw new CodedError(ErrorCode.KICK_LIST_FULL, `at most ${this.o.maxKicksPerRoom}`)
    return this.o.rooms.removeMember(roomID, userID)
  }

  /** `userID` may join none of the caller's rooms, and leaves those it is in. */
  async ban(caller: string, userID: string, reason: string): Promise<void> {
    ModerationService.notSelf(caller, userID)
    const result = await this.o.store.ban(caller, userID, reason, this.o.clock.now(), this.o.maxBansPerAnchor)
    if (result === 'full') throw new CodedError(ErrorCode.BAN_LIST_FULL, `at most ${this.o.maxBansPerAnchor}`)
    for (const roomID of await this.o.roomStore.roomIDsOf(caller)) {
      await this.o.rooms.removeMember(roomID, userID).catch((err: unknown) => {
        // A room that closed meanwhile has no one to remove.
        if (!(err instanceof CodedError && err.code === ErrorCode.ROOM_NOT_FOUND)) throw err
      })
    }
  }

  /** Idempotent: lifting a ban that is not there succeeds. */
  async unban(caller: string, userID: string): Promise<void> {
    await this.o.store.unban(caller, userID)
  }

  async bannedUsers(caller: string, index: number, cnt: number): Promise<{ bannedUsers: BannedUser[]; total: number }> {
    const { bans, total } = await this.o.store.listBans(caller, index, cnt)
    return { bannedUsers: bans.map((b) => ({ userID: b.userID, reason: b.reason, banTime: b.bannedAt })), total }
  }
}
