// The danmaku layer's feed over a real chat log: lanes, the on-screen cap, drops, expiry and the toggle.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, watch, type EffectScope } from 'vue'
import type { WxShim } from '../../test/support/wxShim'
import { installWeChat } from '../../test/support/unitWeChat'
import { createChatLog, type ChatLog, type ChatMessage } from './chatLog'
import { DANMAKU_STORAGE_KEY, useDanmaku, type UseDanmakuOptions } from './useDanmaku'

let shim: WxShim
let scope: EffectScope
let log: ChatLog
let seq = 0

beforeEach(() => {
  vi.useFakeTimers()
  shim = installWeChat()
  scope = effectScope()
  log = createChatLog()
})
afterEach(() => {
  scope.stop()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const OPTIONS = { lanes: 4, maxOnScreen: 16, durationMs: 7000, laneGapMs: 1500, sweepSlackMs: 500 } as const

function mount(options: Partial<UseDanmakuOptions> = {}) {
  return scope.run(() => useDanmaku({ log, ...OPTIONS, ...options }))!
}

const text = (t: string): ChatMessage => ({ id: `m${++seq}`, kind: 'text', userID: 'u1', nickName: '观众', text: t, time: Date.now() })
/** One chat flush carrying these texts. */
const flush = (...texts: string[]) => log.appendBatch({ messages: texts.map(text) })
const shown = (d: ReturnType<typeof mount>) => d.feed.items.filter((i) => i.id !== '').map((i) => `${i.lane}:${i.text}`)

describe('useDanmaku', () => {
  it('puts each new chat text in a free lane, one per lane, and drops what does not fit', () => {
    const d = mount()
    flush('一', '二', '三', '四', '五', '六')
    expect(shown(d)).toEqual(['0:一', '1:二', '2:三', '3:四'])
    expect(d.dropped.value).toBe(2)
    // Only what the layer draws goes to it.
    expect(Object.keys(d.feed.items[0]).sort()).toEqual(['id', 'lane', 'text'])

    vi.advanceTimersByTime(1000)
    flush('七')
    expect(d.dropped.value).toBe(3)
    vi.advanceTimersByTime(500)
    flush('八')
    expect(shown(d)).toEqual(['0:一', '1:二', '2:三', '3:四', '0:八'])
  })

  it('holds at most maxOnScreen items, whatever the lanes', () => {
    const d = mount({ lanes: 8, maxOnScreen: 3 })
    flush('一', '二', '三', '四', '五')
    expect(shown(d)).toEqual(['0:一', '1:二', '2:三'])
    expect(d.feed.items).toHaveLength(3)
    expect(d.dropped.value).toBe(2)
  })

  it('enters a flush in one change; a crossed item makes room in the next entry’s change, and the quiet layer empties in one sweep', () => {
    const d = mount()
    let changes = 0
    scope.run(() => watch(() => d.feed.items, () => changes++, { flush: 'sync' }))
    flush('一', '二')
    expect(changes).toBe(1)
    vi.advanceTimersByTime(300)
    flush('三')
    expect(changes).toBe(2)

    // 一 and 二 have crossed: 四 takes the first slot in its own change, nothing else is sent.
    vi.advanceTimersByTime(7000 - 300)
    flush('四')
    expect(changes).toBe(3)
    expect(d.feed.items.map((i) => i.text)).toEqual(['四', '二', '三'])

    // Quiet from here: the layer empties once, after the last item has crossed.
    vi.advanceTimersByTime(7000 + 499)
    expect(changes).toBe(3)
    vi.advanceTimersByTime(1)
    expect(changes).toBe(4)
    expect(shown(d)).toEqual([])
    // The slots stay (emptied): the next item takes the first free one, not a new one.
    expect(d.feed.items).toHaveLength(3)
    flush('五')
    expect(d.feed.items.map((i) => i.text)).toEqual(['五', '', ''])
    expect(vi.getTimerCount()).toBe(1)
  })

  it('shows chat text only, cut to a short line without splitting an emoji', () => {
    const d = mount({ maxTextLength: 5 })
    log.appendBatch({
      messages: [
        { ...text(''), kind: 'like', text: '点了赞' },
        { ...text(''), kind: 'system', text: '网络已恢复' },
        text('👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧'),
      ],
    })
    expect(shown(d)).toEqual(['0:👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧👨‍👩‍👧…'])
    expect(d.dropped.value).toBe(0)
  })

  it('is off when toggled off, remembers that, and on again shows new chat only', () => {
    const d = mount()
    flush('一')
    d.toggle()
    expect(d.enabled.value).toBe(false)
    expect(d.feed.items).toEqual([])
    flush('二')
    expect(shown(d)).toEqual([])
    expect(d.dropped.value).toBe(0)
    expect(shim.storage.get(DANMAKU_STORAGE_KEY)).toBe(false)

    // The next visit starts off too.
    const next = mount()
    expect(next.enabled.value).toBe(false)
    next.toggle()
    flush('三')
    expect(shown(next)).toEqual(['0:三'])
    expect(shim.storage.get(DANMAKU_STORAGE_KEY)).toBe(true)
  })

  it('empties when the chat is cleared for another room, and stops its sweep with the scope', () => {
    const d = mount()
    flush('一')
    log.clear()
    expect(d.feed.items).toEqual([])
    flush('二')
    expect(shown(d)).toEqual(['0:二'])
    scope.stop()
    expect(vi.getTimerCount()).toBe(0)
  })
})
