// Tests of the fake IM server itself (test/support/fakeIm.ts), at the SDK
// surface: the rest of the IM tests rely on it behaving like tim-wx-sdk.
import { describe, expect, it } from 'vitest'
import { FAKE_ERRORS, FakeImServer, type FakeTim, type GroupSendVerdict } from '../../../test/support/fakeIm'
import { TIM_EVENT, TIM_TYPES, type TimEvent } from './sdkTypes'

const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

async function codeOf(p: Promise<unknown>): Promise<number> {
  try {
    await p
  } catch (e) {
    return (e as { code: number }).code
  }
  throw new Error('expected a rejection')
}

function events(tim: FakeTim, name: string): TimEvent[] {
  const seen: TimEvent[] = []
  tim.on(name, (e) => seen.push(e))
  return seen
}

async function loggedIn(server: FakeImServer, userID: string): Promise<FakeTim> {
  const tim = server.createSdk()
  await tim.login({ userID, userSig: 'sig' })
  return tim
}

function groupText(tim: FakeTim, groupID: string, text: string) {
  return tim.sendMessage(tim.createTextMessage({ to: groupID, conversationType: TIM_TYPES.CONV_GROUP, payload: { text } }))
}

const texts = (received: TimEvent[]) =>
  received.flatMap((e) => (e.data as Array<{ payload: { text?: string } }>).map((m) => m.payload.text))

