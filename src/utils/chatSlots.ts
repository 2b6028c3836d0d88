// Chat messages laid out in fixed slots, so the view layer gets one changed slot per new message.
//
// A mini-program re-renders through setData, and uni-app diffs render data by array index.
// A plain "last N messages" list shifts every index once it is full, so each new message
// would resend all N. Here message number `seq` always lives in slot `seq % capacity` and
// is ordered on screen by `seq` (flex `order`), so an arriving message changes one slot
// (the oldest one it replaces), whatever the number held.
//
// There are only as many slots as messages so far, up to `capacity`: empty slots sent at mount
// would be most of what entering a room costs the render thread. Until the list is full, a new
// message appends one slot (uni sends just that index); after that it replaces one.
import type { ChatMessage } from '@/composables/chatLog'

export interface ChatSlot {
  /** '' for an empty slot. */
  id: string
  seq: number
  kind: ChatMessage['kind']
  /** The sender, so a tap on its name can say who ('' for system lines). */
  userID: string
  nickName: string
  /** The sender's avatar URL, '' for none (the placeholder shows). */
  avatar: string
  text: string
}

const EMPTY: ChatSlot = { id: '', seq: 0, kind: 'system', userID: '', nickName: '', avatar: '', text: '' }

/**
 * `messages` are the newest ones in order; `total` counts every message appended since the room began.
 * Returns min(total, capacity) slots: an empty one only where a message was dropped (the store cleared).
 */
export function toChatSlots(messages: readonly ChatMessage[], total: number, capacity: number): ChatSlot[] {
  const slots: ChatSlot[] = new Array<ChatSlot>(Math.min(Math.max(0, total), capacity)).fill(EMPTY)
  const first = total - messages.length
  const start = Math.max(0, messages.length - capacity)
  for (let i = start; i < messages.length; i++) {
    const m = messages[i]
    const seq = first + i
    slots[seq % capacity] = { id: m.id, seq, kind: m.kind, userID: m.userID, nickName: m.nickName, avatar: m.avatar ?? '', text: m.text }
  }
  return slots
}
