// 开播提醒: subscriptions need a WeChat login; going live sends WeChat's subscription message once
// per subscription, in the background; 43101 consumes it, busy answers are tried again later.
import { afterEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { LOGIN_INFO_PATH } from '@liveroom/protocol/roomService'
import { logSink, startFakeServer, startService, until, type FakeServer, type Service, type Session } from './helpers.ts'

let svc: Service
let wx: FakeServer
/** errcodes subscribe/send answers with, by openid, in turn (then 0). */
let plan: Record<string, number[]> = {}

afterEach(async () => {
  await svc?.close()
  await wx?.close()
})

async function start(env: Record<string, string> = {}): Promise<ReturnType<typeof logSink>> {
  plan = {}
  wx = await startFakeServer((req) => {
    const url = new URL(req.url, 'http://x')
    if (url.pathname === '/sns/jscode2session') return { body: { openid: `openid-${url.searchParams.get('js_code')}`, session_key: 'k' } }
    if (url.pathname === '/cgi-bin/token') return { body: { access_token: 'AT', expires_in: 7200 } }
    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      const to = (JSON.parse(req.body) as { touser: string }).touser
      return { body: { errcode: plan[to]?.shift() ?? 0, errmsg: 'x' } }
    }
    return { status: 404, body: {} }
  })
  const logs = logSink()
  svc = await startService({
    env: {
      WX_APPID: 'wxapp',
      WX_SECRET: 'wxsecret',
      WX_API_BASE: wx.url,
      WECHAT_LIVE_TEMPLATE_ID: 'TPL',
      LIVE_NOTICE_RETRY_MS: '50',
      LOG_LEVEL: 'info',
      ...env,
    },
    logStream: logs.stream,
  })
  return logs
}

async function wechatSession(code: string): Promise<Session> {
  const r = await svc.client.post(LOGIN_INFO_PATH, { code })
  expect(r.body.code).toBe(0)
  return { userID: String(r.body.userID), token: String(r.body.token) }
}

const sends = () => wx.requests.filter((r) => r.url.startsWith('/cgi-bin/message/subscribe/send'))

async function goLive(s: Session): Promise<string> {
  const roomID = String((await svc.client.call('create_room', s, { roomInfo: '晚间直播' })).body.roomID)
  expect((await svc.client.call('add_anchor', s, { roomID, userName: '主播A' })).body.code).toBe(0)
  return roomID
}

describe('live notices', () => {
  it('sends one subscription message per subscriber when the anchor goes live, not on resume or a second live', async () => {
    const logs = await start()
    const anchor = await svc.client.session('anchor', svc.clock.now())
    const viewer = await wechatSession('v1')
    expect((await svc.client.call('subscribe_live', viewer, { anchorUserID: 'anchor' })).body.code).toBe(0)
    expect((await svc.client.call('subscribe_live', viewer, { anchorUserID: 'anchor' })).body.code).toBe(0)
    const roomID = await goLive(anchor)
    await until('the message', () => (sends().length === 1 ? true : undefined))
    const sent = sends()[0]
    expect(new URL(sent.url, 'http://x').searchParams.get('access_token')).toBe('AT')
    expect(JSON.parse(sent.body)).toEqual({
      touser: 'openid-v1',
      template_id: 'TPL',
      page: `live/room/room?roomID=${roomID}`,
      data: { thing1: { value: '晚间直播' }, thing2: { value: '主播A' }, time3: { value: expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$/) } },
      miniprogram_state: 'formal',
      lang: 'zh_CN',
    })
    expect((await svc.client.call('resume_room', anchor, { roomID })).body.code).toBe(0)
    await svc.client.call('destroy_room', anchor, { roomID })
    await goLive(anchor)
    await new Promise((r) => setTimeout(r, 200))
    expect(sends()).toHaveLength(1)
    const metrics = await (await fetch(`${svc.client.baseUrl}/metrics`)).text()
    expect(metrics).toContain('liveroom_live_notices_total{result="sent"} 1')
    expect(logs.text()).not.toContain('openid-v1')
  })

  it('43101 consumes the subscription; busy answers are tried again later, a bounded number of times', async () => {
    await start({ LIVE_NOTICE_ATTEMPTS: '3' })
    plan = { 'openid-refusing': [43101], 'openid-busy': [45009, 0], 'openid-hopeless': [45009, -1, 45009, 0] }
    const anchor = await svc.client.session('anchor', svc.clock.now())
    for (const code of ['refusing', 'busy', 'hopeless']) {
      await svc.client.call('subscribe_live', await wechatSession(code), { anchorUserID: 'anchor' })
    }
    await goLive(anchor)
    const metric = async (result: string) =>
      Number(new RegExp(`liveroom_live_notices_total\\{result="${result}"\\} (\\d+)`).exec(await (await fetch(`${svc.client.baseUrl}/metrics`)).text())?.[1] ?? 0)
    await until('every message settled', async () => ((await metric('failed')) === 1 && (await metric('sent')) === 1 ? true : undefined))
    expect(await metric('refused')).toBe(1)
    expect(await metric('retried')).toBe(3)
    const tries = (to: string) => sends().filter((r) => r.body.includes(to)).length
    expect([tries('openid-refusing'), tries('openid-busy'), tries('openid-hopeless')]).toEqual([1, 2, 3])
    // Every subscription was used up.
    await svc.client.call('destroy_room', anchor, { roomID: String((await svc.client.call('get_my_live_room', anchor, {})).body.room?.roomID) })
    await goLive(anchor)
    await new Promise((r) => setTimeout(r, 200))
    expect(sends()).toHaveLength(6)
  })

  it('needs a WeChat login (3026) and the configuration (3027); unsubscribing stops the message', async () => {
    await start()
    const devUser = await svc.client.session('devuser', svc.clock.now())
    const r = await svc.client.call('subscribe_live', devUser, { anchorUserID: 'anchor' })
    expect(r.status).toBe(403)
    expect(r.body.code).toBe(ErrorCode.WECHAT_LOGIN_REQUIRED)
    const viewer = await wechatSession('v2')
    expect((await svc.client.call('subscribe_live', viewer, { anchorUserID: viewer.userID })).body.code).toBe(ErrorCode.BAD_REQUEST)
    await svc.client.call('subscribe_live', viewer, { anchorUserID: 'anchor' })
    expect((await svc.client.call('unsubscribe_live', viewer, { anchorUserID: 'anchor' })).body.code).toBe(0)
    await goLive(await svc.client.session('anchor', svc.clock.now()))
    await new Promise((r) => setTimeout(r, 200))
    expect(sends()).toHaveLength(0)
    await svc.close()
    await wx.close()
    await start({ WECHAT_LIVE_TEMPLATE_ID: '' })
    const again = await svc.client.call('subscribe_live', await wechatSession('v3'), { anchorUserID: 'anchor' })
    expect(again.status).toBe(501)
    expect(again.body.code).toBe(ErrorCode.LIVE_NOTICE_NOT_CONFIGURED)
  })
})
