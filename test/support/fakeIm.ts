// An in-process IM server with tim-wx-sdk's client surface, for unit and
// end-to-end tests. Each `createSdk()` is one SDK instance (what
// `TIM.create()` returns in a mini-program); `createClient()` wraps one in the
// app's real ImClient (src/adapters/im/sdkClient.ts), so tests exercise the
// same code the app runs, minus the socket.
//
// Semantics kept from tim-wx-sdk 2.27 and the IM server:
// - login resolves, then SDK_READY fires; logging in again on the same
//   instance resolves with `repeatLogin: true`; the same user logging in on
//   another instance kicks the first one out (KICKED_OUT multipleAccount,
//   then SDK_NOT_READY) and it leaves its AVChatRooms.
// - AVChatRoom groups only. createGroup of an existing ID fails with 10025
//   when you own it, 10021 otherwise; names over 30 bytes fail with 10004.
//   Creating does not make the owner a member: joinGroup does. joinGroup on a
//   group this instance joined resolves with status AlreadyInGroup; on one the
//   server lists the user in but this instance never joined (added server
//   side), it fails with 10013. Missing group: 10010.
// - quitGroup of a group this instance is not in fails with 2623 (the SDK's
//   own check); the owner cannot quit (10009). dismissGroup is owner only
//   (10007) and sends every other member a group system notice with
//   operationType 5 through MESSAGE_RECEIVED.
// - Group messages reach every member's instance except the sender's (the SDK
//   does not echo your own messages), in send order, asynchronously. Sending
//   to a group you are not in fails with 2101.
// - Member join/quit sends the other members a group tip with `memberNum` and
//   the member's profile (`memberList`, with the nick set by updateMyProfile).
// - Messages carry every element (`getElements()`); `type`/`payload` are the
//   first element's. `setTextElement` appends a text element, as the SDK's
//   Message does (turn off with `multiElementMessages: false`).
// - setGroupMemberMuteTime is the owner's (10007 otherwise); a muted member's
//   group sends fail with 10017 until the time is up. `beforeGroupSend` plays
//   the application's before-send callback (imCallbackBridge.ts makes it
//   Tencent's HTTP callback to the real room service).
// Deliberate differences:
// - C2C to a user who is not logged in fails with 20003 instead of being
//   stored for later, so tests see a signalling message that went nowhere.
// - While an instance's network is 'disconnected' its sends fail with 2800
//   and messages for it are dropped.
import { createSdkImClient, type SdkImClientOptions } from '@/adapters/im/sdkClient'
import {
  GROUP_SYSTEM_NOTICE,
  TIM_EVENT,
  TIM_TYPES,
  type TimConversationType,
  type TimCreateMessageOptions,
  type TimCustomPayload,
  type TimElement,
  type TimEvent,
  type TimGroup,
  type TimMessage,
  type TimResponse,
  type TimSdk,
  type TimTextPayload,
} from '@/adapters/im/sdkTypes'
import type { ImClient } from '@/adapters/im/types'

export interface FakeImServerOptions {
  /** Messages support `setTextElement` (two-element sends). Default true. */
  multiElementMessages?: boolean
  /** Accept or refuse a login's UserSig. Default: any non-empty string. */
  checkUserSig?: (userID: string, userSig: string) => boolean
  /** Server clock in ms. Default Date.now. */
  now?: () => number
  /**
   * The application's before-send callback for group messages: a refusal fails the send with its
   * code and text (as IM passes 120001–130000 through), and nothing is delivered; 'drop' delivers
   * nothing yet tells the sender it was sent. It may answer later (an HTTP callback, see
   * imCallbackBridge.ts); the send waits for it.
   */
  beforeGroupSend?: (message: GroupSendCheck) => GroupSendVerdict | Promise<GroupSendVerdict>
}

/** What the before-send callback is shown of a group message. */
export interface GroupSendCheck {
  from: string
  groupID: string
  elements: TimElement[]
}

/** null: deliver. */
export type GroupSendVerdict = { code: number; message: string } | 'drop' | null

/** An SDK rejection, shaped like tim-wx-sdk's (`{code, message}`). */
export class FakeSdkError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
    this.name = 'FakeSdkError'
  }
}

