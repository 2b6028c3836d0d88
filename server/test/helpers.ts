// Test tooling: configuration, a controllable clock, local fake HTTP upstreams, a real
// redis-server, and a client for the room service running on a loopback port.
import { createHmac } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { deflateSync } from 'node:zlib'
import { buildAppWithParts, type AppDeps, type BuiltApp } from '../app.ts'
import type { Clock } from '../clock.ts'
import { loadConfig, type Config, type Env } from '../config.ts'
import type { AddAnchorRequest, RoomServiceEndpoint, RoomServiceReply, RoomServiceRequest } from '@liveroom/protocol/roomService'
import { genUserSig } from '@liveroom/protocol/usersig'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { guardStore, type RoomStore } from '../store/types.ts'

export const SDKAPPID = 1400000000
export const SECRET_KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e'
export const PUSH_KEY = 'e12c46f2612d5106e2034781ab261ca3'
export const PLAY_KEY = '0a1b2c3d4e5f60718293a4b5c6d7e8f9'

export const BASE_ENV: Env = {
  SDKAPPID: String(SDKAPPID),
  SECRET_KEY,
  PUSH_DOMAIN: 'push.example.com',
  PUSH_KEY,
  PLAY_DOMAIN: 'play.example.com',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_MAX: '100000',
  RATE_LIMIT_ADDRESS_MAX: '100000',
  RATE_LIMIT_LOGIN_MAX: '100000',
}

export function testConfig(env: Env = {}): Config {
  return loadConfig({ ...BASE_ENV, ...env })
}

/** Polls `fn` until it gives a value; past `timeoutMs`, fails naming `what` (and `detail()`). */
export async function until<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
  detail: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${detail()}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

export function tempDir(prefix = 'liveroom-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export class FakeClock implements Clock {
  constructor(public ms: number = Date.now()) {}
  now(): number {
    return this.ms
  }
  advance(ms: number): void {
    this.ms += ms
  }
}

