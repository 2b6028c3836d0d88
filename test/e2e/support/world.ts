// The world the end-to-end phones live in: the real room service on loopback (SQLite in a temp dir,
// clock under the test's control), a stand-in for WeChat's jscode2session, subscribeMessage.send
// (开播提醒, with the template the test build has) and msgSecCheck, and the IM fake, which asks the
// service before each group message as Tencent IM's before-send callback does (`imCallback`).
import net from 'node:net'
import { startFakeServer, type FakeServer } from '../../../server/test/helpers'
import type { GetRoomListReply, RoomSummary } from '@liveroom/protocol/roomService'
import type { SubscribeMessage } from '../../../server/notices/subscribeMessage'
import { TEST_LIVE_TEMPLATE_ID } from '../../support/compiledBuild'
import { FakeImServer } from '../../support/fakeIm'
import { imCallbackBridge } from '../../support/imCallbackBridge'
import { HARNESS_SDKAPPID, startRoomServiceHarness, type RoomServiceHarness, type RoomServiceHarnessOptions } from '../../support/roomServiceHarness'
import type { WxShimConfig } from '../../support/wxShim'
import { Client, shareImServer, type SentImMessage } from './clients'

export const WX_APP = { WX_APPID: 'wx00e2e0000000000a', WX_SECRET: 'e2e-app-secret' }

/** The IM callback authentication token the World's service and IM share (`imCallback`). */
const IM_CALLBACK_TOKEN = 'e2e-im-callback-token'

export interface WorldOptions extends RoomServiceHarnessOptions {
  /**
   * Tencent IM's before-send callback (on unless false): every group message is put to the
   * service's /im/callback over HTTP (moderation, text checks, message counts) before it is delivered.
   */
  imCallback?: boolean
}

/** Both permissions a pusher needs, already granted. */
export const MEDIA_GRANTED: WxShimConfig['permissions'] = { 'scope.camera': 'granted', 'scope.record': 'granted' }

export interface PhoneSetup {
  /** The nickname kept in the phone's storage (shown next to its chat messages). */
  nickname: string
  /** The avatar's path on the room service (`/avatars/<name>`) kept in the profile; none when absent. */
  avatar?: string
  wx?: Partial<WxShimConfig>
}

/** A C2C signalling command as it went over IM: `{cmd, data}` parsed from the custom element. */
export interface SentC2CCommand {
  from: string
  to: string
  cmd: string
  data: Record<string, unknown>
}

export class World {
  /** Every message the apps sent that the IM accepted, in order. */
  readonly imSent: SentImMessage[] = []
  /** Before-send callbacks that decided nothing (no answer, not a reply): IM delivered those unchecked. */
  readonly imCallbackFailures: string[] = []
  private readonly clients: Client[] = []
  private readonly closers: Array<() => Promise<void> | void> = []
  private phones = 0

  private constructor(
    readonly service: RoomServiceHarness,
    readonly wechat: FakeServer,
    readonly im: FakeImServer,
    /** The room service's loopback address. */
    readonly serviceUrl: string,
    /** Texts WeChat's msgSecCheck calls risky: those containing one of these. */
    readonly wechatRisky: Set<string>,
  ) {}

  /** `options` choose the room service's setup (recording, where mixes go, the IM callback); see WorldOptions. */
  static async start(options: WorldOptions = {}): Promise<World> {
    const { imCallback = true, ...harnessOptions } = options
    const wechatRisky = new Set<string>()
    const wechat = await startFakeServer((req) => {
      const url = new URL(req.url, 'http://wechat.test')
      if (url.pathname === '/cgi-bin/token') return { body: { access_token: 'e2e-access-token', expires_in: 7200 } }
      if (url.pathname === '/cgi-bin/message/subscribe/send') return { body: { errcode: 0, errmsg: 'ok' } }
      if (url.pathname === '/wxa/msg_sec_check') return { body: msgSecCheckReply(req.body, wechatRisky) }
      // jscode2session: each wx.login code belongs to one WeChat user.
      return { body: { openid: `openid-of-${url.searchParams.get('js_code')}`, session_key: 'session-key' } }
    })
    const env = { ...WX_APP, WX_API_BASE: wechat.url, WECHAT_LIVE_TEMPLATE_ID: TEST_LIVE_TEMPLATE_ID, ...(imCallback ? { IM_CALLBACK_TOKEN } : {}) }
    const service = await startRoomServiceHarness(env, harnessOptions)
    await service.app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = service.app.server.address() as net.AddressInfo
    const serviceUrl = `http://127.0.0.1:${port}`
    const im = new FakeImServer({
      beforeGroupSend: imCallback
        ? imCallbackBridge({
            url: `${serviceUrl}/im/callback`,
            sdkAppId: HARNESS_SDKAPPID,
            token: IM_CALLBACK_TOKEN,
            // IM's clock agrees with the service's (RequestTime must be within a minute of it).
            now: () => service.now(),
            onFailure: (reason) => world.imCallbackFailures.push(reason),
          })
        : undefined,
    })
    const world = new World(service, wechat, im, serviceUrl, wechatRisky)
    world.closers.push(shareImServer(im, (message) => world.imSent.push(message)))
    return world
  }

