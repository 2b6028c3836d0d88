// Tencent IM's Group.CallbackBeforeSendMsg at POST /im/callback: its authentication (Sign,
// RequestTime, SdkAppid), refusals of banned or kicked senders and of blocked texts, and the
// per-room counts of delivered messages and likes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { encodeGroupCustom, IM_REFUSAL, ROOM_CMD } from '@liveroom/protocol/im'
import { callbackSign } from '../im/callbackAuth.ts'
import type { ModerationStore } from '../store/moderation.ts'
import { createModerationStore } from '../store/moderationStore.ts'
import { SDKAPPID, startService, type Service, type Session } from './helpers.ts'

const TOKEN = 'im-callback-token'

let svc: Service
let anchor: Session
let viewer: Session
let counts: ModerationStore

beforeEach(async () => {
  svc = await startService({ env: { IM_CALLBACK_TOKEN: TOKEN } })
  anchor = await svc.client.session('anchor', svc.clock.now())
  viewer = await svc.client.session('viewer', svc.clock.now())
  counts = createModerationStore(svc.store, svc.config.redisPrefix)
})
afterEach(async () => {
  await svc.close()
})

function query(o: { time?: number; token?: string; sdkAppId?: number; sign?: string | null; platform?: string } = {}): string {
  const time = String(o.time ?? Math.floor(svc.clock.now() / 1000))
  const q = new URLSearchParams({
    SdkAppid: String(o.sdkAppId ?? SDKAPPID),
    CallbackCommand: 'Group.CallbackBeforeSendMsg',
    contenttype: 'json',
    ClientIP: '1.2.3.4',
    OptPlatform: o.platform ?? 'Web',
  })
  if (o.sign !== null) {
    q.set('Sign', o.sign ?? callbackSign(o.token ?? TOKEN, time))
    q.set('RequestTime', time)
  }
  return q.toString()
}

type Element = { MsgType: string; MsgContent: Record<string, unknown> }
const text = (t: string): Element => ({ MsgType: 'TIMTextElem', MsgContent: { Text: t } })
const custom = (data: string): Element => ({ MsgType: 'TIMCustomElem', MsgContent: { Data: data, Desc: '', Ext: '' } })
const header = (nickName: string) => custom(encodeGroupCustom({ cmd: 'CustomTextMsg', data: { nickName, headPic: '' } }))
const command = (cmd: string, msg = '') => custom(encodeGroupCustom({ cmd: 'CustomCmdMsg', data: { userName: 'V', userAvatar: '', cmd, msg } }))

async function send(groupID: string, from: string, body: Element[], q = query()) {
  return svc.client.post(`/im/callback?${q}`, {
    CallbackCommand: 'Group.CallbackBeforeSendMsg',
    GroupId: groupID,
    Type: 'AVChatRoom',
    From_Account: from,
    Operator_Account: from,
    Random: 123456,
    MsgBody: body,
    EventTime: svc.clock.now(),
  })
}

async function goLive(): Promise<string> {
  const created = await svc.client.call('create_room', anchor, { roomInfo: '直播间' })
  const roomID = String(created.body.roomID)
  expect((await svc.client.call('add_anchor', anchor, { roomID })).body.code).toBe(0)
  return roomID
}

const OK = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' }

describe('authentication', () => {
  it('matches the documented signature example', () => {
    expect(callbackSign('xxxxyyyy', '1669872112')).toBe('17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061')
  })

  it('refuses a missing, wrong or stale signature (401) and another SDKAppID (403), in Tencent’s format', async () => {
    const roomID = await goLive()
    const missing = await send(roomID, 'viewer', [text('hi')], query({ sign: null }))
    expect(missing.status).toBe(401)
    expect(missing.body).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 1 })
    expect((await send(roomID, 'viewer', [text('hi')], query({ token: 'wrong' }))).status).toBe(401)
    expect((await send(roomID, 'viewer', [text('hi')], query({ sign: 'ab'.repeat(32) }))).status).toBe(401)
    const stale = await send(roomID, 'viewer', [text('hi')], query({ time: Math.floor(svc.clock.now() / 1000) - 61 }))
    expect(stale.status).toBe(401)
    expect(stale.body.ErrorInfo).toBe('stale RequestTime')
    const other = await send(roomID, 'viewer', [text('hi')], query({ sdkAppId: 1400000001 }))
    expect(other.status).toBe(403)
    expect(other.body).toMatchObject({ ActionStatus: 'FAIL' })
    expect((await counts.roomMessageCounts(roomID))).toBeNull()
  })

  it('answers a body that is no callback with 400 in Tencent’s format', async () => {
    const r = await svc.client.post(`/im/callback?${query()}`, { GroupId: 'x' })
    expect(r.status).toBe(400)
    expect(r.body).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 1 })
  })

  it('is not served without IM_CALLBACK_TOKEN', async () => {
    const plain = await startService()
    try {
      expect((await plain.client.post(`/im/callback?${query()}`, { CallbackCommand: 'x' })).status).toBe(404)
    } finally {
      await plain.close()
    }
  })
})

