// The part of tim-wx-sdk (2.27.x) this app uses, typed by hand: the package
// ships no type declarations. Constant values are those of the SDK's
// `TIM.TYPES` and `TIM.EVENT`; sdkClient.ts and the message parser use these
// literals so they never need the SDK itself, and timClient.ts checks at start
// that the loaded SDK agrees.

export const TIM_TYPES = {
  MSG_TEXT: 'TIMTextElem',
  MSG_CUSTOM: 'TIMCustomElem',
  MSG_GRP_TIP: 'TIMGroupTipElem',
  MSG_GRP_SYS_NOTICE: 'TIMGroupSystemNoticeElem',
  CONV_C2C: 'C2C',
  CONV_GROUP: 'GROUP',
  CONV_SYSTEM: '@TIM#SYSTEM',
  GRP_AVCHATROOM: 'AVChatRoom',
  GRP_TIP_MBR_JOIN: 1,
  GRP_TIP_MBR_QUIT: 2,
  JOIN_STATUS_SUCCESS: 'JoinedSuccess',
  JOIN_STATUS_ALREADY_IN_GROUP: 'AlreadyInGroup',
  JOIN_STATUS_WAIT_APPROVAL: 'WaitAdminApproval',
  KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
  KICKED_OUT_MULT_DEVICE: 'multipleDevice',
  KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
  KICKED_OUT_REST_API: 'REST_API_Kick',
  NET_STATE_CONNECTED: 'connected',
  NET_STATE_CONNECTING: 'connecting',
  NET_STATE_DISCONNECTED: 'disconnected',
} as const

export const TIM_EVENT = {
  SDK_READY: 'sdkStateReady',
  SDK_NOT_READY: 'sdkStateNotReady',
  MESSAGE_RECEIVED: 'onMessageReceived',
  KICKED_OUT: 'kickedOut',
  NET_STATE_CHANGE: 'netStateChange',
  ERROR: 'error',
} as const

/** Group system notice `operationType` values (payload of a TIMGroupSystemNoticeElem). */
export const GROUP_SYSTEM_NOTICE = {
  KICKED_OUT: 4,
  DISMISSED: 5,
  QUIT: 8,
  RECYCLED: 11,
  /** A custom notice from the server (REST API); its JSON is in `userDefinedField`. */
  CUSTOM: 255,
} as const

export type TimEventName = (typeof TIM_EVENT)[keyof typeof TIM_EVENT]

export interface TimEvent<T = unknown> {
  name: string
  data: T
}

export type TimConversationType = typeof TIM_TYPES.CONV_C2C | typeof TIM_TYPES.CONV_GROUP

export interface TimTextPayload {
  text: string
}

export interface TimCustomPayload {
  data: string
  description?: string
  extension?: string
}

/** One element of a message. Received messages carry all of theirs in `getElements()`. */
export interface TimElement {
  type: string
  content: unknown
}

/**
 * A message as the SDK hands it out. `type` and `payload` are those of the
 * first element. Fields are loosely typed on purpose: received messages come
 * from other clients and are validated by the parser.
 */
export interface TimMessage {
  ID: string
  type: string
  payload: unknown
  from: string
  to: string
  nick?: string
  avatar?: string
  conversationType: string
  conversationID?: string
  /** Unix seconds. */
  time: number
  flow?: string
  getElements?: () => TimElement[]
  /**
   * Not part of the documented API: the SDK's Message appends a text element
   * with it, and `sendMessage` sends every element (`msgBody` is
   * `getElements()`). Used to send the two-element group chat message the
   * native apps expect; feature-detected.
   */
  setTextElement?: (text: string) => void
}

export interface TimResponse<T> {
  code: number
  data: T
}

export interface TimLoginData {
  repeatLogin?: boolean
  errorInfo?: string
}

export interface TimGroup {
  groupID: string
  name?: string
  type?: string
  ownerID?: string
}

export interface TimCreateMessageOptions<P> {
  to: string
  conversationType: TimConversationType
  payload: P
  priority?: string
}

export interface TimSendOptions {
  /** Deliver only to receivers online now; nothing is stored or roamed. */
  onlineUserOnly?: boolean
}

/** An SDK instance, as returned by `TIM.create({SDKAppID})`. */
export interface TimSdk {
  login(options: { userID: string; userSig: string }): Promise<TimResponse<TimLoginData>>
  logout(): Promise<TimResponse<unknown>>
  on(event: string, handler: (event: TimEvent) => void, context?: unknown): void
  off(event: string, handler: (event: TimEvent) => void, context?: unknown): void
  setLogLevel?(level: number): void
  destroy?(): Promise<unknown>

  createGroup(options: { type: string; name: string; groupID: string }): Promise<TimResponse<{ group: TimGroup }>>
  joinGroup(options: { groupID: string; type?: string }): Promise<TimResponse<{ status: string; group?: TimGroup }>>
  quitGroup(groupID: string): Promise<TimResponse<{ groupID: string }>>
  dismissGroup(groupID: string): Promise<TimResponse<{ groupID: string }>>
  getGroupOnlineMemberCount(groupID: string): Promise<TimResponse<{ memberCount: number }>>
  /** Owner or admin only: `muteTime` seconds without speaking in the group (0 lifts it). */
  setGroupMemberMuteTime(options: { groupID: string; userID: string; muteTime: number }): Promise<TimResponse<unknown>>
  /** The user's IM profile; others see `nick` in the member tips of groups it joins. */
  updateMyProfile(options: { nick: string }): Promise<TimResponse<unknown>>

  createTextMessage(options: TimCreateMessageOptions<TimTextPayload>): TimMessage
  createCustomMessage(options: TimCreateMessageOptions<TimCustomPayload>): TimMessage
  sendMessage(message: TimMessage, options?: TimSendOptions): Promise<TimResponse<{ message: TimMessage }>>
}

/** The SDK's default export. */
export interface TimStatic {
  create(options: { SDKAppID: number }): TimSdk
  EVENT: Record<string, string>
  TYPES: Record<string, string | number>
}