export const FAKE_ERRORS = {
  NO_IDENTIFIER: 2002,
  NO_USERSIG: 2003,
  USER_NOT_LOGGED_IN: 2024,
  NOT_IN_AVCHATROOM: 2101,
  ILLEGAL_GROUP_TYPE: 2600,
  MEMBER_NOT_IN_GROUP: 2623,
  NETWORK_ERROR: 2800,
  INVALID_PARAMETERS: 10004,
  PERMISSION_DENIED: 10007,
  OWNER_CANNOT_QUIT: 10009,
  GROUP_NOT_FOUND: 10010,
  ALREADY_MEMBER: 10013,
  SHUT_UP: 10017,
  GROUP_ID_USED_BY_OTHER: 10021,
  GROUP_ID_USED_BY_SELF: 10025,
  INVALID_RECEIVER: 20003,
  USERSIG_INVALID: 70003,
} as const

type SdkMethod =
  | 'login'
  | 'logout'
  | 'createGroup'
  | 'joinGroup'
  | 'quitGroup'
  | 'dismissGroup'
  | 'sendMessage'
  | 'getGroupOnlineMemberCount'
  | 'updateMyProfile'
  | 'setGroupMemberMuteTime'

interface FakeGroup {
  groupID: string
  name: string
  ownerID: string
  members: Set<string>
  /** Muted members: until when (server ms). */
  mutedUntil: Map<string, number>
}

export interface GroupSnapshot {
  groupID: string
  name: string
  ownerID: string
  members: string[]
}

interface MessageInit {
  from: string
  to: string
  conversationType: string
  elements: TimElement[]
  nick?: string
  avatar?: string
}

function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length
}

function cloneElements(elements: TimElement[]): TimElement[] {
  return elements.map((e) => ({ type: e.type, content: JSON.parse(JSON.stringify(e.content ?? null)) as unknown }))
}

/** A message object with the fields and methods of the SDK's Message. */
export class FakeMessage implements TimMessage {
  ID: string
  from: string
  to: string
  nick: string
  avatar: string
  conversationType: string
  conversationID: string
  time: number
  flow: string
  status: 'unSend' | 'success' | 'fail' = 'unSend'
  setTextElement?: (text: string) => void
  private elementList: TimElement[]

  constructor(init: MessageInit & { ID: string; time: number; flow: string }, multiElement: boolean) {
    this.ID = init.ID
    this.from = init.from
    this.to = init.to
    this.nick = init.nick ?? ''
    this.avatar = init.avatar ?? ''
    this.conversationType = init.conversationType
    this.conversationID = `${init.conversationType}${init.to}`
    this.time = init.time
    this.flow = init.flow
    this.elementList = init.elements
    if (multiElement) {
      this.setTextElement = (text: string) => {
        this.elementList.push({ type: TIM_TYPES.MSG_TEXT, content: { text } })
      }
    }
  }

  get type(): string {
    return this.elementList[0]?.type ?? ''
  }

  get payload(): unknown {
    return this.elementList[0]?.content
  }

  get elements(): TimElement[] {
    return this.elementList
  }

  getElements(): TimElement[] {
    return this.elementList
  }
}

type Listener = (event: TimEvent) => void

/** One SDK instance connected to a FakeImServer. */
export class FakeTim implements TimSdk {
  /** The logged-in user, or null. */
  userID: string | null = null
  netState: 'connected' | 'connecting' | 'disconnected' = 'connected'
  /** Groups this instance joined (the SDK's local group list). */
  readonly joined = new Set<string>()
  private readonly listeners = new Map<string, Set<Listener>>()

  constructor(private readonly server: FakeImServer) {}

  on(event: string, handler: Listener): void {
    let set = this.listeners.get(event)
    if (!set) {
      set = new Set()
      this.listeners.set(event, set)
    }
    set.add(handler)
  }

  off(event: string, handler: Listener): void {
    this.listeners.get(event)?.delete(handler)
  }

  /** Number of listeners on `event` (lets tests check that clients clean up). */
  listenerCount(event: string): number {
    return this.listeners.get(event)?.size ?? 0
  }

  emit(name: string, data: unknown): void {
    for (const h of [...(this.listeners.get(name) ?? [])]) h({ name, data })
  }

  setLogLevel(): void {}

  login(options: { userID: string; userSig: string }): Promise<TimResponse<{ repeatLogin?: boolean }>> {
    return this.server.handle('login', this, () => this.server.login(this, options.userID, options.userSig))
  }

  logout(): Promise<TimResponse<unknown>> {
    return this.server.handle('logout', this, () => this.server.logout(this))
  }

