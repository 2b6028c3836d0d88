// The chat of the current live room: its messages (the newest N), like count
// and online count. Incoming messages arrive in batches (useIMChat flushes a
// few times a second); each batch is one change of `messages`, so a busy room
// re-renders the list a few times a second, not once per message.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

export type ChatMessageKind = 'text' | 'like' | 'system'

export interface ChatMessage {
  id: string
  kind: ChatMessageKind
  /** '' for system messages. */
  userID: string
  nickName: string
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

export const DEFAULT_CHAT_LIMIT = 200

/** How many recent message IDs are remembered to drop redelivered messages. */
const SEEN_ID_LIMIT = 1000

export const useChatStore = defineStore('chat', () => {
  const roomID = ref<string | null>(null)
  const limit = ref(DEFAULT_CHAT_LIMIT)
  /** Replaced (never mutated) on each change: one reactive update per batch. */
  const messages = shallowRef<readonly ChatMessage[]>([])
  const likeCount = ref(0)
  /** Messages appended since the room began (kept or not): numbers each message for the view's slots. */
  const total = ref(0)
  /** null until the IM server has reported a count. */
  const onlineCount = ref<number | null>(null)

  let seen = new Set<string>()

  function remember(id: string): boolean {
    if (seen.has(id)) return false
    seen.add(id)
    if (seen.size > SEEN_ID_LIMIT) {
      // Sets iterate in insertion order: keep the newest half.
      seen = new Set([...seen].slice(-SEEN_ID_LIMIT / 2))
    }
    return true
  }

  /** Appends a batch; keeps the newest `limit` messages; drops messages already shown. */
  function appendBatch(batch: ChatBatch): void {
    const incoming = (batch.messages ?? []).filter((m) => remember(m.id))
    if (incoming.length > 0) {
      const keep = limit.value
      const merged = messages.value.length + incoming.length <= keep ? [...messages.value, ...incoming] : [...messages.value, ...incoming].slice(-keep)
      messages.value = merged
      total.value += incoming.length
    }
    if (batch.likes && batch.likes > 0) likeCount.value += batch.likes
    if (batch.onlineCount !== undefined && batch.onlineCount >= 0) onlineCount.value = batch.onlineCount
  }

  /** Starts the chat of another room (or none): everything is cleared. */
  function reset(nextRoomID: string | null = null): void {
    roomID.value = nextRoomID
    messages.value = []
    total.value = 0
    likeCount.value = 0
    onlineCount.value = null
    seen = new Set()
  }

  /** Changes how many messages are kept (at least 1); trims at once. */
  function setLimit(n: number): void {
    limit.value = Math.max(1, Math.floor(n))
    if (messages.value.length > limit.value) messages.value = messages.value.slice(-limit.value)
  }

  return { roomID, limit, messages, total, likeCount, onlineCount, appendBatch, reset, setLimit }
})

export type ChatStore = ReturnType<typeof useChatStore>
