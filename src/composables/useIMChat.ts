// Chat of a live room over an ImClient and the chat store.
//
// - Incoming chat, likes and counts go to a pending buffer that is flushed
//   into the store every `flushIntervalMs` (or at once when `maxPending` pile
//   up): one `appendBatch` per flush, so a busy room re-renders the list a few
//   times a second, not once per message.
// - `send` trims the text, refuses empty text, text over `maxLength`
//   characters and sends closer than `minSendIntervalMs`, each with a message
//   that can be shown as is; the SDK does not echo your own messages, so a
//   sent message is added locally.
// - `like` sends a CustomCmdMsg with the native apps' like command.
// - Room closed, kicked out, network lost and back show up as system messages
//   and as refs.
// Cleanup (unsubscribe, timers) runs when the calling effect scope ends: a
// component's setup, or an effectScope in tests. The client is passed in or
// injected; this file never loads the SDK.
import { computed, getCurrentScope, onScopeDispose, readonly, ref, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { resolveImClient } from '@/adapters/im/inject'
import { KICKED_OUT_TEXT } from '@/adapters/im/errors'
import type { ImClient, ImError, KickedOutReason, NetState, Unsubscribe } from '@/adapters/im/types'
import { ROOM_CMD, roomCmdKind } from '@liveroom/protocol/im'
import { DEFAULT_CHAT_LIMIT, useChatStore, type ChatMessage, type ChatStore } from '@/stores/chat'

export interface ChatSender {
  userID: string
  nickName: string
  headPic: string
}

export interface UseIMChatOptions {
  /** The room whose chat to follow; null for none. Changing it clears the chat. */
  roomID: MaybeRefOrGetter<string | null | undefined>
  /** The room has ended: its chat stays on screen, but nothing more can be sent. */
  closed?: MaybeRefOrGetter<boolean>
  /** Who we are in this chat. */
  sender: MaybeRefOrGetter<ChatSender>
  /** Default: the injected / registered client (see adapters/im/inject.ts). */
  client?: ImClient
  /** Default: the app's chat store. */
  store?: ChatStore
  /** Flush the pending buffer at most this often, ms. Default 250. */
  flushIntervalMs?: number
  /** Flush at once when this many messages are pending. Default 50. */
  maxPending?: number
  /** Longest message in characters (code points). Default 200. */
  maxLength?: number
  /** Least time between two sends, ms. Default 1000. */
  minSendIntervalMs?: number
  /** Least time between two likes, ms. Default 300. */
  minLikeIntervalMs?: number
  /** Messages kept in the store. Default 200. */
  limit?: number
  /** Clock, ms. Default Date.now. */
  now?: () => number
}

export type ChatErrorCode = 'EMPTY' | 'TOO_LONG' | 'RATE_LIMITED' | 'NO_ROOM' | 'ROOM_CLOSED' | 'IM'

export interface ChatError {
  code: ChatErrorCode
  /** Chinese, for the user. */
  message: string
  /** The IM failure behind an `IM` error. */
  cause?: ImError
}

export type ChatResult = { ok: true } | { ok: false; error: ChatError }

export const CHAT_DEFAULTS = {
  flushIntervalMs: 250,
  maxPending: 50,
  maxLength: 200,
  minSendIntervalMs: 1000,
  minLikeIntervalMs: 300,
} as const

export const SYSTEM_TEXT = {
  roomClosed: '直播已结束',
  networkLost: '网络已断开，正在重新连接…',
  networkBack: '网络已恢复',
  chatLost: '聊天连接已断开，请重新进入直播间',
  liked: '点了赞',
} as const

const kickedOutSystemText = (reason: KickedOutReason) => `${KICKED_OUT_TEXT[reason]}，聊天已断开`

/** Numbers system messages; module-wide so two chats on one store never reuse an ID. */
let systemSeq = 0

/** Length as the user sees it: an emoji is one character. */
function charCount(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

export function useIMChat(options: UseIMChatOptions) {
  const client = resolveImClient(options.client)
  const store = options.store ?? useChatStore()
  const flushIntervalMs = options.flushIntervalMs ?? CHAT_DEFAULTS.flushIntervalMs
  const maxPending = Math.max(1, options.maxPending ?? CHAT_DEFAULTS.maxPending)
  const maxLength = options.maxLength ?? CHAT_DEFAULTS.maxLength
  const minSendIntervalMs = options.minSendIntervalMs ?? CHAT_DEFAULTS.minSendIntervalMs
  const minLikeIntervalMs = options.minLikeIntervalMs ?? CHAT_DEFAULTS.minLikeIntervalMs
  const now = options.now ?? Date.now
  store.setLimit(options.limit ?? DEFAULT_CHAT_LIMIT)

  const dismissed = ref(false)
  const kickedOut = ref(false)
  const netState = ref<NetState>('connected')
  const sending = ref(false)
  const error = ref<ChatError | null>(null)

  // ------------------------------------------------------------ pending buffer

  let pending: ChatMessage[] = []
  let pendingLikes = 0
  let pendingOnline: number | undefined
  /** Users with a like entry in the pending batch: a flurry of likes is one entry per user per flush. */
  let likersInBatch = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false
  /** Between a 'disconnected' and the next 'connected' (through any 'connecting'). */
  let networkLost = false

  function clearTimer(): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
  }

  function flush(): void {
    clearTimer()
    if (pending.length === 0 && pendingLikes === 0 && pendingOnline === undefined) return
    const batch = { messages: pending, likes: pendingLikes, onlineCount: pendingOnline }
    pending = []
    pendingLikes = 0
    pendingOnline = undefined
    likersInBatch = new Set()
    store.appendBatch(batch)
  }

  function schedule(): void {
    if (stopped) return
    if (pending.length >= maxPending) flush()
    else if (timer === null) timer = setTimeout(flush, flushIntervalMs)
  }

  function discardPending(): void {
    clearTimer()
    pending = []
    pendingLikes = 0
    pendingOnline = undefined
    likersInBatch = new Set()
  }

  function enqueue(message: ChatMessage): void {
    pending.push(message)
    schedule()
  }

  function enqueueLike(userID: string, nickName: string, id: string, time: number): void {
    pendingLikes++
    if (!likersInBatch.has(userID)) {
      likersInBatch.add(userID)
      pending.push({ id, kind: 'like', userID, nickName, text: SYSTEM_TEXT.liked, time })
    }
    schedule()
  }

  function system(text: string): void {
    const time = now()
    pending.push({ id: `system-${time}-${++systemSeq}`, kind: 'system', userID: '', nickName: '', text, time })
    flush()
  }

  // ------------------------------------------------------------ room

  const currentRoom = (): string | null => toValue(options.roomID) || null
  const isClosed = (): boolean => dismissed.value || toValue(options.closed) === true

  // A page that comes back to the room it showed keeps its chat; another room starts afresh.
  if (store.roomID !== currentRoom()) store.reset(currentRoom())
  watch(currentRoom, (roomID) => {
    discardPending()
    dismissed.value = false
    error.value = null
    store.reset(roomID)
    // Our own join brings no member tip to us: ask once, then tips keep the count current.
    if (roomID) void refreshOnlineCount()
  })

  // ------------------------------------------------------------ incoming

  const subscriptions: Unsubscribe[] = [
    client.on('groupText', (m) => {
      if (m.roomID !== currentRoom()) return
      enqueue({ id: m.messageID, kind: 'text', userID: m.userID, nickName: m.nickName, text: m.text, time: m.time })
    }),
    client.on('groupCommand', (c) => {
      if (c.roomID !== currentRoom()) return
      const nickName = c.data.userName || c.userID
      const kind = roomCmdKind(c.data.cmd)
      if (kind === 'like') enqueueLike(c.userID, nickName, c.messageID, c.time)
      else if ((kind === 'danmaku' || kind === 'text') && c.data.msg) {
        enqueue({ id: c.messageID, kind: 'text', userID: c.userID, nickName, text: c.data.msg, time: c.time })
      }
    }),
    client.on('memberCountChanged', (e) => {
      if (e.roomID !== currentRoom()) return
      pendingOnline = e.count
      schedule()
    }),
    client.on('groupDismissed', (e) => {
      if (e.roomID !== currentRoom() || dismissed.value) return
      dismissed.value = true
      system(SYSTEM_TEXT.roomClosed)
    }),
    client.on('rejoinFailed', (e) => {
      if (e.roomID !== currentRoom() || dismissed.value) return
      if (e.error.code === 'GROUP_NOT_FOUND') {
        dismissed.value = true
        system(SYSTEM_TEXT.roomClosed)
      } else system(SYSTEM_TEXT.chatLost)
    }),
    client.on('kickedOut', ({ reason }) => {
      if (kickedOut.value) return
      kickedOut.value = true
      if (currentRoom()) system(kickedOutSystemText(reason))
    }),
    client.on('netStateChanged', ({ state }) => {
      netState.value = state
      if (state === 'disconnected' && !networkLost) {
        networkLost = true
        if (currentRoom()) system(SYSTEM_TEXT.networkLost)
      } else if (state === 'connected' && networkLost) {
        networkLost = false
        if (currentRoom()) system(SYSTEM_TEXT.networkBack)
      }
    }),
    client.on('ready', () => {
      kickedOut.value = false
    }),
  ]

  // ------------------------------------------------------------ outgoing

  let lastSendAt = Number.NEGATIVE_INFINITY
  let lastLikeAt = Number.NEGATIVE_INFINITY

  function fail(code: ChatErrorCode, message: string, cause?: ImError): ChatResult {
    const e: ChatError = cause ? { code, message, cause } : { code, message }
    error.value = e
    return { ok: false, error: e }
  }

  /** Why `text` cannot be sent now, or null. Lets the page disable its send button. */
  function validate(text: string): ChatError | null {
    if (!currentRoom()) return { code: 'NO_ROOM', message: '还没有进入直播间' }
    if (isClosed()) return { code: 'ROOM_CLOSED', message: '直播已结束，无法发送消息' }
    const trimmed = text.trim()
    if (!trimmed) return { code: 'EMPTY', message: '请输入消息内容' }
    if (charCount(trimmed) > maxLength) return { code: 'TOO_LONG', message: `消息不能超过 ${maxLength} 个字` }
    return null
  }

  async function send(text: string): Promise<ChatResult> {
    const invalid = validate(text)
    if (invalid) return fail(invalid.code, invalid.message)
    const wait = lastSendAt + minSendIntervalMs - now()
    if (wait > 0) return fail('RATE_LIMITED', `发言太频繁，请 ${Math.ceil(wait / 1000)} 秒后再发送`)
    const roomID = currentRoom() as string
    const trimmed = text.trim()
    const me = toValue(options.sender)
    lastSendAt = now()
    sending.value = true
    try {
      const sent = await client.sendGroupText(roomID, trimmed, { nickName: me.nickName, headPic: me.headPic })
      error.value = null
      if (!stopped && currentRoom() === roomID) {
        pending.push({ id: sent.messageID, kind: 'text', userID: me.userID, nickName: me.nickName || me.userID, text: trimmed, time: sent.time })
        flush()
      }
      return { ok: true }
    } catch (e) {
      const cause = e as ImError
      return fail('IM', cause instanceof Error ? cause.message : '消息发送失败，请重试', cause)
    } finally {
      sending.value = false
    }
  }

  async function like(): Promise<ChatResult> {
    const roomID = currentRoom()
    if (!roomID) return fail('NO_ROOM', '还没有进入直播间')
    if (isClosed()) return fail('ROOM_CLOSED', '直播已结束')
    if (now() - lastLikeAt < minLikeIntervalMs) return fail('RATE_LIMITED', '点赞太快了，歇一会儿吧')
    lastLikeAt = now()
    const me = toValue(options.sender)
    try {
      const sent = await client.sendGroupCommand(roomID, {
        userName: me.nickName,
        userAvatar: me.headPic,
        cmd: ROOM_CMD.like,
        msg: '',
      })
      if (!stopped && currentRoom() === roomID) enqueueLike(me.userID, me.nickName || me.userID, sent.messageID, sent.time)
      return { ok: true }
    } catch (e) {
      const cause = e as ImError
      return fail('IM', cause instanceof Error ? cause.message : '点赞失败', cause)
    }
  }

  /** Asks the IM server for the online count now (it also arrives with member tips). */
  async function refreshOnlineCount(): Promise<void> {
    const roomID = currentRoom()
    if (!roomID || !client.ready) return
    try {
      const count = await client.getOnlineMemberCount(roomID)
      if (!stopped && currentRoom() === roomID) {
        pendingOnline = count
        schedule()
      }
    } catch {
      // Best effort: the count is decoration.
    }
  }

  function stop(): void {
    if (stopped) return
    stopped = true
    for (const off of subscriptions) off()
    discardPending()
  }

  if (getCurrentScope()) onScopeDispose(stop)
  if (currentRoom()) void refreshOnlineCount()

  return {
    messages: computed(() => store.messages),
    likeCount: computed(() => store.likeCount),
    onlineCount: computed(() => store.onlineCount),
    dismissed: readonly(dismissed),
    kickedOut: readonly(kickedOut),
    netState: readonly(netState),
    sending: readonly(sending),
    error: readonly(error),
    maxLength,
    validate,
    send,
    like,
    refreshOnlineCount,
    flush,
    stop,
  }
}
