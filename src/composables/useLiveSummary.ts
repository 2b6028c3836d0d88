// The live-end summary of a visit's room: fetched once when the room closes, for the ended overlay.
// A summary that cannot be had (service down, expired, too slow) leaves just the ended notice.
import { onScopeDispose, shallowRef, watch, type ShallowRef } from 'vue'
import type { GetRoomSummaryReply } from '@liveroom/protocol/roomService'
import type { RoomServiceClient } from '@/adapters/roomService'
import type { RoomRole, RoomState } from './roomState'

export type LiveSummary = Omit<GetRoomSummaryReply, 'code' | 'message'>

/** One line of the summary overlay: `key` names it for the page. */
export interface LiveSummaryRow {
  key: 'duration' | 'peak' | 'total' | 'coAnchors' | 'chat' | 'likes'
  label: string
  value: string
}

export interface UseLiveSummaryOptions {
  roomService: Pick<RoomServiceClient, 'getRoomSummary'>
  room: RoomState
  /** How long the summary may take, ms: later than that the page has moved on from the end. */
  timeoutMs?: number
}

export interface UseLiveSummaryReturn {
  /** The closed room's figures; null before the end, or when they could not be had. */
  summary: Readonly<ShallowRef<LiveSummary | null>>
}

export function useLiveSummary(options: UseLiveSummaryOptions): UseLiveSummaryReturn {
  const { roomService, room, timeoutMs = 10_000 } = options
  const summary = shallowRef<LiveSummary | null>(null)
  /** Counts fetches: one whose visit has moved on (entered again, page gone) is dropped. */
  let attempt = 0
  let deadline: ReturnType<typeof setTimeout> | undefined

  async function fetch(roomID: string): Promise<void> {
    const mine = ++attempt
    const late = new Promise<null>((resolve) => (deadline = setTimeout(() => resolve(null), timeoutMs)))
    const found = await Promise.race([roomService.getRoomSummary(roomID), late]).catch(() => null)
    clearTimeout(deadline)
    if (mine !== attempt || !found) return
    const { code: _code, message: _message, ...figures } = found
    summary.value = figures
  }

  watch(
    () => room.phase,
    (phase) => {
      if (phase === 'closed' && room.details) void fetch(room.details.roomID)
      else if (phase === 'entering') {
        attempt++
        summary.value = null
      }
    },
  )
  onScopeDispose(() => {
    attempt++
    clearTimeout(deadline)
  })

  return { summary }
}

/** "H:MM:SS" from an hour on, else "MM:SS". */
export function formatDuration(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`
}

/** What the overlay lists: the anchor gets the figures, the audience how long it lasted. Uncounted figures are left out. */
export function summaryRows(summary: LiveSummary, role: RoomRole | null): LiveSummaryRow[] {
  const rows: LiveSummaryRow[] = [{ key: 'duration', label: '直播时长', value: formatDuration(summary.duration) }]
  if (role !== 'anchor') return rows
  rows.push(
    { key: 'peak', label: '最高在线', value: `${summary.peakViewers} 人` },
    { key: 'total', label: '累计观众', value: `${summary.totalViewers} 人` },
    { key: 'coAnchors', label: '连麦嘉宾', value: `${summary.coAnchors} 人` },
  )
  if (summary.chatMessages !== null) rows.push({ key: 'chat', label: '聊天消息', value: `${summary.chatMessages} 条` })
  if (summary.likes !== null) rows.push({ key: 'likes', label: '点赞', value: `${summary.likes} 个` })
  return rows
}
