// The app's view of IM: what pages and composables may ask of it and hear from
// it. One implementation runs over tim-wx-sdk (timClient.ts), others over an
// in-process fake in tests; nothing outside src/adapters/im knows the SDK.
import type { C2CCommand, CustomCmdMsgData } from '@liveroom/protocol/im'
import type { ImError, KickedOutReason } from './errors'

export { ImError } from './errors'
export type { ImErrorCode } from './errors'

/** How a chat sender shows up for others (the `CustomTextMsg` header). */
export interface SenderProfile {
  nickName: string
  headPic: string
}

export interface JoinRoomOptions {
  /** Create the room's group first (the anchor); 10025 "already yours" counts as success. */
  create: boolean
  /** Group name when creating; cut to the IM limit. Defaults to the room ID. */
  name?: string
}

export interface JoinRoomResult {
  /** This call created the group (false when it existed already). */
  created: boolean
  /** We were a member already before this call. */
  alreadyMember: boolean
}

/** What a successful send returns: enough to show the message locally. */
export interface SentMessage {
  messageID: string
  /** Server time of the message in ms. */
  time: number
}

// ---------------------------------------------------------------- events

export interface GroupTextEvent {
  roomID: string
  messageID: string
  userID: string
  /** From the CustomTextMsg header; falls back to the IM nick, then to the user ID. */
  nickName: string
  headPic: string
  text: string
  /** ms */
  time: number
}

export interface GroupCommandEvent {
  roomID: string
  messageID: string
  userID: string
  data: CustomCmdMsgData
  time: number
}

export interface PusherChangedEvent {
  roomID: string
  /** The user whose pushing changed, '' when the sender did not say. */
  userID: string
}

/** The room's creator (`userID`, the sender) went to the background (`away`) or came back. */
export interface AnchorAwayEvent {
  roomID: string
  userID: string
  away: boolean
}

export interface C2CCommandEvent {
  fromUserID: string
  messageID: string
  command: C2CCommand
  time: number
}

export interface GroupDismissedEvent {
  roomID: string
  operatorID: string
}

export interface MemberCountEvent {
  roomID: string
  count: number
}

/** A member of a room's group as the IM server describes it in its join/quit tips. */
export interface GroupMember {
  userID: string
  /** The member's IM nick, '' when the IM server has none. */
  nickName: string
}

export interface MembersChangedEvent {
  roomID: string
  change: 'joined' | 'left'
  members: GroupMember[]
}

export interface KickedOutEvent {
  reason: KickedOutReason
}

export type NetState = 'connected' | 'connecting' | 'disconnected'

export interface NetStateEvent {
  state: NetState
}

export interface RejoinFailedEvent {
  roomID: string
  error: ImError
}

export interface ImEventMap {
  /** The SDK finished logging in and accepts calls. */
  ready: { userID: string }
  groupText: GroupTextEvent
  groupCommand: GroupCommandEvent
  pusherChanged: PusherChangedEvent
  anchorAway: AnchorAwayEvent
  c2cCommand: C2CCommandEvent
  /** The room's group was dismissed (the room closed). */
  groupDismissed: GroupDismissedEvent
  /** Online member count of a room's group, when the IM server reports it. */
  memberCountChanged: MemberCountEvent
  /** Members entered or left a room's group (others only: our own join brings no tip). */
  membersChanged: MembersChangedEvent
  /** Another login took this account over; the client is logged out. */
  kickedOut: KickedOutEvent
  netStateChanged: NetStateEvent
  /** After a reconnect the client could not re-enter a room's group; chat for it is gone. */
  rejoinFailed: RejoinFailedEvent
}

export type ImEventName = keyof ImEventMap
export type ImEventHandler<K extends ImEventName> = (payload: ImEventMap[K]) => void
export type Unsubscribe = () => void

// ---------------------------------------------------------------- the client

export interface ImClient {
  /** The logged-in user, or null. */
  readonly userID: string | null
  /** Logged in and ready for calls. */
  readonly ready: boolean

  /** Resolves once the SDK is ready (not merely once the login request returned). */
  login(userID: string, userSig: string): Promise<void>
  logout(): Promise<void>

  /** Create-or-join the room's AVChatRoom group (groupID = roomID). */
  joinRoomGroup(roomID: string, options: JoinRoomOptions): Promise<JoinRoomResult>
  /** Leave the room's group; leaving a group that is gone counts as success. */
  quitRoomGroup(roomID: string): Promise<void>
  /** Dismiss the room's group (owner only); members get a `groupDismissed`. */
  dismissRoomGroup(roomID: string): Promise<void>

  /** Group chat: a CustomTextMsg header with the sender profile, then the text. */
  sendGroupText(roomID: string, text: string, sender: SenderProfile): Promise<SentMessage>
  /** A CustomCmdMsg (likes, danmaku, gifts). */
  sendGroupCommand(roomID: string, data: CustomCmdMsgData): Promise<SentMessage>
  /** notifyPusherChange: ask the room to refresh its pusher list. */
  notifyPusherChange(roomID: string, userID: string): Promise<SentMessage>
  /** anchorAway: the room's creator tells the room it went to the background, or came back. */
  notifyAnchorAway(roomID: string, away: boolean): Promise<SentMessage>
  /** A C2C signalling command (linkmic, pk). */
  sendC2CCommand(userID: string, command: C2CCommand): Promise<SentMessage>

  /** The room's group owner (the anchor) silences a member for `seconds` (0 lifts it); others get PERMISSION_DENIED. */
  muteMember(roomID: string, userID: string, seconds: number): Promise<void>
  /** The nickname others see when we enter a group (its member tips carry it). */
  setNickName(nickName: string): Promise<void>

  /** Online members of the room's group now. */
  getOnlineMemberCount(roomID: string): Promise<number>

  on<K extends ImEventName>(event: K, handler: ImEventHandler<K>): Unsubscribe

  /** Drops SDK listeners and timers; the client is unusable afterwards. */
  dispose(): void
}