  /** A phone with its own WeChat user (login code), profile and permissions, talking to the service. */
  phone(name: string, setup: PhoneSetup): Client {
    const n = ++this.phones
    const client = Client.open(name, {
      wx: {
        loginCode: `code-${name}`,
        requestBaseUrl: this.serviceUrl,
        permissions: MEDIA_GRANTED,
        storage: { 'live-room:profile': { userId: `u_e2e_${n}`, nickname: setup.nickname, avatar: setup.avatar ?? '' } },
        ...setup.wx,
      },
    })
    this.clients.push(client)
    return client
  }

  /** The C2C custom commands (linkmic, pk) the apps sent over IM, optionally only those with `cmd`. */
  c2cCommands(cmd?: string): SentC2CCommand[] {
    const out: SentC2CCommand[] = []
    for (const message of this.imSent) {
      if (message.conversationType !== 'C2C') continue
      for (const element of message.elements) {
        const payload = element.content as { data?: unknown } | null
        if (element.type !== 'TIMCustomElem' || typeof payload?.data !== 'string') continue
        const parsed = JSON.parse(payload.data) as { cmd: string; data: Record<string, unknown> }
        if (cmd === undefined || parsed.cmd === cmd) out.push({ from: message.from, to: message.to, cmd: parsed.cmd, data: parsed.data })
      }
    }
    return out
  }

  /** The 开播提醒 messages the service sent through WeChat's subscribeMessage.send, in order. */
  subscribeMessages(): SubscribeMessage[] {
    return this.wechat.requests.filter((r) => r.url.startsWith('/cgi-bin/message/subscribe/send')).map((r) => JSON.parse(r.body) as SubscribeMessage)
  }

  /** The user ID the service gives the phone named `name` (its WeChat user, from its login code). */
  async userIDOf(name: string): Promise<string> {
    const login = await this.post('/weapp/utils/get_login_info', { code: `code-${name}` })
    return String(login.userID)
  }

  /** The rooms the service lists now, as a third user sees them. */
  async listedRooms(): Promise<RoomSummary[]> {
    const login = await this.post('/weapp/utils/get_login_info', { code: 'code-observer' })
    const query = new URLSearchParams({ userID: String(login.userID), token: String(login.token) })
    const reply = (await this.post(`/weapp/live_room/get_room_list?${query}`, { index: 0, cnt: 20 })) as unknown as GetRoomListReply
    return reply.rooms
  }

  /** `count` rooms gone live, each by its own anchor, straight through the service's API; their IDs, oldest first. */
  async seedLiveRooms(count: number): Promise<string[]> {
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      const login = await this.post('/weapp/utils/get_login_info', { code: `code-seeded-${i}` })
      const query = new URLSearchParams({ userID: String(login.userID), token: String(login.token) })
      const created = await this.post(`/weapp/live_room/create_room?${query}`, { roomInfo: `房间${i}`, roomName: `房间${i}` })
      await this.post(`/weapp/live_room/add_anchor?${query}`, { roomID: created.roomID, userName: `主播${i}` })
      ids.push(String(created.roomID))
      this.service.advance(1) // each goes live a moment after the one before
    }
    return ids
  }

  /**
   * A port where nothing answers yet; `open()` makes the room service answer there (a relay to it),
   * as a service coming back at the address the phone was given.
   */
  async laterAddress(): Promise<{ url: string; open(): Promise<void> }> {
    const probe = net.createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as net.AddressInfo
    await new Promise<void>((resolve) => probe.close(() => resolve()))
    const target = new URL(this.serviceUrl)
    return {
      url: `http://127.0.0.1:${port}`,
      open: async () => {
        const sockets = new Set<net.Socket>()
        const relay = net.createServer((socket) => {
          const upstream = net.connect(Number(target.port), target.hostname)
          sockets.add(socket).add(upstream)
          socket.pipe(upstream).pipe(socket)
          const end = () => {
            socket.destroy()
            upstream.destroy()
          }
          socket.on('error', end)
          upstream.on('error', end)
        })
        await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve))
        this.closers.push(
          () =>
            new Promise<void>((resolve) => {
              relay.close(() => resolve())
              for (const socket of sockets) socket.destroy()
            }),
        )
      },
    }
  }

  async close(): Promise<void> {
    for (const client of this.clients.splice(0).reverse()) await client.close()
    for (const close of this.closers.splice(0).reverse()) await close()
    await this.service.close()
    await this.wechat.close()
  }

  private async post(path: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(this.serviceUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    const reply = (await res.json()) as Record<string, unknown>
    if (reply.code !== 0) throw new Error(`${path}: ${JSON.stringify(reply)}`)
    return reply
  }
}

/** msgSecCheck v2's answer: risky (label 20001) when the content contains one of `risky`, else pass. */
function msgSecCheckReply(requestBody: string, risky: ReadonlySet<string>): Record<string, unknown> {
  const { content } = JSON.parse(requestBody) as { content: string }
  const hit = [...risky].some((word) => content.includes(word))
  return { errcode: 0, errmsg: 'ok', result: hit ? { suggest: 'risky', label: 20001 } : { suggest: 'pass', label: 100 } }
}

/** Stream ID of a push/play URL: the last path segment, cut at `?` and `.`. */
export function streamIdOf(url: string): string {
  return (url.split('?')[0].split('/').pop() ?? '').split('.')[0]
}