describe('Group.CallbackBeforeSendMsg', () => {
  it('delivers chat and likes, and counts them per room', async () => {
    const roomID = await goLive()
    expect((await send(roomID, 'viewer', [header('小明'), text('你好')])).body).toEqual(OK)
    expect((await send(roomID, 'viewer', [command(ROOM_CMD.like)])).body).toEqual(OK)
    expect((await send(roomID, 'viewer', [command(ROOM_CMD.like)])).body).toEqual(OK)
    expect((await send(roomID, 'viewer', [command(ROOM_CMD.danmaku, '666')])).body).toEqual(OK)
    // Signalling is delivered, not counted.
    expect((await send(roomID, 'anchor', [custom(encodeGroupCustom({ cmd: 'notifyPusherChange', data: { userID: 'x' } }))])).body).toEqual(OK)
    expect(await counts.roomMessageCounts(roomID)).toMatchObject({ messages: 2, likes: 2 })
    // Another group: delivered, nothing counted.
    expect((await send('@TGS#other', 'viewer', [text('hi')])).body).toEqual(OK)
    expect(await counts.roomMessageCounts('@TGS#other')).toBeNull()
  })

  it('refuses blocked texts with a code the sender sees, in text, danmaku and nick names', async () => {
    const roomID = await goLive()
    const blocked = { ActionStatus: 'OK', ErrorCode: IM_REFUSAL.textBlocked }
    expect((await send(roomID, 'viewer', [header('小明'), text('来网赌吧')])).body).toMatchObject(blocked)
    expect((await send(roomID, 'viewer', [command(ROOM_CMD.danmaku, '赌 博')])).body).toMatchObject(blocked)
    const nick = await send(roomID, 'viewer', [header('博彩代理'), text('hi')])
    expect(nick.body).toMatchObject(blocked)
    expect(String(nick.body.ErrorInfo)).toContain('不允许')
    expect(await counts.roomMessageCounts(roomID)).toBeNull()
  })

  it('refuses messages from users the creator banned or kicked from the room', async () => {
    const roomID = await goLive()
    await svc.client.call('add_audience', viewer, { roomID })
    await svc.client.call('kick_audience', anchor, { roomID, userID: 'viewer' })
    expect((await send(roomID, 'viewer', [text('hi')])).body).toMatchObject({ ActionStatus: 'OK', ErrorCode: IM_REFUSAL.kicked })
    await svc.client.call('ban_user', anchor, { userID: 'viewer' })
    const banned = await send(roomID, 'viewer', [text('hi')])
    expect(banned.body).toMatchObject({ ActionStatus: 'OK', ErrorCode: IM_REFUSAL.banned })
    expect(String(banned.body.ErrorInfo)).toContain('拉黑')
    // The creator and others still speak; the app's administrator (REST API) is not moderated.
    expect((await send(roomID, 'anchor', [text('hi')])).body).toEqual(OK)
    expect((await send(roomID, 'viewer', [text('hi')], query({ platform: 'RESTAPI' }))).body).toEqual(OK)
  })

  it('delivers other callbacks unexamined', async () => {
    const r = await svc.client.post(`/im/callback?${query()}`, { CallbackCommand: 'Group.CallbackAfterSendMsg', GroupId: 'x' })
    expect(r.body).toEqual(OK)
  })
})
