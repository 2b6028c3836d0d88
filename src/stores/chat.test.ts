import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useChatStore, type ChatMessage } from './chat'

const msg = (i: number, kind: ChatMessage['kind'] = 'text'): ChatMessage => ({
  id: `m${i}`,
  kind,
  userID: 'u',
  nickName: 'n',
  text: `t${i}`,
  time: i,
})

describe('chat store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
  })

  it('appends batches in order and keeps the newest 200 by default', () => {
    const store = useChatStore()
    store.appendBatch({ messages: Array.from({ length: 150 }, (_, i) => msg(i)) })
    store.appendBatch({ messages: Array.from({ length: 150 }, (_, i) => msg(150 + i)) })
    expect(store.messages).toHaveLength(200)
    expect(store.messages[0].id).toBe('m100')
    expect(store.messages[199].id).toBe('m299')
  })

  it('replaces the list once per batch', () => {
    const store = useChatStore()
    const before = store.messages
    store.appendBatch({ messages: [msg(1), msg(2)] })
    expect(store.messages).not.toBe(before)
    const after = store.messages
    store.appendBatch({ likes: 3 })
    expect(store.messages).toBe(after)
  })

  it('counts likes and keeps the latest online count', () => {
    const store = useChatStore()
    expect(store.onlineCount).toBeNull()
    store.appendBatch({ likes: 2, onlineCount: 5 })
    store.appendBatch({ likes: 1 })
    store.appendBatch({ onlineCount: 4 })
    expect(store.likeCount).toBe(3)
    expect(store.onlineCount).toBe(4)
  })

  it('drops a message it has already shown', () => {
    const store = useChatStore()
    store.appendBatch({ messages: [msg(1), msg(2)] })
    store.appendBatch({ messages: [msg(2), msg(3)] })
    expect(store.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3'])
  })

  it('clears everything on room change', () => {
    const store = useChatStore()
    store.reset('room1')
    store.appendBatch({ messages: [msg(1)], likes: 1, onlineCount: 9 })
    store.reset('room2')
    expect(store.roomID).toBe('room2')
    expect(store.messages).toEqual([])
    expect(store.likeCount).toBe(0)
    expect(store.onlineCount).toBeNull()
    store.appendBatch({ messages: [msg(1)] })
    expect(store.messages).toHaveLength(1)
  })

  it('applies a new limit at once', () => {
    const store = useChatStore()
    store.appendBatch({ messages: Array.from({ length: 10 }, (_, i) => msg(i)) })
    store.setLimit(3)
    expect(store.messages.map((m) => m.id)).toEqual(['m7', 'm8', 'm9'])
    store.appendBatch({ messages: [msg(10)] })
    expect(store.messages.map((m) => m.id)).toEqual(['m8', 'm9', 'm10'])
  })

  it('numbers every message appended, kept or dropped, and restarts per room', () => {
    const store = useChatStore()
    store.setLimit(3)
    store.appendBatch({ messages: Array.from({ length: 5 }, (_, i) => msg(i)) })
    store.appendBatch({ messages: [msg(4), msg(5)] })
    expect(store.total).toBe(6)
    expect(store.messages).toHaveLength(3)
    store.reset('room2')
    expect(store.total).toBe(0)
  })
})
