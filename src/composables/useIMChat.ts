// The chat of one visit's room over an ImClient: what comes in (useChatIntake, batched by
// chatBatcher into the visit's own chat log), who entered (useEnterNotices), the online count
// (useOnlineCount) and what the user sends (useChatSender). Cleanup runs when the calling effect scope ends: a page's setup, or an
// effectScope in tests. The client is passed in; this file never loads the SDK.
import { computed, getCurrentScope, onScopeDispose, toValue, watch, type ComputedRef, type MaybeRefOrGetter, type Ref } from 'vue'
import { CHAT_TEXT_MAX_LENGTH } from '@liveroom/protocol/roomService'
import type { ImClient, NetState } from '@/adapters/im/types'
import { createChatBatcher } from './chatBatcher'
import { createChatLog, DEFAULT_CHAT_LIMIT, type ChatLog, type ChatMessage } from './chatLog'
import { useChatIntake } from './useChatIntake'
import { useChatSender, type ChatError, type ChatResult, type ChatSender } from './useChatSender'
import { useEnterNotices } from './useEnterNotices'
import { useOnlineCount } from './useOnlineCount'

export { SYSTEM_TEXT } from './useChatIntake'
export { LIKED_TEXT } from './chatBatcher'
export type { ChatError, ChatErrorCode, ChatResult, ChatSender } from './useChatSender'

export interface UseIMChatOptions {
  client: ImClient
  /** The room whose chat to follow; null for none. Changing it clears the chat. */
  roomID: MaybeRefOrGetter<string | null | undefined>
  /** The room has ended: its chat stays on screen, but nothing more can be sent. */
  closed?: MaybeRefOrGetter<boolean>
  /** Who we are in this chat. */
  sender: MaybeRefOrGetter<ChatSender>
  /** One enter notice per this many ms at most. Default 2000. */
  enterNoticeMs?: number
  /** Flush incoming messages at most this often, ms. Default 250. */
  flushIntervalMs?: number
  /** Flush at once when this many messages are pending. Default 50. */
  maxPending?: number
  /** Longest message in visible characters (an emoji is one). Default CHAT_TEXT_MAX_LENGTH (200). */
  maxLength?: number
  /** Least time between two sends, ms. Default 1000. */
  minSendIntervalMs?: number
  /** Least time between two likes, ms. Default 300. */
  minLikeIntervalMs?: number
  /** Messages kept. Default 200. */
  limit?: number
  /** Clock, ms. Default Date.now. */
  now?: () => number
}

export interface UseIMChatReturn {
  /** The chat as the list shows it: one stable object, its fields reactive. */
  log: ChatLog
  messages: ComputedRef<readonly ChatMessage[]>
  likeCount: ComputedRef<number>
  onlineCount: ComputedRef<number | null>
  dismissed: Readonly<Ref<boolean>>
  kickedOut: Readonly<Ref<boolean>>
  netState: Readonly<Ref<NetState>>
  sending: Readonly<Ref<boolean>>
  error: Readonly<Ref<ChatError | null>>
  maxLength: number
  validate(text: string): ChatError | null
  send(text: string): Promise<ChatResult>
  like(): Promise<ChatResult>
  refreshOnlineCount(): Promise<void>
  flush(): void
  stop(): void
}

export const CHAT_DEFAULTS = {
  flushIntervalMs: 250,
  maxPending: 50,
  maxLength: CHAT_TEXT_MAX_LENGTH,
  minSendIntervalMs: 1000,
  minLikeIntervalMs: 300,
} as const

export function useIMChat(options: UseIMChatOptions): UseIMChatReturn {
  const { client } = options
  const now = options.now ?? Date.now
  const maxLength = options.maxLength ?? CHAT_DEFAULTS.maxLength
  const log = createChatLog(options.limit ?? DEFAULT_CHAT_LIMIT)
  const batcher = createChatBatcher({
    log,
    flushIntervalMs: options.flushIntervalMs ?? CHAT_DEFAULTS.flushIntervalMs,
    maxPending: options.maxPending ?? CHAT_DEFAULTS.maxPending,
    now,
  })
  const roomID = (): string | null => toValue(options.roomID) || null
  let stopped = false

  const intake = useChatIntake({ client, batcher, roomID })
  const onlineCount = useOnlineCount({ client, batcher, roomID })
  const enterNotices = useEnterNotices({ client, roomID, self: () => toValue(options.sender).userID, add: batcher.add, windowMs: options.enterNoticeMs, now })
  const sender = useChatSender({
    client,
    batcher,
    roomID,
    closed: () => intake.dismissed.value || toValue(options.closed) === true,
    showing: (room) => !stopped && roomID() === room,
    sender: options.sender,
    maxLength,
    minSendIntervalMs: options.minSendIntervalMs ?? CHAT_DEFAULTS.minSendIntervalMs,
    minLikeIntervalMs: options.minLikeIntervalMs ?? CHAT_DEFAULTS.minLikeIntervalMs,
    now,
  })

  watch(roomID, (next) => {
    intake.reset()
    enterNotices.reset()
    sender.clearError()
    log.clear()
    if (next) void onlineCount.refresh()
  })

  function stop(): void {
    stopped = true
    intake.stop()
    enterNotices.stop()
    onlineCount.stop()
  }
  if (getCurrentScope()) onScopeDispose(stop)
  if (roomID()) void onlineCount.refresh()

  return {
    log,
    messages: computed(() => log.messages),
    likeCount: computed(() => log.likeCount),
    onlineCount: computed(() => log.onlineCount),
    dismissed: intake.dismissed,
    kickedOut: intake.kickedOut,
    netState: intake.netState,
    sending: sender.sending,
    error: sender.error,
    maxLength,
    validate: sender.validate,
    send: sender.send,
    like: sender.like,
    refreshOnlineCount: onlineCount.refresh,
    flush: batcher.flush,
    stop,
  }
}
