// Bad input and faults: every one gets a reply with a code and a reason, and the service keeps serving.
import path from 'node:path'
import fs from 'node:fs'
import net from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { redactUrl } from '../http/logging.ts'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { guardStore, type RoomStore } from '../store/types.ts'
import {
  logSink,
  PLAY_KEY,
  projectUserSig,
  PUSH_KEY,
  SECRET_KEY,
  startService,
  tempDir,
  type Service,
  type Session,
} from './helpers.ts'

let svc: Service | undefined
afterEach(async () => {
  await svc?.close()
  svc = undefined
})

async function withSession(env: Record<string, string> = {}): Promise<{ s: Service; alice: Session; q: string }> {
  svc = await startService({ env })
  const alice = await svc.client.session('alice', svc.clock.now())
  return { s: svc, alice, q: `?userID=alice&token=${alice.token}` }
}

async function stillServes(s: Service, who: Session): Promise<void> {
  const r = await s.client.call('get_room_list', who, {})
  expect(r.body.code).toBe(0)
}

describe('malformed requests', () => {
  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const { s, alice, q } = await withSession()
    const r = await s.client.post(`/weapp/live_room/create_room${q}`, undefined, { raw: '{"roomInfo": ' })
    expect(r.status).toBe(400)
    expect(r.body.code).toBe(ErrorCode.MALFORMED_JSON)
    expect(r.body.message).toMatch(/JSON/)
    await stillServes(s, alice)
  })

  it('a body over BODY_LIMIT → 413 BODY_TOO_LARGE', async () => {
    const { s, alice, q } = await withSession({ BODY_LIMIT: '2048' })
    const r = await s.client.post(`/weapp/live_room/create_room${q}`, { roomInfo: 'x'.repeat(4000) })
    expect(r.status).toBe(413)
    expect(r.body.code).toBe(ErrorCode.BODY_TOO_LARGE)
    await stillServes(s, alice)
  })

  const wrong: [string, string, Record<string, unknown> | unknown[], RegExp][] = [
    ['a string where an integer belongs', 'get_room_list', { cnt: '20' }, /cnt/],
    ['a number where a string belongs', 'get_anchors', { roomID: 123 }, /roomID/],
    ['an object where a string belongs', 'add_audience', { roomID: { $ne: '' } }, /roomID/],
    ['a missing required field', 'get_anchors', {}, /roomID/],
    ['a room ID with forbidden characters', 'get_anchors', { roomID: '../etc' }, /roomID/],
    ['a user ID with forbidden characters', 'delete_anchor', { roomID: 'r', userID: 'a b' }, /userID/],
    ['an array as body', 'get_room_list', [1, 2], /object/],
    ['a string field that is too long', 'add_audience', { roomID: 'r', userInfo: 'x'.repeat(1025) }, /userInfo/],
    ['a non-integer status code', 'anchor_heartbeat', { roomID: 'r', roomStatusCode: 1.5 }, /roomStatusCode/],
    ['mergeParams of the wrong type', 'merge_stream', { roomID: 'r', mergeParams: 5 }, /mergeParams/],
    ['mergeParams text that is not JSON', 'merge_stream', { roomID: 'r', mergeParams: '{x' }, /mergeParams/],
    ['mergeParams text of the wrong type', 'merge_stream', { roomID: 'r', mergeParams: '[1]' }, /mergeParams/],
  ]
  for (const [what, name, body, field] of wrong) {
    it(`${what} → 400 BAD_REQUEST naming the field`, async () => {
      const { s, alice, q } = await withSession()
      const r = await s.client.post(`/weapp/live_room/${name}${q}`, body)
      expect(r.status).toBe(400)
      expect(r.body.code).toBe(ErrorCode.BAD_REQUEST)
      expect(r.body.message).toMatch(field)
      await stillServes(s, alice)
    })
  }

  it('a prototype-poisoning body is refused', async () => {
    const { s, q } = await withSession()
    const r = await s.client.post(`/weapp/live_room/create_room${q}`, undefined, { raw: '{"roomInfo":"x","__proto__":{"admin":true}}' })
    expect(r.status).toBe(400)
    expect(r.body.code).not.toBe(0)
  })

  it('a non-JSON content type → 415', async () => {
    const { s, q } = await withSession()
    const r = await s.client.post(`/weapp/live_room/get_room_list${q}`, undefined, { raw: 'cnt=1', contentType: 'text/plain' })
    expect(r.status).toBe(415)
    expect(r.body.code).toBe(ErrorCode.UNSUPPORTED_MEDIA_TYPE)
  })

  it('an empty JSON body counts as {} (clients post logout with nothing in it)', async () => {
    const { s, q } = await withSession()
    const r = await s.client.post(`/weapp/live_room/get_room_list${q}`, undefined, { raw: '' })
    expect(r.body).toEqual({ code: 0, message: 'ok', rooms: [] })
  })

  it('an unknown endpoint → 404 UNKNOWN_ENDPOINT', async () => {
    const { s, q } = await withSession()
    const r = await s.client.post(`/weapp/live_room/drop_tables${q}`, {})
    expect(r.status).toBe(404)
    expect(r.body.code).toBe(ErrorCode.UNKNOWN_ENDPOINT)
    expect(r.body.message).toContain('drop_tables')
    expect(r.body.message).not.toContain('token')
    const get = await fetch(`${s.client.baseUrl}/weapp/live_room/get_room_list${q}`)
    expect(get.status).toBe(404)
    expect(((await get.json()) as { code: number }).code).toBe(ErrorCode.UNKNOWN_ENDPOINT)
  })
})

