// ImClient over a tim-wx-sdk instance. The instance is passed in, so this file
// never loads the SDK: timClient.ts hands it the real one, tests a fake with
// the same surface (test/support/fakeIm.ts).
import { encodeC2CCommand, encodeGroupCustom, type C2CCommand, type CustomCmdMsgData } from '@liveroom/protocol/im'
import {
  ImError,
  isAlreadyMember,
  isAlreadyOutOfGroup,
  isOwnGroupAlreadyCreated,
  sdkErrorCode,
  SDK_ERROR,
  toImError,
  truncateUtf8,
  type ImErrorCode,
  type KickedOutReason,
} from './errors'
import { createMessageParser, type MessageParser } from './messageParser'
import { createRejoinPolicy } from './reconnect'
import { TIM_EVENT, TIM_TYPES, type TimConversationType, type TimEvent, type TimMessage, type TimSdk } from './sdkTypes'
import type {
  ImClient,
  ImEventHandler,
  ImEventMap,
  ImEventName,
  JoinRoomOptions,
  JoinRoomResult,
  NetState,
  SenderProfile,
  SentMessage,
  Unsubscribe,
} from './types'

export interface SdkImClientOptions {
  /** How long login waits for SDK_READY after the login request succeeded, ms. Default 15 s. */
  readyTimeoutMs?: number
  /** Delays of the attempts to re-enter rooms after a reconnect; see reconnect.ts. */
  rejoinDelaysMs?: readonly number[]
  parser?: MessageParser
  /** Where listener failures go. Default console.error. */
  reportError?: (error: unknown) => void
}

const KICK_REASONS: Readonly<Record<string, KickedOutReason>> = {
  [TIM_TYPES.KICKED_OUT_MULT_ACCOUNT]: 'multipleAccount',
  [TIM_TYPES.KICKED_OUT_MULT_DEVICE]: 'multipleDevice',
  [TIM_TYPES.KICKED_OUT_USERSIG_EXPIRED]: 'userSigExpired',
  [TIM_TYPES.KICKED_OUT_REST_API]: 'restApi',
}

const NET_STATES: readonly NetState[] = ['connected', 'connecting', 'disconnected']

function requireText(value: string, what: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new ImError('INVALID_ARGUMENT', `缺少${what}`)
}