  createGroup(options: { type: string; name: string; groupID: string }): Promise<TimResponse<{ group: TimGroup }>> {
    return this.server.handle('createGroup', this, () => this.server.createGroup(this, options))
  }

  joinGroup(options: { groupID: string; type?: string }): Promise<TimResponse<{ status: string; group?: TimGroup }>> {
    return this.server.handle('joinGroup', this, () => this.server.joinGroup(this, options.groupID))
  }

  quitGroup(groupID: string): Promise<TimResponse<{ groupID: string }>> {
    return this.server.handle('quitGroup', this, () => this.server.quitGroup(this, groupID))
  }

  dismissGroup(groupID: string): Promise<TimResponse<{ groupID: string }>> {
    return this.server.handle('dismissGroup', this, () => this.server.dismissGroup(this, groupID))
  }

  getGroupOnlineMemberCount(groupID: string): Promise<TimResponse<{ memberCount: number }>> {
    return this.server.handle('getGroupOnlineMemberCount', this, () => this.server.onlineCount(this, groupID))
  }

  setGroupMemberMuteTime(options: { groupID: string; userID: string; muteTime: number }): Promise<TimResponse<Record<string, never>>> {
    return this.server.handle('setGroupMemberMuteTime', this, () => this.server.mute(this, options.groupID, options.userID, options.muteTime))
  }

  updateMyProfile(options: { nick: string }): Promise<TimResponse<Record<string, never>>> {
    return this.server.handle('updateMyProfile', this, () => this.server.setNick(this, options.nick))
  }

  createTextMessage(options: TimCreateMessageOptions<TimTextPayload>): FakeMessage {
    return this.server.newMessage(this, options.to, options.conversationType, [
      { type: TIM_TYPES.MSG_TEXT, content: { text: options.payload.text } },
    ])
  }

  createCustomMessage(options: TimCreateMessageOptions<TimCustomPayload>): FakeMessage {
    const { data, description = '', extension = '' } = options.payload
    return this.server.newMessage(this, options.to, options.conversationType, [
      { type: TIM_TYPES.MSG_CUSTOM, content: { data, description, extension } },
    ])
  }

  sendMessage(message: TimMessage): Promise<TimResponse<{ message: TimMessage }>> {
    return this.server.handle('sendMessage', this, () => this.server.send(this, message))
  }
}

export class FakeImServer {
  private readonly sessions = new Map<string, FakeTim>()
  private readonly groups = new Map<string, FakeGroup>()
  private readonly faults = new Map<SdkMethod, number[]>()
  /** IM profile nicks by user ID (updateMyProfile). */
  private readonly nicks = new Map<string, string>()
  private seq = 0
  private readonly multiElement: boolean
  private readonly checkUserSig: (userID: string, userSig: string) => boolean
  private readonly now: () => number
  private readonly beforeGroupSend: FakeImServerOptions['beforeGroupSend']

  constructor(options: FakeImServerOptions = {}) {
    this.beforeGroupSend = options.beforeGroupSend
    this.multiElement = options.multiElementMessages ?? true
    this.checkUserSig = options.checkUserSig ?? ((_u, sig) => sig.length > 0)
    this.now = options.now ?? Date.now
  }

  // ------------------------------------------------------------ clients

  /** A new SDK instance (one mini-program). */
  createSdk(): FakeTim {
    return new FakeTim(this)
  }

  /** The app's ImClient over a new SDK instance. */
  createClient(options?: SdkImClientOptions): ImClient {
    return createSdkImClient(this.createSdk(), options)
  }

  /** Like createClient, also returning the SDK instance under it. */
  createClientWithSdk(options?: SdkImClientOptions): { client: ImClient; sdk: FakeTim } {
    const sdk = this.createSdk()
    return { client: createSdkImClient(sdk, options), sdk }
  }

  /** A client logged in as `userID`. */
  async connect(userID: string, options?: SdkImClientOptions): Promise<ImClient> {
    const client = this.createClient(options)
    await client.login(userID, `sig-${userID}`)
    return client
  }

  // ------------------------------------------------------------ inspection and control

  group(groupID: string): GroupSnapshot | null {
    const g = this.groups.get(groupID)
    return g ? { groupID: g.groupID, name: g.name, ownerID: g.ownerID, members: [...g.members] } : null
  }

