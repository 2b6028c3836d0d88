// Group.CallbackBeforeSendMsg: Tencent IM asks before it delivers a group message. The message is
// refused when its sender is banned by the room's creator or kicked from the room (the group ID
// is the room ID), or when its text does not pass the text check; delivered messages and likes
// are counted per room. Refusals use codes from 120001 to 130000, which IM passes to the sender
// with ErrorInfo. Anything that goes wrong here delivers the message (logged): chat does not stop
// because the service's store does.
import type { FastifyBaseLogger } from 'fastify'
import { ErrorCode } from '@liveroom/protocol/errors'
import { IM_REFUSAL } from '@liveroom/protocol/im'
import type { Clock } from '../clock.ts'
import { CodedError } from '../errors.ts'
import type { ModerationGate } from '../moderation/gate.ts'
import type { RoomService } from '../rooms/service.ts'
import type { ModerationStore } from '../store/moderation.ts'
import type { StoredRoom } from '../store/types.ts'
import type { TextChecker } from '../textcheck/types.ts'
import { readMessage, type MsgElement } from './messageBody.ts'

export const BEFORE_SEND_GROUP_MSG = 'Group.CallbackBeforeSendMsg'

/** Message counts are kept this long after a room's last message (the live's summary reads them). */
export const MESSAGE_COUNTS_RETENTION_MS = 7 * 86_400_000

export interface BeforeSendMsgBody {
  CallbackCommand: string
  GroupId?: string
  From_Account?: string
  MsgBody?: MsgElement[]
}

export interface CallbackReply {
  ActionStatus: 'OK' | 'FAIL'
  ErrorCode: number
  ErrorInfo: string
}

export const ALLOW: CallbackReply = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' }

const REFUSALS = {
  textBlocked: { ActionStatus: 'OK', ErrorCode: IM_REFUSAL.textBlocked, ErrorInfo: '消息包含不允许的内容，请修改后再发' },
  banned: { ActionStatus: 'OK', ErrorCode: IM_REFUSAL.banned, ErrorInfo: '你已被主播拉黑，无法在其直播间发言' },
  kicked: { ActionStatus: 'OK', ErrorCode: IM_REFUSAL.kicked, ErrorInfo: '你已被主播移出直播间，无法发言' },
} as const satisfies Record<keyof typeof IM_REFUSAL, CallbackReply>

export interface BeforeSendMsgOptions {
  rooms: Pick<RoomService, 'room'>
  gate: ModerationGate
  store: Pick<ModerationStore, 'countMessages'>
  texts: TextChecker
  clock: Clock
  log: FastifyBaseLogger
}

export class BeforeSendMsg {
  constructor(private readonly o: BeforeSendMsgOptions) {}

  /** `fromRestApi`: sent by the app's administrator (OptPlatform RESTAPI), not a member: not moderated. */
  async decide(body: BeforeSendMsgBody, fromRestApi: boolean): Promise<CallbackReply> {
    if (body.CallbackCommand !== BEFORE_SEND_GROUP_MSG || fromRestApi) return ALLOW
    const sender = body.From_Account ?? ''
    const message = readMessage(body.MsgBody ?? [])
    const room = body.GroupId === undefined ? null : await this.roomOf(body.GroupId)
    if (room) {
      const refusal = await this.o.gate.refusal(room, sender)
      if (refusal) return REFUSALS[refusal]
    }
    if (message.texts.length > 0) {
      const v = await this.o.texts.check(message.texts.join('\n'), { userID: sender, scene: 'comment' })
      if (v.verdict === 'block') {
        this.o.log.info({ roomID: body.GroupId, userID: sender, reason: v.reason, source: v.source }, 'group message refused by the text check')
        return REFUSALS.textBlocked
      }
    }
    if (room && (message.chat || message.likes > 0)) {
      const add = { messages: message.chat ? 1 : 0, likes: message.likes }
      await this.o.store.countMessages(room.roomID, room.createdAt, add, this.o.clock.now(), MESSAGE_COUNTS_RETENTION_MS)
    }
    return ALLOW
  }

  /** The room of a group, or null when the group is not a room of this service (or it closed). */
  private async roomOf(groupID: string): Promise<StoredRoom | null> {
    try {
      return await this.o.rooms.room(groupID)
    } catch (err) {
      if (err instanceof CodedError && err.code === ErrorCode.ROOM_NOT_FOUND) return null
      throw err
    }
  }
}