export function createSdkImClient(tim: TimSdk, options: SdkImClientOptions = {}): ImClient {
  const readyTimeoutMs = options.readyTimeoutMs ?? 15_000
  const parser = options.parser ?? createMessageParser()
  const reportError = options.reportError ?? ((e: unknown) => console.error('[im]', e))

  const handlers = new Map<ImEventName, Set<(payload: never) => void>>()
  let userID: string | null = null
  let ready = false
  let disposed = false
  let pendingLogin: { userID: string; promise: Promise<void> } | null = null
  let readyWaiters: Array<{ resolve: () => void; reject: (e: ImError) => void }> = []

  function emit<K extends ImEventName>(event: K, payload: ImEventMap[K]): void {
    const set = handlers.get(event)
    if (!set) return
    for (const h of [...set]) {
      try {
        ;(h as ImEventHandler<K>)(payload)
      } catch (e) {
        reportError(e)
      }
    }
  }

  function settleReady(error: ImError | null): void {
    const waiters = readyWaiters
    readyWaiters = []
    for (const w of waiters) {
      if (error) w.reject(error)
      else w.resolve()
    }
  }

  function rejoin(roomID: string): Promise<void> {
    return tim.joinGroup({ groupID: roomID, type: TIM_TYPES.GRP_AVCHATROOM }).then(
      () => undefined,
      (e: unknown) => {
        if (isAlreadyMember(e)) return
        throw e
      },
    )
  }

  const rejoinPolicy = createRejoinPolicy({
    rejoin,
    delaysMs: options.rejoinDelaysMs,
    isFatal: (e) => {
      const code = sdkErrorCode(e)
      return code === SDK_ERROR.GROUP_NOT_FOUND || code === SDK_ERROR.GROUP_ID_INVALID
    },
    onGiveUp: (roomID, e) => emit('rejoinFailed', { roomID, error: toImError(e) }),
  })

  function loggedOutLocally(): void {
    ready = false
    userID = null
    pendingLogin = null
    rejoinPolicy.reset()
    parser.reset()
  }

  // ------------------------------------------------------------ SDK events

  const onReady = (): void => {
    if (!userID) return
    ready = true
    settleReady(null)
    emit('ready', { userID })
  }

  const onNotReady = (): void => {
    ready = false
  }

  const onMessages = (event: TimEvent): void => {
    const list = Array.isArray(event.data) ? (event.data as unknown[]) : [event.data]
    for (const message of list) {
      for (const parsed of parser.parse(message)) {
        if (parsed.event === 'groupDismissed') rejoinPolicy.untrack(parsed.payload.roomID)
        // The union keeps event and payload paired; emit takes them apart.
        emit(parsed.event, parsed.payload as never)
      }
    }
  }

  const onKickedOut = (event: TimEvent): void => {
    const type = typeof event.data === 'object' && event.data !== null ? (event.data as { type?: unknown }).type : undefined
    const reason = (typeof type === 'string' && KICK_REASONS[type]) || 'unknown'
    loggedOutLocally()
    settleReady(new ImError(reason === 'userSigExpired' ? 'USERSIG_INVALID' : 'KICKED_OUT'))
    emit('kickedOut', { reason })
  }

  const onNetStateChange = (event: TimEvent): void => {
    const state = typeof event.data === 'object' && event.data !== null ? (event.data as { state?: unknown }).state : undefined
    if (typeof state !== 'string' || !(NET_STATES as readonly string[]).includes(state)) return
    const s = state as NetState
    rejoinPolicy.onNetState(s)
    emit('netStateChanged', { state: s })
  }

  const sdkListeners: Array<[string, (event: TimEvent) => void]> = [
    [TIM_EVENT.SDK_READY, onReady],
    [TIM_EVENT.SDK_NOT_READY, onNotReady],
    [TIM_EVENT.MESSAGE_RECEIVED, onMessages],
    [TIM_EVENT.KICKED_OUT, onKickedOut],
    [TIM_EVENT.NET_STATE_CHANGE, onNetStateChange],
  ]
  for (const [name, fn] of sdkListeners) tim.on(name, fn)

  // ------------------------------------------------------------ helpers

  function ensureReady(): void {
    if (disposed) throw new ImError('NOT_LOGGED_IN')
    if (!ready || !userID) throw new ImError('NOT_LOGGED_IN')
  }

  function waitReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        readyWaiters = readyWaiters.filter((w) => w !== waiter)
        reject(new ImError('TIMEOUT', '聊天服务登录超时，请检查网络后重试'))
      }, readyTimeoutMs)
      const waiter = {
        resolve: () => {
          clearTimeout(timer)
          resolve()
        },
        reject: (e: ImError) => {
          clearTimeout(timer)
          reject(e)
        },
      }
      readyWaiters.push(waiter)
    })
  }

  async function send(message: TimMessage, options?: { onlineUserOnly?: boolean }): Promise<SentMessage> {
    try {
      const r = await tim.sendMessage(message, options)
      const sent = r?.data?.message ?? message
      const seconds = typeof sent.time === 'number' && sent.time > 0 ? sent.time : Date.now() / 1000
      return { messageID: sent.ID || message.ID, time: Math.round(seconds * 1000) }
    } catch (e) {
      throw toImError(e, 'SEND_FAILED')
    }
  }

  function custom(to: string, conversationType: TimConversationType, data: string): TimMessage {
    return tim.createCustomMessage({ to, conversationType, payload: { data, description: '', extension: '' } })
  }

  async function call<T>(run: () => Promise<T>, fallback: ImErrorCode): Promise<T> {
    try {
      return await run()
    } catch (e) {
      throw toImError(e, fallback)
    }
  }

  // ------------------------------------------------------------ the client

  const client: ImClient = {
    get userID() {
      return userID
    },
    get ready() {
      return ready
    },

    async login(id, userSig) {
      requireText(id, '用户 ID')
      requireText(userSig, ' UserSig')
      if (disposed) throw new ImError('NOT_LOGGED_IN')
      if (ready && userID === id) return
      if (pendingLogin && pendingLogin.userID === id) return pendingLogin.promise
      if (userID && userID !== id) await client.logout()

      const run = async (): Promise<void> => {
        userID = id
        const readyPromise = waitReady()
        // The waiter may reject before we await it (kicked out while logging in).
        readyPromise.catch(() => undefined)
        let repeat = false
        try {
          const r = await tim.login({ userID: id, userSig })
          repeat = r?.data?.repeatLogin === true
        } catch (e) {
          const error = toImError(e, 'LOGIN_FAILED')
          settleReady(error)
          loggedOutLocally()
          throw error
        }
        if (repeat && !ready) onReady()
        try {
          await readyPromise
        } catch (e) {
          loggedOutLocally()
          throw e
        }
      }
      const promise = run().finally(() => {
        if (pendingLogin?.promise === promise) pendingLogin = null
      })
      pendingLogin = { userID: id, promise }
      return promise
    },

    async logout() {
      const wasIn = userID !== null
      loggedOutLocally()
      settleReady(new ImError('NOT_LOGGED_IN', '已退出登录'))
      if (!wasIn) return
      try {
        await tim.logout()
      } catch {
        // Logging out of a session the SDK already dropped is still logged out.
      }
    },

    async joinRoomGroup(roomID: string, opts: JoinRoomOptions): Promise<JoinRoomResult> {
      requireText(roomID, '房间号')
      ensureReady()
      let created = false
      if (opts.create) {
        const name = truncateUtf8(opts.name?.trim() || roomID) || truncateUtf8(roomID)
        try {
          await tim.createGroup({ type: TIM_TYPES.GRP_AVCHATROOM, name, groupID: roomID })
          created = true
        } catch (e) {
          if (!isOwnGroupAlreadyCreated(e)) throw toImError(e)
        }
      }
      let alreadyMember = false
      try {
        const r = await tim.joinGroup({ groupID: roomID, type: TIM_TYPES.GRP_AVCHATROOM })
        const status = r?.data?.status
        if (status === TIM_TYPES.JOIN_STATUS_WAIT_APPROVAL) throw new ImError('PERMISSION_DENIED', '进入直播间需要审批')
        alreadyMember = status === TIM_TYPES.JOIN_STATUS_ALREADY_IN_GROUP
      } catch (e) {
        if (isAlreadyMember(e)) alreadyMember = true
        else throw toImError(e)
      }
      rejoinPolicy.track(roomID)
      // Best effort: the count also arrives with member tips.
      tim.getGroupOnlineMemberCount(roomID).then(
        (r) => {
          const count = r?.data?.memberCount
          if (typeof count === 'number' && rejoinPolicy.rooms().includes(roomID)) {
            emit('memberCountChanged', { roomID, count })
          }
        },
        () => undefined,
      )
      return { created, alreadyMember }
    },

    async quitRoomGroup(roomID) {
      requireText(roomID, '房间号')
      rejoinPolicy.untrack(roomID)
      if (!ready) return
      try {
        await tim.quitGroup(roomID)
      } catch (e) {
        if (!isAlreadyOutOfGroup(e)) throw toImError(e)
      }
    },

    async dismissRoomGroup(roomID) {
      requireText(roomID, '房间号')
      ensureReady()
      rejoinPolicy.untrack(roomID)
      try {
        await tim.dismissGroup(roomID)
      } catch (e) {
        if (!isAlreadyOutOfGroup(e)) throw toImError(e)
      }
    },

    async sendGroupText(roomID: string, text: string, sender: SenderProfile) {
      requireText(roomID, '房间号')
      requireText(text, '消息内容')
      ensureReady()
      const header = encodeGroupCustom({
        cmd: 'CustomTextMsg',
        data: { nickName: sender.nickName, headPic: sender.headPic },
      })
      const message = custom(roomID, TIM_TYPES.CONV_GROUP, header)
      if (typeof message.setTextElement === 'function') {
        message.setTextElement(text)
        return send(message)
      }
      // No way to add a second element: header and text as two messages, in order.
      await send(message)
      return send(tim.createTextMessage({ to: roomID, conversationType: TIM_TYPES.CONV_GROUP, payload: { text } }))
    },

    async sendGroupCommand(roomID: string, data: CustomCmdMsgData) {
      requireText(roomID, '房间号')
      ensureReady()
      return send(custom(roomID, TIM_TYPES.CONV_GROUP, encodeGroupCustom({ cmd: 'CustomCmdMsg', data })))
    },

    async notifyPusherChange(roomID, changedUserID) {
      requireText(roomID, '房间号')
      ensureReady()
      const data = encodeGroupCustom({ cmd: 'notifyPusherChange', data: { userID: changedUserID } })
      return send(custom(roomID, TIM_TYPES.CONV_GROUP, data))
    },

    async notifyAnchorAway(roomID, away) {
      requireText(roomID, '房间号')
      ensureReady()
      return send(custom(roomID, TIM_TYPES.CONV_GROUP, encodeGroupCustom({ cmd: 'anchorAway', data: { away } })))
    },

    async sendC2CCommand(toUserID: string, command: C2CCommand) {
      requireText(toUserID, '对方用户 ID')
      ensureReady()
      return send(custom(toUserID, TIM_TYPES.CONV_C2C, encodeC2CCommand(command)))
    },

    async muteMember(roomID, userID, seconds) {
      requireText(roomID, '房间号')
      requireText(userID, '用户 ID')
      ensureReady()
      await call(() => tim.setGroupMemberMuteTime({ groupID: roomID, userID, muteTime: Math.max(0, Math.floor(seconds)) }), 'UNKNOWN')
    },

    async setNickName(nickName) {
      ensureReady()
      await call(() => tim.updateMyProfile({ nick: nickName }), 'UNKNOWN')
    },

    async getOnlineMemberCount(roomID) {
      requireText(roomID, '房间号')
      ensureReady()
      const r = await call(() => tim.getGroupOnlineMemberCount(roomID), 'UNKNOWN')
      const count = r?.data?.memberCount
      return typeof count === 'number' && count >= 0 ? count : 0
    },

    on<K extends ImEventName>(event: K, handler: ImEventHandler<K>): Unsubscribe {
      let set = handlers.get(event)
      if (!set) {
        set = new Set()
        handlers.set(event, set)
      }
      const entry = handler as (payload: never) => void
      set.add(entry)
      return () => {
        handlers.get(event)?.delete(entry)
      }
    },

    dispose() {
      if (disposed) return
      disposed = true
      for (const [name, fn] of sdkListeners) tim.off(name, fn)
      loggedOutLocally()
      settleReady(new ImError('NOT_LOGGED_IN'))
      handlers.clear()
    },
  }
  return client
}