  isLoggedIn(userID: string): boolean {
    return this.sessions.has(userID)
  }

  /** The next call of `method` (on any instance) fails with `code`; several calls queue several failures. */
  failNext(method: SdkMethod, code: number): void {
    const list = this.faults.get(method) ?? []
    list.push(code)
    this.faults.set(method, list)
  }

  /** A network change on one user's instance (all instances when userID is omitted). */
  setNetState(state: 'connected' | 'connecting' | 'disconnected', userID?: string): void {
    for (const [id, tim] of this.sessions) {
      if (userID !== undefined && id !== userID) continue
      tim.netState = state
      tim.emit(TIM_EVENT.NET_STATE_CHANGE, { state })
    }
  }

  /** The server forgets a member (as after a long disconnect); the instance has to join again. */
  dropMember(groupID: string, userID: string): void {
    this.groups.get(groupID)?.members.delete(userID)
    this.sessions.get(userID)?.joined.delete(groupID)
  }

  /** Adds a member server side (REST import): that user's joinGroup then fails with 10013. */
  addMember(groupID: string, userID: string): void {
    this.groups.get(groupID)?.members.add(userID)
  }

  /** Kicks a user's instance out, as the REST API or a UserSig expiry would. */
  kick(userID: string, type: string = TIM_TYPES.KICKED_OUT_REST_API): void {
    const tim = this.sessions.get(userID)
    if (tim) this.endSession(tim, type)
  }

  /** A message from a client outside the test (e.g. a native app), delivered like any other. */
  injectGroupMessage(init: { groupID: string; from: string; elements: TimElement[]; nick?: string; avatar?: string }): void {
    const g = this.groups.get(init.groupID)
    if (!g) throw new Error(`no group ${init.groupID}`)
    const message = this.stamp({ ...init, to: init.groupID, conversationType: TIM_TYPES.CONV_GROUP })
    this.deliverToGroup(g, message, this.sessions.get(init.from) ?? null)
  }

  injectC2CMessage(init: { to: string; from: string; elements: TimElement[]; nick?: string }): void {
    const target = this.sessions.get(init.to)
    if (!target) throw new Error(`${init.to} is not logged in`)
    this.deliver(target, this.stamp({ ...init, conversationType: TIM_TYPES.CONV_C2C }))
  }

  /** Dismissal by the server (REST API) rather than by the owner. */
  adminDismissGroup(groupID: string): void {
    const g = this.groups.get(groupID)
    if (g) this.removeGroup(g, 'administrator', null)
  }

  /** A server-side custom group notice (operationType 255) with `userDefinedField`. */
  sendCustomNotice(groupID: string, userDefinedField: string): void {
    const g = this.groups.get(groupID)
    if (!g) throw new Error(`no group ${groupID}`)
    const notice = this.systemNotice(g, GROUP_SYSTEM_NOTICE.CUSTOM, 'administrator', { userDefinedField })
    for (const member of g.members) {
      const tim = this.sessions.get(member)
      if (tim) this.deliver(tim, notice)
    }
  }

  // ------------------------------------------------------------ SDK calls (used by FakeTim)

  /**
   * Runs one SDK call: asynchronously, with injected faults, resolving `{code: 0, data}`. A phone
   * whose network is down reaches nothing (logging in and out are its own business).
   */
  handle<T>(method: SdkMethod, tim: FakeTim, run: () => T | Promise<T>): Promise<TimResponse<T>> {
    return Promise.resolve().then(() => {
      if (tim.netState === 'disconnected' && method !== 'login' && method !== 'logout') {
        throw new FakeSdkError(FAKE_ERRORS.NETWORK_ERROR, `network error (${method})`)
      }
      const fault = this.faults.get(method)?.shift()
      if (fault !== undefined) throw new FakeSdkError(fault, `injected failure of ${method}`)
      const data = run()
      // Only a call that waits on something (an HTTP before-send callback) takes longer.
      return data instanceof Promise ? data.then((d) => ({ code: 0, data: d })) : { code: 0, data }
    })
  }

