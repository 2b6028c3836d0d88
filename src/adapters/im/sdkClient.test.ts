import { afterEach, describe, expect, it, vi } from 'vitest'
import { FakeImServer } from '../../../test/support/fakeIm'
import { ImError } from './errors'
import { TIM_EVENT } from './sdkTypes'
import type { ImClient, ImEventMap, ImEventName } from './types'

/** Lets every pending delivery of the fake (promise jobs) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

function record<K extends ImEventName>(client: ImClient, event: K): Array<ImEventMap[K]> {
  const seen: Array<ImEventMap[K]> = []
  client.on(event, (p) => seen.push(p))
  return seen
}

async function rejection(p: Promise<unknown>): Promise<ImError> {
  try {
    await p
  } catch (e) {
    if (e instanceof ImError) return e
    throw e
  }
  throw new Error('expected a rejection')
}

const ANCHOR = { nickName: '主播小王', headPic: 'https://h/anchor.png' }
const AUDIENCE = { nickName: '观众小李', headPic: '' }

async function room(server = new FakeImServer()) {
  const anchor = await server.connect('anchor')
  const audience = await server.connect('aud1')
  await anchor.joinRoomGroup('room1', { create: true, name: '新建直播间' })
  await audience.joinRoomGroup('room1', { create: false })
  await settle()
  return { server, anchor, audience }
}

describe('login', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('resolves once the SDK is ready', async () => {
    const server = new FakeImServer()
    const client = server.createClient()
    const ready = record(client, 'ready')
    expect(client.ready).toBe(false)
    await client.login('u1', 'sig')
    expect(client.ready).toBe(true)
    expect(client.userID).toBe('u1')
    expect(ready).toEqual([{ userID: 'u1' }])
    expect(server.isLoggedIn('u1')).toBe(true)
  })

  it('shares one login between concurrent calls and is a no-op when already in', async () => {
    const server = new FakeImServer()
    const client = server.createClient()
    await Promise.all([client.login('u1', 'sig'), client.login('u1', 'sig')])
    await client.login('u1', 'sig')
    expect(client.ready).toBe(true)
  })

  it('rejects missing credentials and a refused UserSig with clear errors', async () => {
    const server = new FakeImServer({ checkUserSig: (_u, sig) => sig === 'good' })
    const client = server.createClient()
    expect(await rejection(client.login('', 'good'))).toMatchObject({ code: 'INVALID_ARGUMENT', message: '缺少用户 ID' })
    expect(await rejection(client.login('u1', ''))).toMatchObject({ code: 'INVALID_ARGUMENT' })
    const bad = await rejection(client.login('u1', 'bad'))
    expect(bad).toMatchObject({ code: 'USERSIG_INVALID', sdkCode: 70003 })
    expect(bad.message).toMatch(/登录凭证/)
    expect(client.ready).toBe(false)
    expect(client.userID).toBeNull()
    await client.login('u1', 'good')
    expect(client.ready).toBe(true)
  })

  it('times out when the SDK never becomes ready', async () => {
    vi.useFakeTimers()
    const server = new FakeImServer()
    const { client, sdk } = server.createClientWithSdk({ readyTimeoutMs: 5000 })
    sdk.login = () => Promise.resolve({ code: 0, data: {} })
    const result = client.login('u1', 'sig').catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(5000)
    expect(await result).toMatchObject({ code: 'TIMEOUT' })
    expect(client.ready).toBe(false)
  })

  it('refuses room calls before login', async () => {
    const client = new FakeImServer().createClient()
    expect(await rejection(client.joinRoomGroup('r', { create: false }))).toMatchObject({ code: 'NOT_LOGGED_IN' })
    expect(await rejection(client.sendGroupText('r', 'hi', AUDIENCE))).toMatchObject({ code: 'NOT_LOGGED_IN' })
  })

  it('switches users by logging out first', async () => {
    const server = new FakeImServer()
    const client = server.createClient()
    await client.login('u1', 'sig')
    await client.login('u2', 'sig')
    expect(client.userID).toBe('u2')
    expect(server.isLoggedIn('u1')).toBe(false)
    expect(server.isLoggedIn('u2')).toBe(true)
  })
})

describe('room groups', () => {
  it('creates an AVChatRoom with groupID = roomID and joins it', async () => {
    const server = new FakeImServer()
    const anchor = await server.connect('anchor')
    expect(await anchor.joinRoomGroup('room1', { create: true, name: '新建直播间' })).toEqual({ created: true, alreadyMember: false })
    expect(server.group('room1')).toEqual({ groupID: 'room1', name: '新建直播间', ownerID: 'anchor', members: ['anchor'] })
  })

  it('re-creating your own room (10025) succeeds and chat keeps working', async () => {
    const server = new FakeImServer()
    const first = await server.connect('anchor')
    await first.joinRoomGroup('room1', { create: true, name: '直播' })
    await first.logout()

    const anchor = await server.connect('anchor')
    expect(await anchor.joinRoomGroup('room1', { create: true, name: '直播' })).toEqual({ created: false, alreadyMember: false })
    const audience = await server.connect('aud1')
    await audience.joinRoomGroup('room1', { create: false })
    const got = record(anchor, 'groupText')
    await audience.sendGroupText('room1', '还在吗', AUDIENCE)
    await settle()
    expect(got.map((m) => m.text)).toEqual(['还在吗'])
  })

  it('fails clearly when someone else owns the room ID', async () => {
    const server = new FakeImServer()
    const a = await server.connect('a')
    await a.joinRoomGroup('room1', { create: true })
    const b = await server.connect('b')
    const e = await rejection(b.joinRoomGroup('room1', { create: true }))
    expect(e).toMatchObject({ code: 'GROUP_ID_TAKEN', sdkCode: 10021, message: '房间号已被他人占用' })
  })

  it('treats joining a room you are in as success, both ways the SDK reports it', async () => {
    const { server, audience } = await room()
    expect(await audience.joinRoomGroup('room1', { create: false })).toEqual({ created: false, alreadyMember: true })

    const late = await server.connect('aud2')
    server.addMember('room1', 'aud2') // the server lists aud2, its SDK has not joined: 10013
    expect(await late.joinRoomGroup('room1', { create: false })).toEqual({ created: false, alreadyMember: true })
  })

  it('fails to join a room that does not exist', async () => {
    const client = await new FakeImServer().connect('u')
    expect(await rejection(client.joinRoomGroup('nope', { create: false }))).toMatchObject({
      code: 'GROUP_NOT_FOUND',
      message: '直播间不存在或已结束',
    })
  })

  it('cuts a long room name to the IM limit instead of failing', async () => {
    const server = new FakeImServer()
    const anchor = await server.connect('anchor')
    await anchor.joinRoomGroup('room1', { create: true, name: '一二三四五六七八九十一二三四五六七八九十' })
    expect(server.group('room1')?.name).toBe('一二三四五六七八九十')
  })

  it('quitting twice is fine; the owner cannot quit', async () => {
    const { server, anchor, audience } = await room()
    await audience.quitRoomGroup('room1')
    await audience.quitRoomGroup('room1')
    expect(server.group('room1')?.members).toEqual(['anchor'])
    expect(await rejection(anchor.quitRoomGroup('room1'))).toMatchObject({ code: 'PERMISSION_DENIED' })
  })

  it('dismissal reaches the members; only the owner may dismiss', async () => {
    const { server, anchor, audience } = await room()
    const dismissed = record(audience, 'groupDismissed')
    const anchorSaw = record(anchor, 'groupDismissed')
    expect(await rejection(audience.dismissRoomGroup('room1'))).toMatchObject({ code: 'PERMISSION_DENIED' })
    await anchor.dismissRoomGroup('room1')
    await settle()
    expect(dismissed).toEqual([{ roomID: 'room1', operatorID: 'anchor' }])
    expect(anchorSaw).toEqual([])
    expect(server.group('room1')).toBeNull()
    expect(await rejection(audience.sendGroupText('room1', 'hi', AUDIENCE))).toMatchObject({ code: 'GROUP_NOT_FOUND' })
    await anchor.dismissRoomGroup('room1') // already gone: fine
  })

  it('reports online counts: on joining and when others come and go', async () => {
    const server = new FakeImServer()
    const anchor = await server.connect('anchor')
    const counts = record(anchor, 'memberCountChanged')
    await anchor.joinRoomGroup('room1', { create: true })
    await settle()
    const audience = await server.connect('aud1')
    await audience.joinRoomGroup('room1', { create: false })
    await audience.quitRoomGroup('room1')
    await settle()
    expect(counts.map((c) => c.count)).toEqual([1, 2, 1])
    expect(await anchor.getOnlineMemberCount('room1')).toBe(1)
  })
})

describe('group messages', () => {
  it('carries chat both ways with nick names, without echo to the sender', async () => {
    const { anchor, audience } = await room()
    const atAnchor = record(anchor, 'groupText')
    const atAudience = record(audience, 'groupText')
    await audience.sendGroupText('room1', '主播好', AUDIENCE)
    await anchor.sendGroupText('room1', '欢迎欢迎', ANCHOR)
    await settle()
    expect(atAnchor).toEqual([
      expect.objectContaining({ roomID: 'room1', userID: 'aud1', nickName: '观众小李', headPic: '', text: '主播好' }),
    ])
    expect(atAudience).toEqual([
      expect.objectContaining({ userID: 'anchor', nickName: '主播小王', headPic: 'https://h/anchor.png', text: '欢迎欢迎' }),
    ])
  })

  it('sends chat as one message: CustomTextMsg element, then text element', async () => {
    const server = new FakeImServer()
    const { client: anchor, sdk } = server.createClientWithSdk()
    await anchor.login('anchor', 'sig')
    await anchor.joinRoomGroup('room1', { create: true })
    const audience = await server.connect('aud1')
    await audience.joinRoomGroup('room1', { create: false })
    const raw: unknown[] = []
    sdk.on(TIM_EVENT.MESSAGE_RECEIVED, (e) => raw.push(...(e.data as unknown[])))
    await audience.sendGroupText('room1', '你好', AUDIENCE)
    await settle()
    const msg = raw[0] as { getElements(): Array<{ type: string; content: unknown }> }
    expect(raw).toHaveLength(1)
    expect(msg.getElements()).toEqual([
      {
        type: 'TIMCustomElem',
        content: { data: '{"cmd":"CustomTextMsg","data":{"nickName":"观众小李","headPic":""}}', description: '', extension: '' },
      },
      { type: 'TIMTextElem', content: { text: '你好' } },
    ])
  })

  it('falls back to two messages when a message cannot hold two elements, keeping the nick name', async () => {
    const { anchor, audience } = await room(new FakeImServer({ multiElementMessages: false }))
    const got = record(anchor, 'groupText')
    await audience.sendGroupText('room1', '一', AUDIENCE)
    await audience.sendGroupText('room1', '二', AUDIENCE)
    await settle()
    expect(got.map((m) => [m.nickName, m.text])).toEqual([
      ['观众小李', '一'],
      ['观众小李', '二'],
    ])
  })

  it('reads chat from a native app and from a plain text client', async () => {
    const { server, audience } = await room()
    const got = record(audience, 'groupText')
    server.injectGroupMessage({
      groupID: 'room1',
      from: 'ios_user',
      elements: [
        { type: 'TIMCustomElem', content: { data: '{"cmd":"CustomTextMsg","data":{"nickName":"iPhone 用户","headPic":"p"}}' } },
        { type: 'TIMTextElem', content: { text: '来自 App' } },
      ],
    })
    server.injectGroupMessage({ groupID: 'room1', from: 'web_user', nick: '网页', elements: [{ type: 'TIMTextElem', content: { text: 'hello' } }] })
    await settle()
    expect(got.map((m) => [m.userID, m.nickName, m.text])).toEqual([
      ['ios_user', 'iPhone 用户', '来自 App'],
      ['web_user', '网页', 'hello'],
    ])
  })

  it('delivers in send order', async () => {
    const { anchor, audience } = await room()
    const got = record(anchor, 'groupText')
    await Promise.all(Array.from({ length: 30 }, (_, i) => audience.sendGroupText('room1', `m${i}`, AUDIENCE)))
    await settle()
    expect(got.map((m) => m.text)).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`))
  })

  it('carries room commands and pusher changes', async () => {
    const { anchor, audience } = await room()
    const commands = record(anchor, 'groupCommand')
    const changes = record(audience, 'pusherChanged')
    const sent = await audience.sendGroupCommand('room1', { userName: '观众小李', userAvatar: '', cmd: '4', msg: '' })
    await anchor.notifyPusherChange('room1', 'co_anchor')
    await settle()
    expect(commands).toEqual([
      { roomID: 'room1', messageID: sent.messageID, userID: 'aud1', data: { userName: '观众小李', userAvatar: '', cmd: '4', msg: '' }, time: sent.time },
    ])
    expect(changes).toEqual([{ roomID: 'room1', userID: 'co_anchor' }])
  })

  it("carries the anchor's away and back to the room", async () => {
    const { anchor, audience } = await room()
    const notices = record(audience, 'anchorAway')
    await anchor.notifyAnchorAway('room1', true)
    await anchor.notifyAnchorAway('room1', false)
    await settle()
    expect(notices.map((n) => [n.roomID, n.away])).toEqual([['room1', true], ['room1', false]])
    expect(new Set(notices.map((n) => n.userID)).size).toBe(1)
  })

  it('rejects empty text and sending to a room you are not in', async () => {
    const { server } = await room()
    const outsider = await server.connect('outsider')
    expect(await rejection(outsider.sendGroupText('room1', '', AUDIENCE))).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(await rejection(outsider.sendGroupText('room1', 'hi', AUDIENCE))).toMatchObject({ code: 'NOT_IN_GROUP', sdkCode: 2101 })
  })

  it('stops delivering to handlers that unsubscribed', async () => {
    const { anchor, audience } = await room()
    const seen: string[] = []
    const off = anchor.on('groupText', (m) => seen.push(m.text))
    await audience.sendGroupText('room1', 'a', AUDIENCE)
    await settle()
    off()
    await audience.sendGroupText('room1', 'b', AUDIENCE)
    await settle()
    expect(seen).toEqual(['a'])
  })

  it('keeps delivering to other handlers when one throws', async () => {
    const reportError = vi.fn()
    const server = new FakeImServer()
    const anchor = await server.connect('anchor', { reportError })
    await anchor.joinRoomGroup('room1', { create: true })
    const audience = await server.connect('aud1')
    await audience.joinRoomGroup('room1', { create: false })
    anchor.on('groupText', () => {
      throw new Error('handler bug')
    })
    const got = record(anchor, 'groupText')
    await audience.sendGroupText('room1', 'x', AUDIENCE)
    await settle()
    expect(got).toHaveLength(1)
    expect(reportError).toHaveBeenCalledOnce()
  })
})

describe('moderation in the group', () => {
  it('lets the owner mute a member, whose sends then fail as muted, and lift it; others may not mute', async () => {
    const { anchor, audience } = await room()
    const seen = record(anchor, 'groupText')
    expect((await rejection(audience.muteMember('room1', 'anchor', 600))).code).toBe('PERMISSION_DENIED')

    await anchor.muteMember('room1', 'aud1', 600)
    const muted = await rejection(audience.sendGroupText('room1', '还能说话吗', AUDIENCE))
    expect(muted).toMatchObject({ code: 'MUTED', message: '你已被禁言' })
    await anchor.muteMember('room1', 'aud1', 0)
    await audience.sendGroupText('room1', '又能说了', AUDIENCE)
    await settle()
    expect(seen.map((m) => m.text)).toEqual(['又能说了'])
  })

  it('fails a send the room service refused with the text it wrote, and delivers nothing', async () => {
    const server = new FakeImServer({ beforeGroupSend: ({ from }) => (from === 'aud1' ? { code: 120003, message: '你已被移出直播间，消息未发出' } : null) })
    const { anchor, audience } = await room(server)
    const seen = record(anchor, 'groupText')
    expect(await rejection(audience.sendGroupText('room1', '你好', AUDIENCE))).toMatchObject({ code: 'REFUSED', sdkCode: 120003, message: '你已被移出直播间，消息未发出' })
    await settle()
    expect(seen).toEqual([])
  })
})

describe('C2C commands', () => {
  it('carries linkmic request and response between two users', async () => {
    const { anchor, audience } = await room()
    const atAnchor = record(anchor, 'c2cCommand')
    const atAudience = record(audience, 'c2cCommand')
    const request = {
      cmd: 'linkmic' as const,
      data: { type: 'request' as const, roomID: 'room1', userID: 'aud1', userName: '观众小李', userAvatar: '', timestamp: 1 },
    }
    await audience.sendC2CCommand('anchor', request)
    await settle()
    expect(atAnchor).toEqual([expect.objectContaining({ fromUserID: 'aud1', command: request })])
    const response = {
      cmd: 'linkmic' as const,
      data: { type: 'response' as const, result: 'accept' as const, reason: '', roomID: 'room1', timestamp: 2 },
    }
    await anchor.sendC2CCommand('aud1', response)
    await settle()
    expect(atAudience).toEqual([expect.objectContaining({ fromUserID: 'anchor', command: response })])
  })

  it('fails when the other user is not logged in', async () => {
    const { anchor } = await room()
    const e = await rejection(
      anchor.sendC2CCommand('ghost', { cmd: 'linkmic', data: { type: 'kickout', roomID: 'room1', timestamp: 1 } }),
    )
    expect(e).toMatchObject({ code: 'PEER_UNAVAILABLE', message: '对方不在线' })
  })
})

describe('kick-out and reconnect', () => {
  it('a second login of the same user kicks the first client out', async () => {
    const { server, audience } = await room()
    const kicked = record(audience, 'kickedOut')
    const again = await server.connect('aud1')
    await settle()
    expect(kicked).toEqual([{ reason: 'multipleAccount' }])
    expect(audience.ready).toBe(false)
    expect(audience.userID).toBeNull()
    expect(await rejection(audience.sendGroupText('room1', 'x', AUDIENCE))).toMatchObject({ code: 'NOT_LOGGED_IN' })
    expect(again.ready).toBe(true)
    expect(server.group('room1')?.members).toEqual(['anchor'])
  })

  it('re-enters the room after the network comes back', async () => {
    const { server, anchor, audience } = await room()
    const states = record(audience, 'netStateChanged')
    const got = record(audience, 'groupText')
    server.setNetState('disconnected', 'aud1')
    server.dropMember('room1', 'aud1') // the server forgot the member meanwhile
    server.setNetState('connected', 'aud1')
    await settle()
    await settle()
    expect(states.map((s) => s.state)).toEqual(['disconnected', 'connected'])
    expect(server.group('room1')?.members).toContain('aud1')
    await anchor.sendGroupText('room1', '回来了', ANCHOR)
    await settle()
    expect(got.map((m) => m.text)).toEqual(['回来了'])
  })

  it('reports a room that is gone when the network comes back', async () => {
    const { server, audience } = await room()
    const failed = record(audience, 'rejoinFailed')
    server.setNetState('disconnected', 'aud1')
    server.adminDismissGroup('room1') // the notice is lost while offline
    server.setNetState('connected', 'aud1')
    await settle()
    await settle()
    expect(failed).toEqual([{ roomID: 'room1', error: expect.objectContaining({ code: 'GROUP_NOT_FOUND' }) }])
  })

  it('fails sends while disconnected with a network error', async () => {
    const { server, audience } = await room()
    server.setNetState('disconnected', 'aud1')
    expect(await rejection(audience.sendGroupText('room1', 'x', AUDIENCE))).toMatchObject({ code: 'NETWORK' })
  })
})

describe('dispose', () => {
  it('removes its SDK listeners and stops emitting', async () => {
    const server = new FakeImServer()
    const { client, sdk } = server.createClientWithSdk()
    await client.login('u', 'sig')
    expect(sdk.listenerCount(TIM_EVENT.MESSAGE_RECEIVED)).toBe(1)
    client.dispose()
    for (const name of Object.values(TIM_EVENT)) expect(sdk.listenerCount(name)).toBe(0)
    expect(client.ready).toBe(false)
  })
})
