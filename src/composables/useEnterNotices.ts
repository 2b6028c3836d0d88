// 欢迎 X 进入直播间: who entered the room, from the IM group's join tips, as chat lines. A busy room
// is not flooded: those who enter within one window share one line (欢迎 A、B 等 5 人进入直播间), so
// there is at most one such line per window, and it goes through the chat's batch like any message.
import { onScopeDispose } from 'vue'
import type { GroupMember, ImClient } from '@/adapters/im/types'
import type { ChatMessage } from './chatLog'

export interface UseEnterNoticesOptions {
  client: ImClient
  /** The room whose entries are told, or null. */
  roomID: () => string | null
  /** Our own user ID: we are not welcomed to our own room. */
  self: () => string
  /** Where a notice goes (the chat's batch). */
  add: (message: ChatMessage) => void
  /** One notice per this many ms at most. Default 2000. */
  windowMs?: number
  /** Clock, ms. Default Date.now. */
  now?: () => number
}

export interface UseEnterNoticesReturn {
  /** Forgets who entered in the current window (the room changed). */
  reset(): void
  stop(): void
}

/** Names shown in one notice; the rest are counted. */
const NAMES_SHOWN = 2

export function enterNoticeText(names: readonly string[], count: number): string {
  const shown = names.slice(0, NAMES_SHOWN).join('、')
  return count > NAMES_SHOWN ? `欢迎 ${shown} 等 ${count} 人进入直播间` : `欢迎 ${shown} 进入直播间`
}

let noticeSeq = 0

export function useEnterNotices({ client, roomID, self, add, windowMs = 2000, now = Date.now }: UseEnterNoticesOptions): UseEnterNoticesReturn {
  /** Who entered in this window, by user ID (entering twice counts once). */
  let entered = new Map<string, GroupMember>()
  let timer: ReturnType<typeof setTimeout> | null = null

  function tell(): void {
    timer = null
    const members = [...entered.values()]
    entered = new Map()
    if (members.length === 0) return
    const text = enterNoticeText(
      members.map((m) => m.nickName || m.userID),
      members.length,
    )
    const time = now()
    add({ id: `enter-${time}-${++noticeSeq}`, kind: 'system', userID: '', nickName: '', text, time })
  }

  const off = client.on('membersChanged', (e) => {
    if (e.roomID !== roomID()) return
    if (e.change === 'left') {
      // Gone before the notice: not welcomed.
      e.members.forEach((m) => entered.delete(m.userID))
      return
    }
    for (const m of e.members) if (m.userID !== self()) entered.set(m.userID, m)
    if (entered.size > 0) timer ??= setTimeout(tell, windowMs)
  })

  function reset(): void {
    if (timer !== null) clearTimeout(timer)
    timer = null
    entered = new Map()
  }

  function stop(): void {
    off()
    reset()
  }
  onScopeDispose(stop)

  return { reset, stop }
}