  login(tim: FakeTim, userID: string, userSig: string): { repeatLogin?: boolean } {
    if (!userID) throw new FakeSdkError(FAKE_ERRORS.NO_IDENTIFIER, 'userID is empty')
    if (!userSig) throw new FakeSdkError(FAKE_ERRORS.NO_USERSIG, 'userSig is empty')
    if (tim.userID) return { repeatLogin: true }
    if (!this.checkUserSig(userID, userSig)) throw new FakeSdkError(FAKE_ERRORS.USERSIG_INVALID, 'userSig is invalid')
    const previous = this.sessions.get(userID)
    if (previous) this.endSession(previous, TIM_TYPES.KICKED_OUT_MULT_ACCOUNT)
    tim.userID = userID
    tim.netState = 'connected'
    this.sessions.set(userID, tim)
    void Promise.resolve().then(() => {
      if (tim.userID === userID) tim.emit(TIM_EVENT.SDK_READY, undefined)
    })
    return {}
  }

  logout(tim: FakeTim): Record<string, never> {
    this.requireLogin(tim)
    this.leaveAll(tim)
    if (tim.userID) this.sessions.delete(tim.userID)
    tim.userID = null
    void Promise.resolve().then(() => tim.emit(TIM_EVENT.SDK_NOT_READY, undefined))
    return {}
  }

  createGroup(tim: FakeTim, options: { type: string; name: string; groupID: string }): { group: TimGroup } {
    const me = this.requireLogin(tim)
    if (options.type !== TIM_TYPES.GRP_AVCHATROOM) throw new FakeSdkError(FAKE_ERRORS.ILLEGAL_GROUP_TYPE, 'fake supports AVChatRoom only')
    if (utf8Bytes(options.name) > 30) throw new FakeSdkError(FAKE_ERRORS.INVALID_PARAMETERS, 'group name longer than 30 bytes')
    const groupID = options.groupID || `@TGS#a${++this.seq}`
    const existing = this.groups.get(groupID)
    if (existing) {
      if (existing.ownerID === me) throw new FakeSdkError(FAKE_ERRORS.GROUP_ID_USED_BY_SELF, 'group id has been used by yourself')
      throw new FakeSdkError(FAKE_ERRORS.GROUP_ID_USED_BY_OTHER, 'group id has been used')
    }
    const g: FakeGroup = { groupID, name: options.name, ownerID: me, members: new Set(), mutedUntil: new Map() }
    this.groups.set(groupID, g)
    return { group: this.groupProfile(g) }
  }

  joinGroup(tim: FakeTim, groupID: string): { status: string; group?: TimGroup } {
    const me = this.requireLogin(tim)
    const g = this.groups.get(groupID)
    if (!g) throw new FakeSdkError(FAKE_ERRORS.GROUP_NOT_FOUND, 'group not found')
    if (tim.joined.has(groupID)) return { status: TIM_TYPES.JOIN_STATUS_ALREADY_IN_GROUP }
    if (g.members.has(me)) throw new FakeSdkError(FAKE_ERRORS.ALREADY_MEMBER, 'already group member')
    g.members.add(me)
    tim.joined.add(groupID)
    this.memberTip(g, TIM_TYPES.GRP_TIP_MBR_JOIN, me)
    return { status: TIM_TYPES.JOIN_STATUS_SUCCESS, group: this.groupProfile(g) }
  }

  quitGroup(tim: FakeTim, groupID: string): { groupID: string } {
    const me = this.requireLogin(tim)
    if (!tim.joined.has(groupID)) throw new FakeSdkError(FAKE_ERRORS.MEMBER_NOT_IN_GROUP, 'not in group')
    const g = this.groups.get(groupID)
    if (!g) {
      tim.joined.delete(groupID)
      throw new FakeSdkError(FAKE_ERRORS.GROUP_NOT_FOUND, 'group not found')
    }
    if (g.ownerID === me) throw new FakeSdkError(FAKE_ERRORS.OWNER_CANNOT_QUIT, 'the owner cannot quit')
    this.leave(tim, g, me)
    return { groupID }
  }

  dismissGroup(tim: FakeTim, groupID: string): { groupID: string } {
    const me = this.requireLogin(tim)
    const g = this.groups.get(groupID)
    if (!g) throw new FakeSdkError(FAKE_ERRORS.GROUP_NOT_FOUND, 'group not found')
    if (g.ownerID !== me) throw new FakeSdkError(FAKE_ERRORS.PERMISSION_DENIED, 'only the owner can dismiss')
    this.removeGroup(g, me, tim)
    return { groupID }
  }