describe('fake IM server', () => {
  it('fires SDK_READY after login and answers a repeated login with repeatLogin', async () => {
    const server = new FakeImServer()
    const tim = server.createSdk()
    const ready = events(tim, TIM_EVENT.SDK_READY)
    const r = await tim.login({ userID: 'u', userSig: 'sig' })
    expect(r).toEqual({ code: 0, data: {} })
    await settle()
    expect(ready).toHaveLength(1)
    expect(await tim.login({ userID: 'u', userSig: 'sig' })).toEqual({ code: 0, data: { repeatLogin: true } })
  })

  it('kicks the older instance when the same user logs in twice', async () => {
    const server = new FakeImServer()
    const first = await loggedIn(server, 'u')
    const order: string[] = []
    first.on(TIM_EVENT.KICKED_OUT, (e) => order.push(`kicked:${(e.data as { type: string }).type}`))
    first.on(TIM_EVENT.SDK_NOT_READY, () => order.push('notReady'))
    await loggedIn(server, 'u')
    await settle()
    expect(order).toEqual(['kicked:multipleAccount', 'notReady'])
    expect(first.userID).toBeNull()
    expect(await codeOf(groupText(first, 'g', 'x'))).toBe(FAKE_ERRORS.USER_NOT_LOGGED_IN)
  })

  it('follows the AVChatRoom create and join rules', async () => {
    const server = new FakeImServer()
    const owner = await loggedIn(server, 'owner')
    const other = await loggedIn(server, 'other')
    const create = (tim: FakeTim, groupID: string, name = 'n', type: string = TIM_TYPES.GRP_AVCHATROOM) =>
      tim.createGroup({ type, name, groupID })

    await create(owner, 'g1')
    expect(server.group('g1')?.members).toEqual([])
    expect(await codeOf(create(owner, 'g1'))).toBe(10025)
    expect(await codeOf(create(other, 'g1'))).toBe(10021)
    expect(await codeOf(create(owner, 'g2', '这个名字超过了三十个字节的长度'))).toBe(10004)
    expect(await codeOf(create(owner, 'g3', 'n', 'Public'))).toBe(FAKE_ERRORS.ILLEGAL_GROUP_TYPE)

    expect((await owner.joinGroup({ groupID: 'g1' })).data.status).toBe(TIM_TYPES.JOIN_STATUS_SUCCESS)
    expect((await owner.joinGroup({ groupID: 'g1' })).data.status).toBe(TIM_TYPES.JOIN_STATUS_ALREADY_IN_GROUP)
    server.addMember('g1', 'other')
    expect(await codeOf(other.joinGroup({ groupID: 'g1' }))).toBe(10013)
    expect(await codeOf(other.joinGroup({ groupID: 'nope' }))).toBe(10010)
  })

  it('delivers group messages to the other members in send order, never back to the sender', async () => {
    const server = new FakeImServer()
    const members = await Promise.all(['a', 'b', 'c'].map((u) => loggedIn(server, u)))
    await members[0].createGroup({ type: TIM_TYPES.GRP_AVCHATROOM, name: 'n', groupID: 'g' })
    for (const tim of members) await tim.joinGroup({ groupID: 'g' })
    await settle()
    const received = members.map((tim) => events(tim, TIM_EVENT.MESSAGE_RECEIVED))
    for (let i = 0; i < 5; i++) await groupText(members[0], 'g', `a${i}`)
    await groupText(members[1], 'g', 'b0')
    await settle()
    expect(texts(received[0])).toEqual(['b0'])
    expect(texts(received[1])).toEqual(['a0', 'a1', 'a2', 'a3', 'a4'])
    expect(texts(received[2])).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0'])
    const m = (received[2][0].data as Array<Record<string, unknown>>)[0]
    expect(m).toMatchObject({ from: 'a', to: 'g', conversationType: 'GROUP', flow: 'in', type: 'TIMTextElem' })
  })

  it('waits for a before-send callback that answers later: a refusal fails the send, a drop succeeds unseen', async () => {
    const verdicts: Record<string, GroupSendVerdict> = { bad: { code: 120001, message: '不允许' }, quiet: 'drop', ok: null }
    const asked: string[] = []
    const server = new FakeImServer({
      beforeGroupSend: async ({ from, elements }) => {
        const text = (elements[0].content as { text: string }).text
        asked.push(`${from}:${text}`)
        await settle()
        return verdicts[text]
      },
    })
    const [a, b] = await Promise.all(['a', 'b'].map((u) => loggedIn(server, u)))
    await a.createGroup({ type: TIM_TYPES.GRP_AVCHATROOM, name: 'n', groupID: 'g' })
    for (const tim of [a, b]) await tim.joinGroup({ groupID: 'g' })
    await settle()
    const received = events(b, TIM_EVENT.MESSAGE_RECEIVED)
    await expect(groupText(a, 'g', 'bad')).rejects.toMatchObject({ code: 120001, message: '不允许' })
    await expect(groupText(a, 'g', 'quiet')).resolves.toMatchObject({ code: 0 })
    await groupText(a, 'g', 'ok')
    await settle()
    expect(asked).toEqual(['a:bad', 'a:quiet', 'a:ok'])
    expect(texts(received)).toEqual(['ok'])
  })

  it('refuses group sends from non-members and C2C to users who are not logged in', async () => {
    const server = new FakeImServer()
    const a = await loggedIn(server, 'a')
    await a.createGroup({ type: TIM_TYPES.GRP_AVCHATROOM, name: 'n', groupID: 'g' })
    expect(await codeOf(groupText(a, 'g', 'x'))).toBe(FAKE_ERRORS.NOT_IN_AVCHATROOM)
    expect(await codeOf(groupText(a, 'missing', 'x'))).toBe(10010)
    const c2c = a.createCustomMessage({ to: 'ghost', conversationType: TIM_TYPES.CONV_C2C, payload: { data: '{}' } })
    expect(await codeOf(a.sendMessage(c2c))).toBe(FAKE_ERRORS.INVALID_RECEIVER)
  })

  it('delivers C2C to the target only', async () => {
    const server = new FakeImServer()
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((u) => loggedIn(server, u)))
    const atB = events(b, TIM_EVENT.MESSAGE_RECEIVED)
    const atC = events(c, TIM_EVENT.MESSAGE_RECEIVED)
    await a.sendMessage(a.createCustomMessage({ to: 'b', conversationType: TIM_TYPES.CONV_C2C, payload: { data: 'hi' } }))
    await settle()
    expect(atB).toHaveLength(1)
    expect(atC).toHaveLength(0)
    expect((atB[0].data as Array<{ payload: unknown }>)[0].payload).toEqual({ data: 'hi', description: '', extension: '' })
  })

  it('dismissal sends operationType 5 to the other members; quit rules', async () => {
    const server = new FakeImServer()
    const [owner, m1] = await Promise.all(['owner', 'm1'].map((u) => loggedIn(server, u)))
    await owner.createGroup({ type: TIM_TYPES.GRP_AVCHATROOM, name: '房间', groupID: 'g' })
    await owner.joinGroup({ groupID: 'g' })
    await m1.joinGroup({ groupID: 'g' })
    expect(await codeOf(owner.quitGroup('g'))).toBe(10009)
    expect(await codeOf(m1.dismissGroup('g'))).toBe(10007)
    await settle()
    const atOwner = events(owner, TIM_EVENT.MESSAGE_RECEIVED)
    const atM1 = events(m1, TIM_EVENT.MESSAGE_RECEIVED)
    await owner.dismissGroup('g')
    await settle()
    expect(atOwner).toHaveLength(0)
    const notice = (atM1[0].data as Array<Record<string, unknown>>)[0]
    expect(notice).toMatchObject({
      conversationType: '@TIM#SYSTEM',
      type: 'TIMGroupSystemNoticeElem',
      payload: { operationType: 5, operatorID: 'owner', groupProfile: { groupID: 'g', name: '房间' } },
    })
    expect(await codeOf(m1.quitGroup('g'))).toBe(FAKE_ERRORS.MEMBER_NOT_IN_GROUP)
  })

  it('sends member tips with the online count', async () => {
    const server = new FakeImServer()
    const [owner, m1] = await Promise.all(['owner', 'm1'].map((u) => loggedIn(server, u)))
    await owner.createGroup({ type: TIM_TYPES.GRP_AVCHATROOM, name: 'n', groupID: 'g' })
    await owner.joinGroup({ groupID: 'g' })
    await settle()
    const atOwner = events(owner, TIM_EVENT.MESSAGE_RECEIVED)
    await m1.joinGroup({ groupID: 'g' })
    await m1.logout()
    await settle()
    const tips = atOwner.map((e) => (e.data as Array<{ type: string; payload: { operationType: number; memberNum: number } }>)[0])
    expect(tips.map((t) => [t.type, t.payload.operationType, t.payload.memberNum])).toEqual([
      ['TIMGroupTipElem', 1, 2],
      ['TIMGroupTipElem', 2, 1],
    ])
  })

  it('injects failures for the next calls', async () => {
    const server = new FakeImServer()
    const tim = server.createSdk()
    server.failNext('login', 2800)
    expect(await codeOf(tim.login({ userID: 'u', userSig: 'sig' }))).toBe(2800)
    await tim.login({ userID: 'u', userSig: 'sig' })
    expect(server.isLoggedIn('u')).toBe(true)
  })
})