describe('rate limiting', () => {
  it('a flood from one user gets 429 RATE_LIMITED with Retry-After; other users and /healthz are still served', async () => {
    const { s, alice } = await withSession({ RATE_LIMIT_MAX: '8', RATE_LIMIT_WINDOW_S: '60' })
    const bob = await s.client.session('bob', s.clock.now())
    const replies = await Promise.all(Array.from({ length: 12 }, () => s.client.call('get_room_list', alice, {})))
    const limited = replies.filter((r) => r.status === 429)
    expect(replies.filter((r) => r.body.code === 0)).toHaveLength(8)
    expect(limited).toHaveLength(4)
    for (const r of limited) {
      expect(r.body.code).toBe(ErrorCode.RATE_LIMITED)
      expect(r.body.message).toMatch(/requests per 60 s/)
    }
    const raw = await fetch(`${s.client.baseUrl}/weapp/live_room/get_room_list?userID=alice&token=${alice.token}`, { method: 'POST' })
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await s.client.call('get_room_list', bob, {})).body.code).toBe(0)
    expect((await fetch(`${s.client.baseUrl}/healthz`)).status).toBe(200)
  })

  it('counts logins by address, whatever user ID each one names', async () => {
    svc = await startService({ env: { RATE_LIMIT_LOGIN_MAX: '3' } })
    const codes = []
    for (let i = 0; i < 5; i++) codes.push((await svc.client.post('/weapp/utils/get_login_info', { code: 'c' })).status)
    expect(codes).toEqual([403, 403, 403, 429, 429])
    const renamed = []
    for (let i = 0; i < 3; i++) renamed.push((await svc.client.login(`user${i}`, 'not-a-usersig')).status)
    expect(renamed).toEqual([429, 429, 429])
  })

  it('counts calls without a valid login by address: wrong tokens, no token, unknown endpoints', async () => {
    svc = await startService({ env: { RATE_LIMIT_ADDRESS_MAX: '5' } })
    const codes = []
    for (let i = 0; i < 4; i++) codes.push((await svc.client.call('get_room_list', { userID: `u${i}`, token: 'forged' }, {})).status)
    codes.push((await svc.client.post('/weapp/live_room/get_room_list', {})).status)
    codes.push((await svc.client.post('/weapp/live_room/get_room_list', {})).status)
    expect(codes).toEqual([401, 401, 401, 401, 401, 429])
    expect((await svc.client.post('/weapp/live_room/drop_tables', {})).status).toBe(429)
    // Machines' own calls are not counted: health probes and the RTMP publish callback.
    for (let i = 0; i < 3; i++) expect((await fetch(`${svc.client.baseUrl}/healthz`)).status).toBe(200)
  })

  it('does not make users behind one address (a school NAT) share an allowance', async () => {
    svc = await startService({ env: { RATE_LIMIT_ADDRESS_MAX: '3', RATE_LIMIT_MAX: '5' } })
    const users = []
    for (let i = 0; i < 6; i++) users.push(await svc.client.session(`student${i}`, svc.clock.now()))
    const codes = []
    for (const user of users) for (let i = 0; i < 4; i++) codes.push((await svc.client.call('get_room_list', user, {})).status)
    expect(new Set(codes)).toEqual(new Set([200]))
  })

  it('warns once when a proxy sends X-Forwarded-For that TRUST_PROXY does not trust', async () => {
    const sink = logSink()
    svc = await startService({ env: { LOG_LEVEL: 'warn' }, logStream: sink.stream })
    for (let i = 0; i < 3; i++) {
      await fetch(`${svc.client.baseUrl}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.7' } })
    }
    expect(sink.text().match(/TRUST_PROXY is not set/g)).toHaveLength(1)
  })

  it('takes the client address from the proxies TRUST_PROXY names, not from whatever the client sends', async () => {
    svc = await startService({ env: { RATE_LIMIT_LOGIN_MAX: '2', TRUST_PROXY: '1' } })
    const from = (forwarded: string) =>
      fetch(`${svc!.client.baseUrl}/weapp/utils/get_login_info`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded },
        body: '{"code":"c"}',
      }).then((r) => r.status)
    // One proxy hop: the proxy appends the real client after whatever the client claimed.
    const spoofs = []
    for (let i = 0; i < 3; i++) spoofs.push(await from(`10.0.0.${i}, 203.0.113.7`))
    expect(spoofs).toEqual([403, 403, 429])
    expect(await from('198.51.100.9')).toBe(403)
  })
})

/** Sends raw bytes on one connection and collects everything the server sends back until it closes. */
function rawExchange(baseUrl: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(bytes))
    let text = ''
    socket.on('data', (d: Buffer) => (text += d.toString()))
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
}

const bodyOf = (response: string) => JSON.parse(response.slice(response.lastIndexOf('\r\n\r\n') + 4)) as { code: number; message: string }

describe('requests Fastify rejects before any route', () => {
  it('a request the HTTP parser refuses gets a coded 400 that does not echo it', async () => {
    const { s, alice } = await withSession()
    const reply = await rawExchange(
      s.client.baseUrl,
      `POST /weapp/live_room/get_room_list?userID=alice&token=${alice.token} HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n`,
    )
    expect(reply).toMatch(/^HTTP\/1\.1 400 /)
    expect(bodyOf(reply)).toMatchObject({ code: ErrorCode.BAD_REQUEST, message: expect.stringContaining('malformed HTTP request') })
    expect(reply).not.toContain(alice.token)
    await stillServes(s, alice)
  })

  it('a URL that cannot be decoded gets a coded 400 that does not echo it', async () => {
    const { s, alice } = await withSession()
    const r = await fetch(`${s.client.baseUrl}/weapp/live_room/%E0%A4%A?userID=alice&token=${alice.token}`, { method: 'POST' })
    expect(r.status).toBe(400)
    const text = await r.text()
    expect(JSON.parse(text)).toMatchObject({ code: ErrorCode.BAD_REQUEST })
    expect(text).not.toContain(alice.token)
  })

  it('a request that arrives while the service shuts down gets 503 SHUTTING_DOWN, which clients retry', async () => {
    let release: () => void = () => undefined
    const held = new Promise<void>((resolve) => (release = resolve))
    const dir = tempDir()
    const inner = new SqliteRoomStore(path.join(dir, 'rooms.sqlite'))
    const slow = new Proxy(inner, {
      get(target, prop, receiver) {
        const v: unknown = Reflect.get(target, prop, receiver)
        if (prop === 'listLiveRooms') return (...args: Parameters<RoomStore['listLiveRooms']>) => held.then(() => inner.listLiveRooms(...args))
        return typeof v === 'function' ? v.bind(target) : v
      },
    })
    svc = await startService({ store: slow })
    const alice = await svc.client.session('alice', svc.clock.now())
    const request = (connection: string) =>
      `POST /weapp/live_room/get_room_list?userID=alice&token=${alice.token} HTTP/1.1\r\nHost: x\r\n` +
      `Content-Type: application/json\r\nContent-Length: 2\r\nConnection: ${connection}\r\n\r\n{}`
    const { hostname, port } = new URL(svc.client.baseUrl)
    const socket = net.connect(Number(port), hostname)
    let text = ''
    socket.on('data', (d: Buffer) => (text += d.toString()))
    const ended = new Promise<void>((resolve) => socket.on('end', () => resolve()))
    // The first request is in flight (the store holds it) when closing starts; the second comes after.
    socket.write(request('keep-alive'))
    await vi.waitFor(() => expect(socket.readyState).toBe('open'))
    await new Promise((r) => setTimeout(r, 50))
    const closed = svc.app.close()
    socket.write(request('close'))
    await new Promise((r) => setTimeout(r, 50))
    release()
    await ended
    await closed
    const [first, second] = text.split(/(?=HTTP\/1\.1 )/)
    expect(first).toMatch(/^HTTP\/1\.1 200 /)
    expect(second).toMatch(/^HTTP\/1\.1 503 /)
    expect(bodyOf(second)).toMatchObject({ code: ErrorCode.SHUTTING_DOWN })
    await inner.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

describe('store failures', () => {
  function failingStore(inner: RoomStore, failing: ReadonlySet<string>): RoomStore {
    return guardStore(
      new Proxy(inner, {
        get(target, prop, receiver) {
          if (typeof prop === 'string' && failing.has(prop)) {
            return () => Promise.reject(new Error('disk I/O error'))
          }
          const v: unknown = Reflect.get(target, prop, receiver)
          return typeof v === 'function' ? v.bind(target) : v
        },
      }),
    )
  }

  it('a store error is an error reply (503 STORE_ERROR), never a silent success, and other calls go on', async () => {
    const dir = tempDir()
    const inner = new SqliteRoomStore(path.join(dir, 'rooms.sqlite'))
    const failing = new Set(['listLiveRooms', 'addAudience', 'ping'])
    try {
      svc = await startService({ store: failingStore(inner, failing) })
      const alice = await svc.client.session('alice', svc.clock.now())
      const list = await svc.client.call('get_room_list', alice, {})
      expect(list.status).toBe(503)
      expect(list.body.code).toBe(ErrorCode.STORE_ERROR)
      expect(list.body.message).not.toContain('disk')

      const roomID = String((await svc.client.call('create_room', alice, { roomInfo: 'r' })).body.roomID)
      expect((await svc.client.call('add_anchor', alice, { roomID })).body.code).toBe(0)
      const join = await svc.client.call('add_audience', alice, { roomID })
      expect(join.body.code).toBe(ErrorCode.STORE_ERROR)
      expect(join.body.audienceCount).toBeUndefined()

      const health = await fetch(`${svc.client.baseUrl}/healthz`)
      expect(health.status).toBe(503)
      expect(((await health.json()) as { code: number }).code).toBe(ErrorCode.STORE_ERROR)

      failing.clear()
      expect((await svc.client.call('get_room_list', alice, {})).body.rooms?.map((r) => r.roomID)).toEqual([roomID])
    } finally {
      await inner.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a failing token lookup refuses the call with STORE_ERROR instead of letting it through', async () => {
    const dir = tempDir()
    const inner = new SqliteRoomStore(path.join(dir, 'rooms.sqlite'))
    const failing = new Set<string>()
    try {
      svc = await startService({ store: failingStore(inner, failing) })
      const alice = await svc.client.session('alice', svc.clock.now())
      failing.add('findToken')
      const r = await svc.client.call('create_room', alice, { roomInfo: 'r' })
      expect(r.status).toBe(503)
      expect(r.body.code).toBe(ErrorCode.STORE_ERROR)
      expect(r.body.roomID).toBeUndefined()
    } finally {
      await inner.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

function requestLines(text: string): { msg: string; req?: { url: string }; res?: { statusCode: number }; ms?: number }[] {
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { msg: string; req?: { url: string }; res?: { statusCode: number }; ms?: number })
    .filter((l) => l.msg === 'request')
}

describe('logs', () => {
  it('never contain tokens, UserSigs, keys or signed URL secrets', async () => {
    const sink = logSink()
    svc = await startService({ env: { LOG_LEVEL: 'trace', PLAY_KEY, DEV_LOGIN: '1' }, logStream: sink.stream })
    const userSig = projectUserSig('alice', Math.floor(svc.clock.now() / 1000))
    const login = await svc.client.login('alice', userSig)
    const alice = { userID: 'alice', token: String(login.body.token) }
    const dev = await svc.client.post('/weapp/utils/get_login_info', { userID: 'bob' })
    const urls = await svc.client.call('get_anchor_url', alice, {})
    const roomID = String((await svc.client.call('create_room', alice, { roomInfo: 'r' })).body.roomID)
    await svc.client.call('add_anchor', alice, { roomID, pushURL: String(urls.body.pushURL) })
    await svc.client.post(`/weapp/live_room/create_room?userID=alice&token=${alice.token}`, undefined, { raw: '{bad' })
    await svc.client.call('get_anchors', { userID: 'alice', token: 'wrong-token-value' }, { roomID })
    await svc.client.login('alice', 'garbage-usersig-value')

    const text = sink.text()
    expect(text).toContain('[redacted]')
    const secrets = [
      alice.token,
      userSig,
      String(dev.body.token),
      String(dev.body.userSig),
      'wrong-token-value',
      'garbage-usersig-value',
      SECRET_KEY,
      PUSH_KEY,
      PLAY_KEY,
      new URL(String(urls.body.pushURL)).searchParams.get('txSecret') ?? 'missing',
    ]
    for (const secret of secrets) expect(text).not.toContain(secret)
  })

  it('write one line per request at info: route, status and time, with credentials redacted', async () => {
    const sink = logSink()
    svc = await startService({ env: { LOG_LEVEL: 'info' }, logStream: sink.stream })
    const alice = await svc.client.session('alice', svc.clock.now())
    await svc.client.call('create_room', alice, { roomInfo: 'r', roomID: 'logged' })
    await svc.client.call('get_anchors', alice, { roomID: 'nope' })
    const lines = requestLines(sink.text())
    expect(lines.map((l) => [l.req?.url.split('?')[0], l.res?.statusCode])).toEqual([
      ['/weapp/live_room/login', 200],
      ['/weapp/live_room/create_room', 200],
      ['/weapp/live_room/get_anchors', 404],
    ])
    expect(lines.every((l) => typeof l.ms === 'number' && !l.req?.url.includes(alice.token))).toBe(true)
  })

  it('log successful routine calls (heartbeats, audience check-ins, reads) at debug only; their failures at info', async () => {
    for (const level of ['info', 'debug']) {
      const sink = logSink()
      svc = await startService({ env: { LOG_LEVEL: level }, logStream: sink.stream })
      const alice = await svc.client.session('alice', svc.clock.now())
      await svc.client.call('create_room', alice, { roomInfo: 'r', roomID: 'quiet' })
      await svc.client.call('add_anchor', alice, { roomID: 'quiet' })
      await svc.client.call('anchor_heartbeat', alice, { roomID: 'quiet' })
      await svc.client.call('get_room_list', alice, {})
      await svc.client.call('anchor_heartbeat', alice, { roomID: 'gone' })
      const logged = requestLines(sink.text()).map((l) => `${l.req?.url.split('?')[0].split('/').pop()} ${l.res?.statusCode}`)
      const routine = level === 'debug' ? ['anchor_heartbeat 200', 'get_room_list 200'] : []
      expect(logged).toEqual(['login 200', 'create_room 200', 'add_anchor 200', ...routine, 'anchor_heartbeat 404'])
      await svc.close()
      svc = undefined
    }
  })

  it('redactUrl hides credential parameters and keeps the rest', () => {
    expect(redactUrl('/weapp/live_room/login?sdkAppID=1&userID=a&userSig=SIG&token=T&accountType=0')).toBe(
      '/weapp/live_room/login?sdkAppID=1&userID=a&userSig=[redacted]&token=[redacted]&accountType=0',
    )
    expect(redactUrl('/x?txSecret=abc&txTime=1&Token=q')).toBe('/x?txSecret=[redacted]&txTime=1&Token=[redacted]')
    expect(redactUrl('/healthz')).toBe('/healthz')
  })
})

describe('slow and stalled clients', () => {
  /** Opens a connection that sends `head` and then nothing; resolves with what the server said when it closed. */
  function stall(port: number, head: string): { closed: Promise<string>; socket: net.Socket } {
    const socket = net.connect({ host: '127.0.0.1', port })
    let said = ''
    socket.on('data', (d: Buffer) => (said += d.toString()))
    socket.on('error', () => undefined)
    socket.on('connect', () => socket.write(head))
    return { socket, closed: new Promise((resolve) => socket.once('close', () => resolve(said))) }
  }

  function portOf(s: Service): number {
    return Number(new URL(s.client.baseUrl).port)
  }

  it('a request body that never ends gets 408 at the request deadline and its connection closed', async () => {
    const { s, alice, q } = await withSession({ REQUEST_TIMEOUT_S: '1' })
    const head = `POST /weapp/live_room/get_room_list${q} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"ind`
    const started = Date.now()
    const said = await stall(portOf(s), head).closed
    expect(said).toMatch(/^HTTP\/1.1 408 /)
    expect(JSON.parse(said.slice(said.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: ErrorCode.BAD_REQUEST })
    // Node alone would wait for ever: it stops timing a request once its handler runs.
    expect(Date.now() - started).toBeLessThan(5_000)
    await stillServes(s, alice)
  }, 15_000)

  it('a refusal sent before the body is in does not keep the stalled connection open', async () => {
    const { s } = await withSession({ REQUEST_TIMEOUT_S: '1' })
    const head = 'POST /weapp/live_room/get_room_list HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"ind'
    const started = Date.now()
    const said = await stall(portOf(s), head).closed
    expect(said).toMatch(/^HTTP\/1.1 401 /)
    expect(Date.now() - started).toBeLessThan(5_000)
  }, 15_000)

  it('headers that never end are cut off at the same deadline', async () => {
    const { s } = await withSession({ REQUEST_TIMEOUT_S: '1' })
    const said = await stall(portOf(s), 'POST /weapp/live_room/login HTTP/1.1\r\nHost: x\r\nX-Slow: ').closed
    expect(said).toMatch(/^HTTP\/1.1 408 /)
  }, 15_000)

  it('one address cannot hold more than MAX_CONNECTIONS_PER_ADDRESS connections; the service stays reachable once they go', async () => {
    const { s, alice } = await withSession({ MAX_CONNECTIONS_PER_ADDRESS: '4', REQUEST_TIMEOUT_S: '2' })
    const head = 'POST /weapp/live_room/get_room_list HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n'
    const stalled = Array.from({ length: 4 }, () => stall(portOf(s), head))
    await Promise.all(stalled.map((c) => new Promise((r) => c.socket.once('connect', r))))
    // The fifth is closed at once, without an answer.
    const fifth = stall(portOf(s), head)
    expect(await fifth.closed).toBe('')
    // The stalled ones reach their deadline; then the address is served again.
    await Promise.all(stalled.map((c) => c.closed))
    await stillServes(s, alice)
  }, 15_000)
})
