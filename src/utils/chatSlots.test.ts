import { describe, expect, it } from 'vitest'
import type { ChatMessage } from '@/composables/chatLog'
import { toChatSlots } from './chatSlots'

const msg = (n: number): ChatMessage => ({ id: `m${n}`, kind: 'text', userID: 'u', nickName: '小明', text: `第${n}条`, time: n })
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => msg(from + i))

function changedSlots(before: ReturnType<typeof toChatSlots>, after: ReturnType<typeof toChatSlots>): number {
  return after.filter((slot, i) => JSON.stringify(slot) !== JSON.stringify(before[i])).length
}

describe('toChatSlots', () => {
  it('places each message at seq % capacity and orders by seq', () => {
    const slots = toChatSlots(range(0, 3), 3, 4)
    expect(slots.map((s) => s.id)).toEqual(['m0', 'm1', 'm2'])
    const wrapped = toChatSlots(range(3, 7), 7, 4)
    expect(wrapped.map((s) => s.id)).toEqual(['m4', 'm5', 'm6', 'm3'])
    expect([...wrapped].sort((a, b) => a.seq - b.seq).map((s) => s.text)).toEqual(['第3条', '第4条', '第5条', '第6条'])
  })

  it.each([10, 100, 1000])('changes one slot per new message with %i already held', (held) => {
    const capacity = 200
    const kept = (total: number) => range(Math.max(0, total - capacity), total)
    const before = toChatSlots(kept(held), held, capacity)
    const after = toChatSlots(kept(held + 1), held + 1, capacity)
    expect(changedSlots(before, after)).toBe(1)
  })

  it('has no slots before the first message, and grows one slot per message up to capacity', () => {
    expect(toChatSlots([], 0, 50)).toEqual([])
    const before = toChatSlots(range(0, 5), 5, 50)
    const after = toChatSlots(range(0, 6), 6, 50)
    expect(before).toHaveLength(5)
    expect(after).toHaveLength(6)
    expect(after.slice(0, 5)).toEqual(before)
    expect(toChatSlots(range(0, 80), 80, 50)).toHaveLength(50)
  })

  it("carries the sender's avatar, '' (the placeholder) when the message has none", () => {
    const slots = toChatSlots([{ ...msg(0), avatar: 'https://h/1.png' }, msg(1)], 2, 50)
    expect(slots.map((s) => s.avatar)).toEqual(['https://h/1.png', ''])
  })

  it('leaves an empty slot where a message was dropped', () => {
    const slots = toChatSlots(range(2, 4), 4, 50)
    expect(slots.map((s) => s.id)).toEqual(['', '', 'm2', 'm3'])
  })

  it('shows only the newest `capacity` when given more', () => {
    const slots = toChatSlots(range(0, 10), 10, 4)
    expect(slots.map((s) => s.id).sort()).toEqual(['m6', 'm7', 'm8', 'm9'])
  })
})
