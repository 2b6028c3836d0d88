import { describe, expect, it } from 'vitest'
import { watch } from 'vue'
import { createChatLog, type ChatMessage } from './chatLog'

const msg = (i: number, kind: ChatMessage['kind'] = 'text'): ChatMessage => ({
  id: `m${i}`,
  kind,
  userID: 'u',
  nickName: 'n',
  text: `t${i}`,
  time: i,
})

describe('chat log', () => {
  it('appends batches in order and keeps the newest 200 by default', () => {
    const log = createChatLog()
    log.appendBatch({ messages: Array.from({ length: 150 }, (_, i) => msg(i)) })
    log.appendBatch({ messages: Array.from({ length: 150 }, (_, i) => msg(150 + i)) })
    expect(log.messages).toHaveLength(200)
    expect(log.messages[0].id).toBe('m100')
    expect(log.messages[199].id).toBe('m299')
  })

  it('replaces the list once per batch, and only when messages came', () => {
    const log = createChatLog()
    let changes = 0
    watch(() => log.messages, () => changes++, { flush: 'sync' })
    log.appendBatch({ messages: [msg(1), msg(2)] })
    log.appendBatch({ likes: 3 })
    expect(changes).toBe(1)
  })

  it('counts likes and keeps the latest online count', () => {
    const log = createChatLog()
    expect(log.onlineCount).toBeNull()
    log.appendBatch({ likes: 2, onlineCount: 5 })
    log.appendBatch({ likes: 1 })
    log.appendBatch({ onlineCount: 4 })
    expect(log.likeCount).toBe(3)
    expect(log.onlineCount).toBe(4)
  })

  it('drops a message it has already shown', () => {
    const log = createChatLog()
    log.appendBatch({ messages: [msg(1), msg(2)] })
    log.appendBatch({ messages: [msg(2), msg(3)] })
    expect(log.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'm3'])
  })

  it('clears everything for another room', () => {
    const log = createChatLog()
    log.appendBatch({ messages: [msg(1)], likes: 1, onlineCount: 9 })
    log.clear()
    expect(log.messages).toEqual([])
    expect(log.likeCount).toBe(0)
    expect(log.onlineCount).toBeNull()
    expect(log.total).toBe(0)
    log.appendBatch({ messages: [msg(1)] })
    expect(log.messages).toHaveLength(1)
  })

  it('keeps as many messages as it was made for', () => {
    const log = createChatLog(3)
    log.appendBatch({ messages: Array.from({ length: 10 }, (_, i) => msg(i)) })
    expect(log.messages.map((m) => m.id)).toEqual(['m7', 'm8', 'm9'])
    log.appendBatch({ messages: [msg(10)] })
    expect(log.messages.map((m) => m.id)).toEqual(['m8', 'm9', 'm10'])
  })

  it('numbers every message appended, kept or dropped', () => {
    const log = createChatLog(3)
    log.appendBatch({ messages: Array.from({ length: 5 }, (_, i) => msg(i)) })
    log.appendBatch({ messages: [msg(4), msg(5)] })
    expect(log.total).toBe(6)
    expect(log.messages).toHaveLength(3)
  })

  it('is one per chat: two logs never share messages', () => {
    const a = createChatLog()
    const b = createChatLog()
    a.appendBatch({ messages: [msg(1)] })
    expect(b.messages).toEqual([])
  })
})
