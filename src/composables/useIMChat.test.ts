import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref, watch, type EffectScope } from 'vue'
import { FakeImServer } from '../../test/support/fakeIm'
import type { ImClient } from '@/adapters/im/types'
import type { ChatLog, ChatMessage } from './chatLog'
import { LIKED_TEXT, SYSTEM_TEXT, useIMChat, type ChatSender, type UseIMChatOptions } from './useIMChat'

/** Lets the fake's deliveries (promise jobs) run; setImmediate stays real under the fake timers below. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

const ANCHOR: ChatSender = { userID: 'anchor', nickName: '主播小王', headPic: 'https://h/a.png' }
const AUDIENCE: ChatSender = { userID: 'aud1', nickName: '观众小李', headPic: '' }

const scopes: EffectScope[] = []

/** One phone's chat composable in its own scope; `updates` counts changes of its message list. */
function mount(client: ImClient, sender: ChatSender, extra: Partial<UseIMChatOptions> = {}) {
  const scope = effectScope()
  scopes.push(scope)
  const chat = scope.run(() => useIMChat({ roomID: 'room1', sender, client, ...extra }))!
  let updates = 0
  scope.run(() => watch(() => chat.log.messages, () => updates++, { flush: 'sync' }))
  return { chat, store: chat.log, scope, updates: () => updates }
}

async function room(server = new FakeImServer()) {
  const anchorClient = await server.connect('anchor')
  await anchorClient.joinRoomGroup('room1', { create: true, name: '直播' })
  const audienceClient = await server.connect('aud1')
  await audienceClient.joinRoomGroup('room1', { create: false })
  await settle()
  const anchor = mount(anchorClient, ANCHOR)
  const audience = mount(audienceClient, AUDIENCE)
  return { server, anchorClient, audienceClient, anchor, audience }
}

const texts = (log: ChatLog) => log.messages.map((m) => m.text)

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
})

afterEach(() => {
  while (scopes.length) scopes.pop()?.stop()
  vi.useRealTimers()
})

