// Incoming chat waits in a pending batch that goes to the log every `flushIntervalMs` (or at once
// when `maxPending` pile up): one append per flush, however many messages came in between.
import type { ChatLog, ChatMessage } from './chatLog'

export interface ChatBatcherOptions {
  log: ChatLog
  flushIntervalMs: number
  maxPending: number
  now: () => number
}

export interface ChatBatcher {
  add(message: ChatMessage): void
  /** Counts a like; a flurry from one user is one list entry per flush. */
  addLike(like: Omit<ChatMessage, 'kind' | 'text'>): void
  setOnlineCount(count: number): void
  /** A system line (room closed, network lost…), shown at once. */
  system(text: string): void
  flush(): void
  /** Drops what is pending (the room changed, or the chat ended). */
  discard(): void
}

export const LIKED_TEXT = '点了赞'

/** Numbers system messages; module-wide so that no two chats ever make the same ID. */
let systemSeq = 0

export function createChatBatcher({ log, flushIntervalMs, maxPending, now }: ChatBatcherOptions): ChatBatcher {
  let pending: ChatMessage[] = []
  let likes = 0
  let onlineCount: number | undefined
  /** Users with a like entry in the pending batch. */
  let likers = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | null = null

  function take() {
    if (timer !== null) clearTimeout(timer)
    timer = null
    const batch = { messages: pending, likes, onlineCount }
    pending = []
    likes = 0
    onlineCount = undefined
    likers = new Set()
    return batch
  }

  function flush(): void {
    const batch = take()
    if (batch.messages.length > 0 || batch.likes > 0 || batch.onlineCount !== undefined) log.appendBatch(batch)
  }

  function schedule(): void {
    if (pending.length >= Math.max(1, maxPending)) flush()
    else timer ??= setTimeout(flush, flushIntervalMs)
  }

  return {
    add(message) {
      pending.push(message)
      schedule()
    },
    addLike(like) {
      likes++
      if (!likers.has(like.userID)) {
        likers.add(like.userID)
        pending.push({ ...like, kind: 'like', text: LIKED_TEXT })
      }
      schedule()
    },
    setOnlineCount(count) {
      onlineCount = count
      schedule()
    },
    system(text) {
      const time = now()
      pending.push({ id: `system-${time}-${++systemSeq}`, kind: 'system', userID: '', nickName: '', text, time })
      flush()
    },
    flush,
    discard: () => void take(),
  }
}