  mute(tim: FakeTim, groupID: string, userID: string, seconds: number): Record<string, never> {
    const me = this.requireLogin(tim)
    const g = this.groups.get(groupID)
    if (!g) throw new FakeSdkError(FAKE_ERRORS.GROUP_NOT_FOUND, 'group not found')
    if (g.ownerID !== me) throw new FakeSdkError(FAKE_ERRORS.PERMISSION_DENIED, 'only the owner mutes')
    if (seconds > 0) g.mutedUntil.set(userID, this.now() + seconds * 1000)
    else g.mutedUntil.delete(userID)
    return {}
  }

  /** Whether `userID` is muted in `groupID` now. */
  isMuted(groupID: string, userID: string): boolean {
    return (this.groups.get(groupID)?.mutedUntil.get(userID) ?? 0) > this.now()
  }

  setNick(tim: FakeTim, nick: string): Record<string, never> {
    this.nicks.set(this.requireLogin(tim), nick)
    return {}
  }

  onlineCount(tim: FakeTim, groupID: string): { memberCount: number } {
    this.requireLogin(tim)
    const g = this.groups.get(groupID)
    if (!g) throw new FakeSdkError(FAKE_ERRORS.GROUP_NOT_FOUND, 'group not found')
    return { memberCount: g.members.size }
  }

  newMessage(tim: FakeTim, to: string, conversationType: TimConversationType, elements: TimElement[]): FakeMessage {
    return new FakeMessage(
      { ID: `local-${++this.seq}`, from: tim.userID ?? '', to, conversationType, elements, time: 0, flow: 'out' },
      this.multiElement,
    )
  }

  send(tim: FakeTim, message: TimMessage): { message: TimMessage } | Promise<{ message: TimMessage }> {
    const me = this.requireLogin(tim)
    if (tim.netState === 'disconnected') throw new FakeSdkError(FAKE_ERRORS.NETWORK_ERROR, 'network error')
    const elements = message.getElements ? message.getElements() : [{ type: message.type, content: message.payload }]
    const stamped = this.stamp({ from: me, to: message.to, conversationType: message.conversationType, elements })
    if (message.conversationType === TIM_TYPES.CONV_GROUP) {
      const g = this.groups.get(message.to)
      if (!g) throw new FakeSdkError(FAKE_ERRORS.GROUP_NOT_FOUND, 'group not found')
      if (!tim.joined.has(g.groupID)) throw new FakeSdkError(FAKE_ERRORS.NOT_IN_AVCHATROOM, 'not in the AVChatRoom')
      if (this.isMuted(g.groupID, me)) throw new FakeSdkError(FAKE_ERRORS.SHUT_UP, 'muted in this group')
      const verdict = this.beforeGroupSend?.({ from: me, groupID: g.groupID, elements: cloneElements(elements) }) ?? null
      if (verdict instanceof Promise) return verdict.then((v) => this.sendToGroup(tim, message, stamped, v))
      return this.sendToGroup(tim, message, stamped, verdict)
    } else if (message.conversationType === TIM_TYPES.CONV_C2C) {
      const target = this.sessions.get(message.to)
      if (!target) throw new FakeSdkError(FAKE_ERRORS.INVALID_RECEIVER, `${message.to} is not logged in`)
      this.deliver(target, stamped)
    } else {
      throw new FakeSdkError(FAKE_ERRORS.INVALID_PARAMETERS, 'bad conversation type')
    }
    return this.sent(message, stamped)
  }

  // ------------------------------------------------------------ internals

  /** A group message the before-send callback answered: refused, dropped or delivered (if its group is still there). */
  private sendToGroup(tim: FakeTim, message: TimMessage, stamped: FakeMessage, verdict: GroupSendVerdict): { message: TimMessage } {
    if (verdict !== null && verdict !== 'drop') throw new FakeSdkError(verdict.code, verdict.message)
    const g = this.groups.get(message.to)
    if (!g) throw new FakeSdkError(FAKE_ERRORS.GROUP_NOT_FOUND, 'group not found')
    if (verdict === null) this.deliverToGroup(g, stamped, tim)
    return this.sent(message, stamped)
  }

  /** The sender's copy of a message that went out. */
  private sent(message: TimMessage, stamped: FakeMessage): { message: TimMessage } {
    if (message instanceof FakeMessage) {
      message.ID = stamped.ID
      message.time = stamped.time
      message.status = 'success'
    }
    return { message: this.copy(stamped, 'out') }
  }

