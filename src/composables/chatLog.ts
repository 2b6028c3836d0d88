// One visit's chat as the page shows it: the newest N messages, the like count and the online
// count. Messages arrive in batches; each batch is one change of `messages`, so a busy room
// re-renders the list a few times a second, not once per message.
import { reactive, shallowRef } from 'vue'

export type ChatMessageKind = 'text' | 'like' | 'system'

export interface ChatMessage {
  id: string
  kind: ChatMessageKind
  /** '' for system messages. */
  userID: string
  nickName: string
  /** The sender's avatar URL; absent or '' for none (system lines, senders without one). */
  avatar?: string
  text: string
  /** ms */
  time: number
}

export interface ChatBatch {
  messages?: readonly ChatMessage[]
  /** Likes to add to the count (they may be fewer list entries than likes). */
  likes?: number
  /** The latest online count seen, if any. */
  onlineCount?: number
}

export interface ChatLog {
  /** Replaced (never mutated) on each change: one reactive update per batch. */
  readonly messages: readonly ChatMessage[]
  /** Messages appended since the chat began (kept or not): numbers each message for the view's slots. */
  readonly total: number
  readonly likeCount: number
  /** null until the IM server has reported a count. */
  readonly onlineCount: number | null
  /** Appends a batch; keeps the newest `limit` messages; drops messages already shown. */
  appendBatch(batch: ChatBatch): void
  /** Empties the chat (another room's begins). */
  clear(): void
}

export const DEFAULT_CHAT_LIMIT = 200

/** How many recent message IDs are remembered to drop redelivered messages. */
const SEEN_ID_LIMIT = 1000

export function createChatLog(limit = DEFAULT_CHAT_LIMIT): ChatLog {
  const keep = Math.max(1, Math.floor(limit))
  const messages = shallowRef<readonly ChatMessage[]>([])
  let seen = new Set<string>()

  function remember(id: string): boolean {
    if (seen.has(id)) return false
    seen.add(id)
    // Sets iterate in insertion order: keep the newest half.
    if (seen.size > SEEN_ID_LIMIT) seen = new Set([...seen].slice(-SEEN_ID_LIMIT / 2))
    return true
  }

  const log = reactive({
    messages,
    total: 0,
    likeCount: 0,
    onlineCount: null as number | null,
    appendBatch(batch: ChatBatch): void {
      const incoming = (batch.messages ?? []).filter((m) => remember(m.id))
      if (incoming.length > 0) {
        const merged = [...messages.value, ...incoming]
        messages.value = merged.length <= keep ? merged : merged.slice(-keep)
        log.total += incoming.length
      }
      if (batch.likes && batch.likes > 0) log.likeCount += batch.likes
      if (batch.onlineCount !== undefined && batch.onlineCount >= 0) log.onlineCount = batch.onlineCount
    },
    clear(): void {
      messages.value = []
      Object.assign(log, { total: 0, likeCount: 0, onlineCount: null })
      seen = new Set()
    },
  })
  return log
}
