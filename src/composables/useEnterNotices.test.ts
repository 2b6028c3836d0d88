import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, type EffectScope } from 'vue'
import type { ImClient } from '@/adapters/im/types'
import { FakeImServer } from '../../test/support/fakeIm'
import type { ChatMessage } from './chatLog'
import { enterNoticeText, useEnterNotices } from './useEnterNotices'
import { useIMChat } from './useIMChat'

/** Lets the fake's deliveries (promise jobs) run; setImmediate stays real under the fake timers below. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

let scope: EffectScope
let server: FakeImServer
let anchor: ImClient

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  scope = effectScope()
  server = new FakeImServer()
  anchor = await server.connect('anchor')
  await anchor.joinRoomGroup('room1', { create: true, name: '直播' })
})
afterEach(() => {
  scope.stop()
  vi.useRealTimers()
})

/** A viewer with an IM nick (or none) enters room1. */
async function enters(userID: string, nickName?: string) {
  const client = await server.connect(userID)
  if (nickName) await client.setNickName(nickName)
  await client.joinRoomGroup('room1', { create: false })
  await settle()
  return client
}

function anchorNotices() {
  const added: ChatMessage[] = []
  scope.run(() => useEnterNotices({ client: anchor, roomID: () => 'room1', self: () => 'anchor', add: (m) => added.push(m) }))
  return added
}

describe('enterNoticeText', () => {
  it('names one or two, and counts the rest', () => {
    expect(enterNoticeText(['A'], 1)).toBe('欢迎 A 进入直播间')
    expect(enterNoticeText(['A', 'B'], 2)).toBe('欢迎 A、B 进入直播间')
    expect(enterNoticeText(['A', 'B', 'C', 'D', 'E'], 5)).toBe('欢迎 A、B 等 5 人进入直播间')
  })
})

describe('useEnterNotices', () => {
  it('welcomes a viewer by its IM nick, once the window has passed', async () => {
    const added = anchorNotices()
    await enters('v1', '观众小李')
    expect(added).toEqual([])
    await vi.advanceTimersByTimeAsync(2000)
    expect(added.map((m) => [m.kind, m.text])).toEqual([['system', '欢迎 观众小李 进入直播间']])
  })

  it('tells a busy room one line per window, naming two and counting everyone, the user ID for a viewer without a nick', async () => {
    const added = anchorNotices()
    await enters('v1')
    await enters('v2', '小张')
    for (const id of ['v3', 'v4', 'v5']) await enters(id, id.toUpperCase())
    await vi.advanceTimersByTimeAsync(2000)
    expect(added.map((m) => m.text)).toEqual(['欢迎 v1、小张 等 5 人进入直播间'])

    await enters('v6', '小六')
    await vi.advanceTimersByTimeAsync(1999)
    expect(added).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(added.map((m) => m.text)).toEqual(['欢迎 v1、小张 等 5 人进入直播间', '欢迎 小六 进入直播间'])
    expect(new Set(added.map((m) => m.id)).size).toBe(2)
  })

  it('does not welcome a viewer who left before the notice, nor anyone to another room', async () => {
    const added = anchorNotices()
    const v1 = await enters('v1', '匆匆')
    await v1.quitRoomGroup('room1')
    const other = await server.connect('other')
    await other.joinRoomGroup('room2', { create: true, name: '别的' })
    await (await server.connect('v2')).joinRoomGroup('room2', { create: false })
    await settle()
    await vi.advanceTimersByTimeAsync(2000)
    expect(added).toEqual([])
  })

  it('reaches the chat through its batch, the viewer itself not welcomed', async () => {
    const chat = scope.run(() => useIMChat({ client: anchor, roomID: 'room1', sender: { userID: 'anchor', nickName: '主播', headPic: '' }, flushIntervalMs: 50 }))!
    const viewer = await enters('v1', '观众小李')
    const viewerChat = scope.run(() => useIMChat({ client: viewer, roomID: 'room1', sender: { userID: 'v1', nickName: '观众小李', headPic: '' } }))!
    await vi.advanceTimersByTimeAsync(2000)
    expect(chat.messages.value.map((m) => m.text)).toEqual([])
    await vi.advanceTimersByTimeAsync(50)
    expect(chat.messages.value.map((m) => m.text)).toEqual(['欢迎 观众小李 进入直播间'])
    expect(viewerChat.messages.value).toEqual([])
  })
})