  private requireLogin(tim: FakeTim): string {
    if (!tim.userID) throw new FakeSdkError(FAKE_ERRORS.USER_NOT_LOGGED_IN, 'not logged in')
    return tim.userID
  }

  private endSession(tim: FakeTim, kickType: string): void {
    this.leaveAll(tim)
    if (tim.userID) this.sessions.delete(tim.userID)
    tim.userID = null
    void Promise.resolve().then(() => {
      tim.emit(TIM_EVENT.KICKED_OUT, { type: kickType })
      tim.emit(TIM_EVENT.SDK_NOT_READY, undefined)
    })
  }

  private leaveAll(tim: FakeTim): void {
    const me = tim.userID
    for (const groupID of [...tim.joined]) {
      const g = this.groups.get(groupID)
      if (g && me) this.leave(tim, g, me)
    }
    tim.joined.clear()
  }

  private leave(tim: FakeTim, g: FakeGroup, userID: string): void {
    g.members.delete(userID)
    tim.joined.delete(g.groupID)
    this.memberTip(g, TIM_TYPES.GRP_TIP_MBR_QUIT, userID)
  }

  private removeGroup(g: FakeGroup, operatorID: string, operator: FakeTim | null): void {
    this.groups.delete(g.groupID)
    const notice = this.systemNotice(g, GROUP_SYSTEM_NOTICE.DISMISSED, operatorID, {})
    for (const member of g.members) {
      const tim = this.sessions.get(member)
      if (!tim) continue
      tim.joined.delete(g.groupID)
      if (tim !== operator) this.deliver(tim, notice)
    }
    operator?.joined.delete(g.groupID)
    g.members.clear()
  }

  private groupProfile(g: FakeGroup): TimGroup {
    return { groupID: g.groupID, name: g.name, type: TIM_TYPES.GRP_AVCHATROOM, ownerID: g.ownerID }
  }

  private memberTip(g: FakeGroup, operationType: number, userID: string): void {
    const tip = this.stamp({
      from: '@TIM#SYSTEM',
      to: g.groupID,
      conversationType: TIM_TYPES.CONV_GROUP,
      elements: [
        {
          type: TIM_TYPES.MSG_GRP_TIP,
          content: {
            operatorID: userID,
            operationType,
            userIDList: [userID],
            memberList: [{ userID, nick: this.nicks.get(userID) ?? '' }],
            groupProfile: { groupID: g.groupID },
            memberNum: g.members.size,
            memberCount: g.members.size,
          },
        },
      ],
    })
    this.deliverToGroup(g, tip, this.sessions.get(userID) ?? null)
  }

  private systemNotice(g: FakeGroup, operationType: number, operatorID: string, extra: Record<string, unknown>): FakeMessage {
    return this.stamp({
      from: '@TIM#SYSTEM',
      to: '',
      conversationType: TIM_TYPES.CONV_SYSTEM,
      elements: [
        {
          type: TIM_TYPES.MSG_GRP_SYS_NOTICE,
          content: { operationType, operatorID, groupProfile: { groupID: g.groupID, name: g.name }, ...extra },
        },
      ],
    })
  }

  private stamp(init: MessageInit): FakeMessage {
    const seq = ++this.seq
    return new FakeMessage(
      { ...init, elements: cloneElements(init.elements), ID: `msg-${seq}`, time: Math.floor(this.now() / 1000), flow: 'in' },
      this.multiElement,
    )
  }

  private copy(message: FakeMessage, flow: string): FakeMessage {
    const m = new FakeMessage(
      {
        ID: message.ID,
        from: message.from,
        to: message.to,
        nick: message.nick,
        avatar: message.avatar,
        conversationType: message.conversationType,
        elements: cloneElements(message.getElements()),
        time: message.time,
        flow,
      },
      false,
    )
    m.status = 'success'
    return m
  }

  private deliverToGroup(g: FakeGroup, message: FakeMessage, except: FakeTim | null): void {
    for (const member of g.members) {
      const tim = this.sessions.get(member)
      if (tim && tim !== except && tim.joined.has(g.groupID)) this.deliver(tim, message)
    }
  }

  private deliver(tim: FakeTim, message: FakeMessage): void {
    if (tim.netState === 'disconnected') return
    const copy = this.copy(message, 'in')
    const userID = tim.userID
    void Promise.resolve().then(() => {
      if (tim.userID === userID) tim.emit(TIM_EVENT.MESSAGE_RECEIVED, [copy])
    })
  }
}
