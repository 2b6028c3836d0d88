// Chat text flying across the video (弹幕), fed by the chat log's batches. Bounded: `lanes` rows,
// one new item per lane every `laneGapMs` (so items do not run into each other as they enter) and
// at most `maxOnScreen` at once; what does not fit is dropped and counted, never queued. Batched:
// items enter once per chat flush (the log's one change per batch). An item that has crossed is
// off screen (its animation ends there), so its slot is simply taken by the next entry, in that
// entry's change; once the chat goes quiet, one sweep empties the layer.
import { onScopeDispose, reactive, readonly, ref, shallowRef, watch, type Ref } from 'vue'
import { truncateVisible } from '@liveroom/protocol/text'
import { readStorage, writeStorage } from '@/adapters/uni/storage'
import type { ChatLog, ChatMessage } from './chatLog'

/** One slot of the layer: `id` '' when free. Only these three fields go to the render thread. */
export interface DanmakuItem {
  id: string
  text: string
  lane: number
}

/** What the layer reads: one stable object, so new danmaku re-render the layer only. */
export interface DanmakuFeed {
  /**
   * Fixed slots, as many as ever used at once (at most `maxOnScreen`): an entering item changes
   * one slot, so setData carries that slot only (see utils/chatSlots.ts).
   */
  readonly items: readonly DanmakuItem[]
  readonly durationMs: number
}

export interface UseDanmakuOptions {
  log: Pick<ChatLog, 'messages' | 'total'>
  /** Rows across the video. Default 4. */
  lanes?: number
  /** Items on screen at most. Default 16. */
  maxOnScreen?: number
  /** How long an item takes to cross the screen, ms. Default 7000. */
  durationMs?: number
  /** Least time between two items entering one lane, ms. Default 1500. */
  laneGapMs?: number
  /** Longest text shown, in visible characters (longer ones end in …). Default 30. */
  maxTextLength?: number
  /** The layer is emptied this long after its last item has crossed, ms. Default 500. */
  sweepSlackMs?: number
  now?: () => number
}

export interface UseDanmakuReturn {
  feed: DanmakuFeed
  /** Shown on this phone (remembered across visits). */
  enabled: Readonly<Ref<boolean>>
  /** Danmaku that did not fit (no free lane, or the screen full) since the visit began. */
  dropped: Readonly<Ref<number>>
  toggle(): void
}

export const DANMAKU_STORAGE_KEY = 'live-room:danmaku'

const FREE: DanmakuItem = { id: '', text: '', lane: 0 }

export function useDanmaku(options: UseDanmakuOptions): UseDanmakuReturn {
  const { log } = options
  const lanes = options.lanes ?? 4
  const maxOnScreen = options.maxOnScreen ?? 16
  const durationMs = options.durationMs ?? 7000
  const laneGapMs = options.laneGapMs ?? 1500
  const maxTextLength = options.maxTextLength ?? 30
  const sweepSlackMs = options.sweepSlackMs ?? 500
  const now = options.now ?? Date.now

  const enabled = ref(readStorage(DANMAKU_STORAGE_KEY, (v): v is boolean => typeof v === 'boolean') ?? true)
  const dropped = ref(0)
  const items = shallowRef<readonly DanmakuItem[]>([])
  /** When each slot's item has crossed the screen (0: free). */
  let leavesAt: number[] = []
  /** When each lane may take its next item. */
  const laneOpensAt: number[] = new Array<number>(lanes).fill(0)
  let sweepTimer: ReturnType<typeof setTimeout> | null = null

  function enter(messages: readonly ChatMessage[]): void {
    const t = now()
    const next = [...items.value]
    let entered = false
    for (const m of messages) {
      if (m.kind !== 'text') continue
      const lane = laneOpensAt.findIndex((at) => at <= t)
      // A free slot, or one whose item has crossed.
      const free = next.findIndex((_item, i) => leavesAt[i] <= t)
      const slot = free >= 0 ? free : next.length < maxOnScreen ? next.length : -1
      if (lane < 0 || slot < 0) {
        dropped.value++
        continue
      }
      laneOpensAt[lane] = t + laneGapMs
      next[slot] = { id: m.id, text: truncateVisible(m.text, maxTextLength), lane }
      leavesAt[slot] = t + durationMs
      entered = true
    }
    if (!entered) return
    items.value = next
    scheduleSweep()
  }

  /** After the last item has crossed: each entry pushes it back. */
  function scheduleSweep(): void {
    if (sweepTimer !== null) clearTimeout(sweepTimer)
    sweepTimer = setTimeout(sweep, Math.max(0, Math.max(...leavesAt) - now()) + sweepSlackMs)
  }

  /** Frees every slot, in one change: all their items have crossed. */
  function sweep(): void {
    sweepTimer = null
    items.value = items.value.map(() => FREE)
    leavesAt.fill(0)
  }

  function clear(): void {
    if (sweepTimer !== null) clearTimeout(sweepTimer)
    sweepTimer = null
    if (items.value.length > 0) items.value = []
    leavesAt = []
    laneOpensAt.fill(0)
  }

  let heard = log.total
  // Sync: the log changes once per chat flush, so this runs once per flush, with the batch at the end.
  watch(
    () => log.total,
    (total) => {
      const added = total - heard
      heard = total
      if (added <= 0) clear() // the log was cleared: another room's chat begins
      else if (enabled.value) enter(log.messages.slice(-Math.min(added, log.messages.length)))
    },
    { flush: 'sync' },
  )
  onScopeDispose(clear)

  return {
    feed: reactive({ items, durationMs }),
    enabled: readonly(enabled),
    dropped: readonly(dropped),
    toggle() {
      enabled.value = !enabled.value
      writeStorage(DANMAKU_STORAGE_KEY, enabled.value)
      if (!enabled.value) clear()
    },
  }
}
