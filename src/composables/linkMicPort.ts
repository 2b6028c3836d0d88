// The signalling co-anchoring (连麦) needs, and nothing more: C2C `linkmic` commands over IM, MLVB's
// wire format, and the room-service calls that admit, list, remove and mix pushers.
import type { LinkMicData } from '@liveroom/protocol/im'
import type { RoomServiceClient } from '@/adapters/roomService'
import type { ImClient, Unsubscribe } from '@/adapters/im/types'

export interface LinkMicPort {
  /** Server-synchronised now, ms: what request timestamps are counted against. */
  serverNow(): number
  send(to: string, data: LinkMicData): Promise<void>
  onCommand(handler: (from: string, data: LinkMicData) => void): Unsubscribe
  /** Lets `userID` join the room's pushers (the anchor accepted). */
  admit(roomID: string, userID: string): Promise<void>
  /** A signed push URL for our own stream. */
  pushURL(): Promise<string>
  /** Adds us to the room's pushers, under our name and avatar URL. */
  joinPushers(roomID: string, who: { userName: string; userAvatar: string }, pushURL: string): Promise<void>
  /** Leaves co-anchor `userID`'s audio out of the room's mix, or puts it back (the anchor). */
  setAudioMuted(roomID: string, userID: string, muted: boolean): Promise<void>
  /** Removes `userID` (by default ourselves) from the room's pushers. */
  leavePushers(roomID: string, userID?: string): Promise<void>
  /** Asks everyone in the room to refresh its pusher list. */
  notifyPusherChange(roomID: string, userID: string): Promise<void>
  /** Mixes the co-anchors' streams into the room's stream. */
  mix(roomID: string, streams: string[]): Promise<void>
}

export function createLinkMicPort(roomService: RoomServiceClient, im: ImClient): LinkMicPort {
  return {
    serverNow: () => roomService.serverNow(),
    async send(to, data) {
      await im.sendC2CCommand(to, { cmd: 'linkmic', data })
    },
    onCommand: (handler) =>
      im.on('c2cCommand', (e) => {
        if (e.command.cmd === 'linkmic') handler(e.fromUserID, e.command.data)
      }),
    async admit(roomID, userID) {
      await roomService.call('admit_anchor', { roomID, userID })
    },
    pushURL: async () => (await roomService.call('get_anchor_url', {})).pushURL,
    async joinPushers(roomID, { userName, userAvatar }, pushURL) {
      await roomService.call('add_anchor', { roomID, userName, userAvatar, pushURL })
    },
    async setAudioMuted(roomID, userID, muted) {
      await roomService.call('set_pusher_muted', { roomID, userID, muted })
    },
    async leavePushers(roomID, userID) {
      await roomService.call('delete_anchor', userID === undefined ? { roomID } : { roomID, userID })
    },
    async notifyPusherChange(roomID, userID) {
      await im.notifyPusherChange(roomID, userID)
    },
    async mix(roomID, streams) {
      await roomService.call('merge_stream', { roomID, mergeParams: { streams } })
    },
  }
}