/** A UserSig made without the project's code: node:crypto HMAC + node:zlib deflate. */
export function independentUserSig(opts: {
  userID: string
  sdkAppId?: number
  key?: string
  time: number
  expire?: number
}): string {
  const sdkAppId = opts.sdkAppId ?? SDKAPPID
  const expire = opts.expire ?? 86400
  const content =
    `TLS.identifier:${opts.userID}\n` + `TLS.sdkappid:${sdkAppId}\n` + `TLS.time:${opts.time}\n` + `TLS.expire:${expire}\n`
  const sig = createHmac('sha256', opts.key ?? SECRET_KEY).update(content).digest('base64')
  const doc = {
    'TLS.ver': '2.0',
    'TLS.identifier': opts.userID,
    'TLS.sdkappid': sdkAppId,
    'TLS.expire': expire,
    'TLS.time': opts.time,
    'TLS.sig': sig,
  }
  return deflateSync(Buffer.from(JSON.stringify(doc)))
    .toString('base64')
    .replace(/\+/g, '*')
    .replace(/\//g, '-')
    .replace(/=/g, '_')
}

export function projectUserSig(userID: string, nowS: number, expire = 86400): string {
  return genUserSig({ sdkAppId: SDKAPPID, secretKey: SECRET_KEY, userId: userID, nowSeconds: nowS, expireSeconds: expire })
}

// ------------------------------------------------------------------ fake HTTP upstreams

export interface RecordedRequest {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: string
}

export interface FakeServer {
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

export async function startFakeServer(
  respond: (req: RecordedRequest) => { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>,
): Promise<FakeServer> {
  const requests: RecordedRequest[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() }
      requests.push(rec)
      Promise.resolve(respond(rec)).then(
        (r) => {
          res.writeHead(r.status ?? 200, { 'content-type': 'application/json' })
          res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body))
        },
        () => {
          res.writeHead(500)
          res.end()
        },
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

// ------------------------------------------------------------------ redis-server

export { freePort, startRedis, type RedisServer } from './localServers.ts'

// ------------------------------------------------------------------ room service client

export interface Reply {
  status: number
  body: Record<string, unknown> & { code: number; message: string }
}

export interface Session {
  userID: string
  token: string
}

export class Client {
  constructor(readonly baseUrl: string) {}

  async post(pathAndQuery: string, body?: unknown, init: { contentType?: string; raw?: string } = {}): Promise<Reply> {
    const res = await fetch(this.baseUrl + pathAndQuery, {
      method: 'POST',
      headers: { 'content-type': init.contentType ?? 'application/json' },
      body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    })
    const text = await res.text()
    return { status: res.status, body: JSON.parse(text) as Reply['body'] }
  }

  async call<K extends RoomServiceEndpoint>(
    name: K,
    session: Session,
    body: RoomServiceRequest<K> | Record<string, unknown>,
  ): Promise<{ status: number; body: RoomServiceReply<K> }> {
    const q = `?userID=${encodeURIComponent(session.userID)}&token=${encodeURIComponent(session.token)}`
    const r = await this.post(`/weapp/live_room/${name}${q}`, body)
    return { status: r.status, body: r.body as unknown as RoomServiceReply<K> }
  }

  /** `coAnchor` joins as `creator` accepted it: admit_anchor by the creator, then add_anchor. */
  async joinAsCoAnchor(
    creator: Session,
    coAnchor: Session,
    body: AddAnchorRequest,
  ): Promise<{ status: number; body: RoomServiceReply<'add_anchor'> }> {
    const admitted = await this.call('admit_anchor', creator, { roomID: body.roomID, userID: coAnchor.userID })
    if (admitted.body.code !== 0) throw new Error(`admit_anchor failed: ${JSON.stringify(admitted.body)}`)
    return this.call('add_anchor', coAnchor, body)
  }

  async login(userID: string, userSig: string, sdkAppID = SDKAPPID): Promise<Reply> {
    const q = new URLSearchParams({ sdkAppID: String(sdkAppID), userID, userSig, accountType: '0', platform: 'weapp' })
    return this.post(`/weapp/live_room/login?${q.toString()}`)
  }

  /** Logs in with a UserSig from the project's generator; returns the session. */
  async session(userID: string, nowMs: number = Date.now()): Promise<Session> {
    const r = await this.login(userID, projectUserSig(userID, Math.floor(nowMs / 1000)))
    if (r.body.code !== 0) throw new Error(`login failed: ${JSON.stringify(r.body)}`)
    return { userID, token: String(r.body.token) }
  }
}

export interface Running extends BuiltApp {
  client: Client
  close(): Promise<void>
}

/** Builds the app and listens on 127.0.0.1:0. */
export async function listen(deps: AppDeps): Promise<Running> {
  const built = await buildAppWithParts({ sweeper: false, ...deps })
  const { app } = built
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as net.AddressInfo
  return { ...built, client: new Client(`http://127.0.0.1:${port}`), close: () => app.close() }
}

/** Collects the log lines the app writes. */
export function logSink(): { stream: Writable; text(): string } {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      lines.push(chunk.toString())
      cb()
    },
  })
  return { stream, text: () => lines.join('') }
}

export interface Service extends Running {
  clock: FakeClock
  store: RoomStore
  config: Config
}

/** The room service on a loopback port with a fresh SQLite store (or the given one) and a fake clock. */
export async function startService(
  opts: {
    env?: Env
    clock?: FakeClock
    store?: RoomStore
    mixer?: AppDeps['mixer']
    wechat?: AppDeps['wechat']
    messageCounter?: AppDeps['messageCounter']
    logStream?: NodeJS.WritableStream
  } = {},
): Promise<Service> {
  const dir = tempDir()
  const store = opts.store ?? guardStore(new SqliteRoomStore(path.join(dir, 'rooms.sqlite')))
  const clock = opts.clock ?? new FakeClock()
  const config = testConfig(opts.env)
  const running = await listen({
    config,
    store,
    clock,
    mixer: opts.mixer,
    wechat: opts.wechat,
    messageCounter: opts.messageCounter,
    logStream: opts.logStream,
  })
  return {
    ...running,
    clock,
    store,
    config,
    close: async () => {
      await running.close()
      if (!opts.store) await store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