describe('useIMChat', () => {
  it('shows the group’s online count from the start, the same on every phone', async () => {
    const { anchor, audience } = await room()
    await settle()
    vi.advanceTimersByTime(250)
    expect(audience.chat.onlineCount.value).toBe(2)
    expect(anchor.chat.onlineCount.value).toBe(2)
  })

  it('lets two users chat both ways, each seeing the other’s nick name', async () => {
    const { anchor, audience } = await room()
    expect(await audience.chat.send('主播好！')).toEqual({ ok: true })
    vi.advanceTimersByTime(1000)
    expect(await anchor.chat.send('  欢迎来到直播间  ')).toEqual({ ok: true })
    await settle()
    vi.advanceTimersByTime(250)

    // Each line with its sender's avatar ('' for none: the placeholder shows).
    const view = (m: ChatMessage) => [m.kind, m.userID, m.nickName, m.avatar, m.text]
    expect(anchor.chat.messages.value.map(view)).toEqual([
      ['text', 'aud1', '观众小李', '', '主播好！'],
      ['text', 'anchor', '主播小王', 'https://h/a.png', '欢迎来到直播间'],
    ])
    expect(audience.chat.messages.value.map(view)).toEqual([
      ['text', 'aud1', '观众小李', '', '主播好！'],
      ['text', 'anchor', '主播小王', 'https://h/a.png', '欢迎来到直播间'],
    ])
  })

  it('adds your own message once, right after the send succeeds', async () => {
    const { audience } = await room()
    await audience.chat.send('只出现一次')
    expect(texts(audience.store)).toEqual(['只出现一次'])
    await settle()
    vi.advanceTimersByTime(1000)
    expect(texts(audience.store)).toEqual(['只出现一次'])
  })

  it('turns a burst of 100 messages into a couple of store updates', async () => {
    const { anchor, audienceClient } = await room()
    await Promise.all(Array.from({ length: 100 }, (_, i) => audienceClient.sendGroupText('room1', `m${i}`, AUDIENCE)))
    await settle()
    vi.advanceTimersByTime(250)
    expect(texts(anchor.store)).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`))
    expect(anchor.updates()).toBeLessThanOrEqual(3)
  })

  it('updates the store a few times a second for a steady stream, not per message', async () => {
    const { anchor, audienceClient } = await room()
    for (let i = 0; i < 80; i++) {
      await audienceClient.sendGroupText('room1', `m${i}`, AUDIENCE)
      await settle()
      vi.advanceTimersByTime(25) // 80 messages over 2 s
    }
    vi.advanceTimersByTime(250)
    expect(anchor.store.messages).toHaveLength(80)
    expect(anchor.updates()).toBeLessThanOrEqual(9)
    expect(anchor.updates()).toBeGreaterThanOrEqual(2)
  })

  it('keeps only the newest 200 of 1,000 messages', async () => {
    const { anchor, audienceClient } = await room()
    for (let start = 0; start < 1000; start += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => audienceClient.sendGroupText('room1', `m${start + i}`, AUDIENCE)))
      await settle()
    }
    vi.advanceTimersByTime(250)
    const kept = texts(anchor.store)
    expect(kept).toHaveLength(200)
    expect(kept[0]).toBe('m800')
    expect(kept[199]).toBe('m999')
  })

  it('honours a custom limit', async () => {
    const server = new FakeImServer()
    const a = await server.connect('anchor')
    await a.joinRoomGroup('room1', { create: true })
    const b = await server.connect('aud1')
    await b.joinRoomGroup('room1', { create: false })
    const anchor = mount(a, ANCHOR, { limit: 5 })
    for (let i = 0; i < 8; i++) await b.sendGroupText('room1', `m${i}`, AUDIENCE)
    await settle()
    vi.advanceTimersByTime(250)
    expect(texts(anchor.store)).toEqual(['m3', 'm4', 'm5', 'm6', 'm7'])
  })

  it('refuses a second message within a second, with a clear reason', async () => {
    const { anchor, audience } = await room()
    expect(await audience.chat.send('第一条')).toEqual({ ok: true })
    vi.advanceTimersByTime(400)
    const r = await audience.chat.send('第二条')
    expect(r).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: '发言太频繁，请 1 秒后再发送' } })
    expect(audience.chat.error.value?.code).toBe('RATE_LIMITED')
    vi.advanceTimersByTime(600)
    expect(await audience.chat.send('第三条')).toEqual({ ok: true })
    expect(audience.chat.error.value).toBeNull()
    await settle()
    vi.advanceTimersByTime(250)
    expect(texts(anchor.store)).toEqual(['第一条', '第三条'])
  })

  it('refuses text over 200 characters; an emoji counts as one', async () => {
    const { anchor, audience } = await room()
    const r = await audience.chat.send('长'.repeat(201))
    expect(r).toEqual({ ok: false, error: { code: 'TOO_LONG', message: '消息不能超过 200 个字' } })
    expect(audience.chat.validate('😀'.repeat(200))).toBeNull()
    // A ZWJ family or a flag is one character too (not its 5 or 2 code points).
    expect(audience.chat.validate('👨‍👩‍👧'.repeat(200))).toBeNull()
    expect(audience.chat.validate('🇨🇳'.repeat(201))?.code).toBe('TOO_LONG')
    expect(await audience.chat.send('😀'.repeat(200))).toEqual({ ok: true })
    await settle()
    vi.advanceTimersByTime(250)
    expect(anchor.store.messages).toHaveLength(1)
  })

  it('refuses empty and blank text without sending anything', async () => {
    const { anchor, audience } = await room()
    for (const text of ['', '   ', '\n\t ']) {
      expect(await audience.chat.send(text)).toEqual({ ok: false, error: { code: 'EMPTY', message: '请输入消息内容' } })
    }
    await settle()
    vi.advanceTimersByTime(250)
    expect(anchor.store.messages).toHaveLength(0)
    expect(audience.store.messages).toHaveLength(0)
  })

  it('reports an IM failure with its Chinese message', async () => {
    const { server, audience } = await room()
    server.setNetState('disconnected', 'aud1')
    vi.advanceTimersByTime(1000)
    const r = await audience.chat.send('发不出去')
    expect(r).toMatchObject({ ok: false, error: { code: 'IM', message: '网络异常，请检查网络后重试' } })
    expect(audience.chat.sending.value).toBe(false)
  })

  it('shows the sender the room service’s reason for a refused message, and the message nowhere', async () => {
    const refusal = { code: 120001, message: '消息包含不允许的内容，未发出' }
    const { audience, anchor } = await room(new FakeImServer({ beforeGroupSend: ({ from }) => (from === 'aud1' ? refusal : null) }))
    const r = await audience.chat.send('违规内容')
    expect(r).toMatchObject({ ok: false, error: { code: 'IM', message: '消息包含不允许的内容，未发出' } })
    await settle()
    vi.advanceTimersByTime(300)
    expect(texts(audience.store)).toEqual([])
    expect(texts(anchor.store)).toEqual([])
  })

  it('sends likes as the native like command; both sides count them', async () => {
    const { anchor, audience } = await room()
    expect(await audience.chat.like()).toEqual({ ok: true })
    await settle()
    vi.advanceTimersByTime(250)
    expect(anchor.chat.likeCount.value).toBe(1)
    expect(audience.chat.likeCount.value).toBe(1)
    expect(anchor.chat.messages.value).toEqual([
      expect.objectContaining({ kind: 'like', userID: 'aud1', nickName: '观众小李', text: LIKED_TEXT }),
    ])
  })

  it('counts every like but lists a flurry from one user once per flush', async () => {
    const { anchor, audience } = await room()
    for (let i = 0; i < 5; i++) {
      expect(await audience.chat.like()).toEqual({ ok: true })
      vi.advanceTimersByTime(30)
      await settle()
      vi.advanceTimersByTime(15) // 45 ms apart: inside one 250 ms flush window
      expect((await audience.chat.like()).ok).toBe(false) // and too fast to send
      vi.advanceTimersByTime(255)
    }
    await settle()
    vi.advanceTimersByTime(250)
    expect(anchor.chat.likeCount.value).toBe(5)
    expect(audience.chat.likeCount.value).toBe(5)
  })

  it('rate-limits likes', async () => {
    const { audience } = await room()
    await audience.chat.like()
    expect(await audience.chat.like()).toEqual({ ok: false, error: { code: 'RATE_LIMITED', message: '点赞太快了，歇一会儿吧' } })
  })

  it('understands likes and danmaku from native apps', async () => {
    const { server, anchor } = await room()
    const cmd = (c: string, msg: string, userAvatar = 'https://h/app.png') => ({
      type: 'TIMCustomElem',
      content: { data: JSON.stringify({ cmd: 'CustomCmdMsg', data: { userName: 'App 用户', userAvatar, cmd: c, msg } }) },
    })
    for (let i = 0; i < 3; i++) server.injectGroupMessage({ groupID: 'room1', from: 'app_user', elements: [cmd('4', '')] })
    server.injectGroupMessage({ groupID: 'room1', from: 'app_user', elements: [cmd('5', '弹幕来了')] })
    server.injectGroupMessage({ groupID: 'room1', from: 'app_user', elements: [cmd('6', 'gift')] })
    // An avatar that is no web address would be a broken image: the line gets the placeholder.
    server.injectGroupMessage({ groupID: 'room1', from: 'odd_user', elements: [cmd('5', '头像坏了', 'file:///etc/passwd')] })
    await settle()
    vi.advanceTimersByTime(250)
    expect(anchor.chat.likeCount.value).toBe(3)
    expect(anchor.chat.messages.value.map((m) => [m.kind, m.nickName, m.avatar, m.text])).toEqual([
      ['like', 'App 用户', 'https://h/app.png', '点了赞'],
      ['text', 'App 用户', 'https://h/app.png', '弹幕来了'],
      ['text', 'App 用户', '', '头像坏了'],
    ])
  })

  it('tells the audience when the anchor ends the live', async () => {
    const { anchorClient, audience } = await room()
    await anchorClient.dismissRoomGroup('room1')
    await settle()
    expect(audience.chat.dismissed.value).toBe(true)
    expect(audience.chat.messages.value.at(-1)).toMatchObject({ kind: 'system', text: '直播已结束' })
    expect(await audience.chat.send('还在吗')).toEqual({
      ok: false,
      error: { code: 'ROOM_CLOSED', message: '直播已结束，无法发送消息' },
    })
  })

  it('follows the online count', async () => {
    const { server, anchor } = await room()
    const late = await server.connect('aud2')
    await late.joinRoomGroup('room1', { create: false })
    await settle()
    vi.advanceTimersByTime(250)
    expect(anchor.chat.onlineCount.value).toBe(3)
    await late.logout()
    await settle()
    vi.advanceTimersByTime(250)
    expect(anchor.chat.onlineCount.value).toBe(2)
    await anchor.chat.refreshOnlineCount()
    expect(anchor.chat.onlineCount.value).toBe(2)
  })

  it('shows a notice when the account logs in elsewhere', async () => {
    const { server, audience } = await room()
    await server.connect('aud1')
    await settle()
    expect(audience.chat.kickedOut.value).toBe(true)
    expect(audience.chat.messages.value.at(-1)).toMatchObject({ kind: 'system', text: '你的账号已在其他设备登录，聊天已断开' })
  })

  it('shows network loss and recovery once each', async () => {
    const { server, audience } = await room()
    server.setNetState('disconnected', 'aud1')
    server.setNetState('disconnected', 'aud1')
    server.setNetState('connecting', 'aud1')
    server.setNetState('connected', 'aud1')
    await settle()
    expect(audience.chat.netState.value).toBe('connected')
    expect(texts(audience.store)).toEqual([SYSTEM_TEXT.networkLost, SYSTEM_TEXT.networkBack])
  })

  it('starts afresh when the room changes and ignores the old room', async () => {
    const server = new FakeImServer()
    const a = await server.connect('anchor')
    await a.joinRoomGroup('room1', { create: true })
    await a.joinRoomGroup('room2', { create: true })
    const b = await server.connect('aud1')
    await b.joinRoomGroup('room1', { create: false })
    await b.joinRoomGroup('room2', { create: false })
    await settle()
    const roomID = ref<string | null>('room1')
    const anchor = mount(a, ANCHOR, { roomID })
    await b.sendGroupText('room1', 'in room1', AUDIENCE)
    await settle()
    vi.advanceTimersByTime(250)
    expect(texts(anchor.store)).toEqual(['in room1'])

    roomID.value = 'room2'
    await nextTick()
    expect(anchor.store.messages).toEqual([])
    await b.sendGroupText('room1', 'old room', AUDIENCE)
    await b.sendGroupText('room2', 'in room2', AUDIENCE)
    await settle()
    vi.advanceTimersByTime(250)
    expect(texts(anchor.store)).toEqual(['in room2'])

    roomID.value = null
    await nextTick()
    expect(await anchor.chat.send('hi')).toMatchObject({ ok: false, error: { code: 'NO_ROOM' } })
  })

  it('keeps each visit’s chat its own: a second page of the same room starts empty and clears nothing', async () => {
    const { anchorClient, audienceClient, anchor } = await room()
    await audienceClient.sendGroupText('room1', '早', AUDIENCE)
    await settle()
    vi.advanceTimersByTime(250)
    const again = mount(anchorClient, ANCHOR)
    expect(texts(again.store)).toEqual([])
    expect(texts(anchor.store)).toEqual(['早'])
    await audienceClient.sendGroupText('room1', '又见面了', AUDIENCE)
    await settle()
    vi.advanceTimersByTime(250)
    expect(texts(again.store)).toEqual(['又见面了'])
    expect(texts(anchor.store)).toEqual(['早', '又见面了'])
  })

  it('cleans up when its scope ends: no handlers, no timers', async () => {
    const server = new FakeImServer()
    const { client: a, sdk } = server.createClientWithSdk()
    await a.login('anchor', 'sig')
    await a.joinRoomGroup('room1', { create: true })
    const b = await server.connect('aud1')
    await b.joinRoomGroup('room1', { create: false })
    await settle()
    const anchor = mount(a, ANCHOR)
    await b.sendGroupText('room1', 'pending', AUDIENCE)
    await settle()
    expect(vi.getTimerCount()).toBe(1) // the flush timer
    anchor.scope.stop()
    expect(vi.getTimerCount()).toBe(0)
    await b.sendGroupText('room1', 'after', AUDIENCE)
    await settle()
    vi.advanceTimersByTime(1000)
    expect(anchor.store.messages).toEqual([])
    // The client itself stays usable for the next page.
    expect(sdk.listenerCount('onMessageReceived')).toBe(1)
  })
})
