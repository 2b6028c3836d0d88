// Both login paths (UserSig, wx.login code), DEV_LOGIN, tokens: over real HTTP.
import { createHmac } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { deflateSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { decodeUserSig } from '@liveroom/protocol/usersig'
import { verifyUserSig } from '../auth/usersig.ts'
import {
  FakeClock,
  independentUserSig,
  logSink,
  projectUserSig,
  SDKAPPID,
  SECRET_KEY,
  startFakeServer,
  startService,
  tempDir,
  type FakeServer,
  type Service,
} from './helpers.ts'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { guardStore } from '../store/types.ts'

let svc: Service | undefined
let wx: FakeServer | undefined
afterEach(async () => {
  await svc?.close()
  await wx?.close()
  svc = undefined
  wx = undefined
})

const nowS = (c: FakeClock) => Math.floor(c.now() / 1000)

describe('login with a UserSig', () => {
  it('accepts a UserSig from the project generator and returns token, userID and server time', async () => {
    svc = await startService()
    const r = await svc.client.login('alice', projectUserSig('alice', nowS(svc.clock)))
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ code: 0, userID: 'alice', timestamp: svc.clock.now() })
    expect(r.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/)
    // The UserSig (valid 86400 s from the issuing second) bounds the token, as does TOKEN_TTL_S (86400 s).
    expect(r.body.expireAt).toBe(nowS(svc.clock) * 1000 + 86400 * 1000)
    const list = await svc.client.call('get_room_list', { userID: 'alice', token: String(r.body.token) }, {})
    expect(list.body.code).toBe(0)
  })

  it('accepts a UserSig made independently with node:crypto and node:zlib', async () => {
    svc = await startService()
    const sig = independentUserSig({ userID: 'bob_2', time: nowS(svc.clock) - 10 })
    const r = await svc.client.login('bob_2', sig)
    expect(r.body.code).toBe(0)
    expect(r.body.userID).toBe('bob_2')
  })

  it('gives each login its own token', async () => {
    svc = await startService()
    const a = await svc.client.session('alice', svc.clock.now())
    const b = await svc.client.session('alice', svc.clock.now())
    expect(a.token).not.toBe(b.token)
    expect((await svc.client.call('get_room_list', a, {})).body.code).toBe(0)
    expect((await svc.client.call('get_room_list', b, {})).body.code).toBe(0)
  })

  const rejected: [string, (c: FakeClock) => { userID: string; sig: string; sdkAppID?: number }, number, number][] = [
    ['a UserSig signed with another key', (c) => ({ userID: 'alice', sig: independentUserSig({ userID: 'alice', time: nowS(c), key: 'other-key' }) }), ErrorCode.USERSIG_INVALID, 401],
    ['an expired UserSig', (c) => ({ userID: 'alice', sig: independentUserSig({ userID: 'alice', time: nowS(c) - 200, expire: 100 }) }), ErrorCode.USERSIG_EXPIRED, 401],
    ['a UserSig of another user', (c) => ({ userID: 'alice', sig: projectUserSig('mallory', nowS(c)) }), ErrorCode.USERID_MISMATCH, 401],
    ['a UserSig of another SDKAppID', (c) => ({ userID: 'alice', sig: independentUserSig({ userID: 'alice', time: nowS(c), sdkAppId: 1400000001 }) }), ErrorCode.SDKAPPID_MISMATCH, 401],
    ['a login naming another SDKAppID', (c) => ({ userID: 'alice', sig: projectUserSig('alice', nowS(c)), sdkAppID: 1400000001 }), ErrorCode.SDKAPPID_MISMATCH, 401],
    ['a UserSig issued an hour in the future', (c) => ({ userID: 'alice', sig: independentUserSig({ userID: 'alice', time: nowS(c) + 3600 }) }), ErrorCode.USERSIG_INVALID, 401],
    ['text that is not a UserSig', () => ({ userID: 'alice', sig: 'not-a-usersig' }), ErrorCode.USERSIG_INVALID, 401],
    ['a user ID with characters outside [A-Za-z0-9_-]', (c) => ({ userID: 'a/b', sig: projectUserSig('a/b', nowS(c)) }), ErrorCode.BAD_USER_ID, 400],
  ]
  for (const [what, make, code, status] of rejected) {
    it(`refuses ${what}`, async () => {
      svc = await startService()
      const { userID, sig, sdkAppID } = make(svc.clock)
      const r = await svc.client.login(userID, sig, sdkAppID)
      expect(r.status).toBe(status)
      expect(r.body.code).toBe(code)
      expect(r.body.message.length).toBeGreaterThan(5)
      expect(r.body.token).toBeUndefined()
    })
  }

  it('refuses a tampered UserSig (identifier changed after signing)', async () => {
    svc = await startService()
    const doc = decodeUserSig(projectUserSig('alice', nowS(svc.clock)))
    const forged = { ...doc, 'TLS.identifier': 'root' }
    const sig = deflateSync(JSON.stringify(forged)).toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_')
    const r = await svc.client.login('root', sig)
    expect(r.body.code).toBe(ErrorCode.USERSIG_INVALID)
  })

  it('refuses a login without userSig as a bad request', async () => {
    svc = await startService()
    const r = await svc.client.post(`/weapp/live_room/login?sdkAppID=${SDKAPPID}&userID=alice`)
    expect(r.status).toBe(400)
    expect(r.body.code).toBe(ErrorCode.BAD_REQUEST)
    expect(r.body.message).toMatch(/userSig/)
  })

  it('verifyUserSig accepts a UserSig with userbuf and rejects one whose userbuf was changed', () => {
    const time = 1_700_000_000
    const withBuf = (userbuf: string) => {
      const content = `TLS.identifier:u\nTLS.sdkappid:${SDKAPPID}\nTLS.time:${time}\nTLS.expire:600\nTLS.userbuf:${userbuf}\n`
      return {
        'TLS.ver': '2.0',
        'TLS.identifier': 'u',
        'TLS.sdkappid': SDKAPPID,
        'TLS.expire': 600,
        'TLS.time': time,
        'TLS.userbuf': userbuf,
        'TLS.sig': createHmac('sha256', SECRET_KEY).update(content).digest('base64'),
      }
    }
    const encode = (doc: object) =>
      deflateSync(JSON.stringify(doc)).toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_')
    const good = encode(withBuf('AAEC'))
    const bad = encode({ ...withBuf('AAEC'), 'TLS.userbuf': 'AAED' })
    const input = { userID: 'u', sdkAppId: SDKAPPID, secretKey: SECRET_KEY, nowSeconds: time + 1 }
    expect(verifyUserSig({ ...input, userSig: good })).toMatchObject({ ok: true, expiresAtS: time + 600 })
    expect(verifyUserSig({ ...input, userSig: bad })).toMatchObject({ ok: false, code: ErrorCode.USERSIG_INVALID })
  })
})

describe('tokens', () => {
  it('every call but login needs userID and a token', async () => {
    svc = await startService()
    const r = await svc.client.post('/weapp/live_room/get_room_list', {})
    expect(r.status).toBe(401)
    expect(r.body.code).toBe(ErrorCode.TOKEN_INVALID)
    const r2 = await svc.client.post('/weapp/live_room/get_room_list?userID=alice&token=made-up', {})
    expect(r2.body.code).toBe(ErrorCode.TOKEN_INVALID)
  })

  it("a token does not work for another user ID", async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    const r = await svc.client.call('get_room_list', { userID: 'bob', token: alice.token }, {})
    expect(r.status).toBe(401)
    expect(r.body.code).toBe(ErrorCode.TOKEN_INVALID)
  })

  it('logout revokes the token; a replay of it is refused', async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    const out = await svc.client.post(`/weapp/live_room/logout?userID=alice&token=${alice.token}`, undefined, { raw: '' })
    expect(out.body).toEqual({ code: 0, message: 'ok' })
    const again = await svc.client.call('get_room_list', alice, {})
    expect(again.status).toBe(401)
    expect(again.body.code).toBe(ErrorCode.TOKEN_INVALID)
    const logoutTwice = await svc.client.call('logout', alice, {})
    expect(logoutTwice.body.code).toBe(ErrorCode.TOKEN_INVALID)
  })

  it('a token expires after TOKEN_TTL_S', async () => {
    svc = await startService({ env: { TOKEN_TTL_S: '600' } })
    const alice = await svc.client.session('alice', svc.clock.now())
    svc.clock.advance(599_000)
    expect((await svc.client.call('get_room_list', alice, {})).body.code).toBe(0)
    svc.clock.advance(1_000)
    const r = await svc.client.call('get_room_list', alice, {})
    expect(r.status).toBe(401)
    expect(r.body.code).toBe(ErrorCode.TOKEN_EXPIRED)
  })

  it('rotating SECRET_KEY ends every token the old key issued; logins with the new key work', async () => {
    const dir = tempDir()
    const store = guardStore(new SqliteRoomStore(path.join(dir, 'rooms.sqlite')))
    const clock = new FakeClock()
    const rotatedKey = 'rotated-secret-key-0123456789abcdef'
    try {
      const before = await startService({ store, clock })
      const alice = await before.client.session('alice', clock.now())
      expect((await before.client.call('get_room_list', alice, {})).body.code).toBe(0)
      await before.close()

      svc = await startService({ store, clock, env: { SECRET_KEY: rotatedKey } })
      const r = await svc.client.call('get_room_list', alice, {})
      expect(r.status).toBe(401)
      expect(r.body.code).toBe(ErrorCode.TOKEN_INVALID)
      const login = await svc.client.login('alice', independentUserSig({ userID: 'alice', key: rotatedKey, time: nowS(clock) }))
      expect(login.body.code).toBe(0)
      expect((await svc.client.call('get_room_list', { userID: 'alice', token: String(login.body.token) }, {})).body.code).toBe(0)
    } finally {
      await svc?.close()
      svc = undefined
      await store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keeps MAX_TOKENS_PER_USER live tokens per user: a login beyond ends the oldest session', async () => {
    svc = await startService({ env: { MAX_TOKENS_PER_USER: '2' } })
    const sessions = []
    for (let i = 0; i < 3; i++) {
      sessions.push(await svc.client.session('alice', svc.clock.now()))
      svc.clock.advance(1_000)
    }
    expect((await svc.client.call('get_room_list', sessions[0], {})).body.code).toBe(ErrorCode.TOKEN_INVALID)
    expect((await svc.client.call('get_room_list', sessions[1], {})).body.code).toBe(0)
    expect((await svc.client.call('get_room_list', sessions[2], {})).body.code).toBe(0)
    const bob = await svc.client.session('bob', svc.clock.now())
    expect((await svc.client.call('get_room_list', bob, {})).body.code).toBe(0)
  })

  it('a token never outlives the UserSig it was issued for', async () => {
    svc = await startService({ env: { TOKEN_TTL_S: '86400' } })
    const r = await svc.client.login('alice', projectUserSig('alice', nowS(svc.clock), 120))
    expect(r.body.expireAt).toBeLessThanOrEqual(svc.clock.now() + 120_000)
    const alice = { userID: 'alice', token: String(r.body.token) }
    svc.clock.advance(121_000)
    expect((await svc.client.call('get_room_list', alice, {})).body.code).toBe(ErrorCode.TOKEN_EXPIRED)
  })
})

describe('login with a wx.login code', () => {
  const WX = { WX_APPID: 'wx1234567890abcdef', WX_SECRET: 'wx-app-secret-value' }

  async function withWx(respond: Parameters<typeof startFakeServer>[0]) {
    wx = await startFakeServer(respond)
    svc = await startService({ env: { ...WX, WX_API_BASE: wx.url } })
    return svc
  }

  it('exchanges the code at jscode2session and returns a derived userID, a valid UserSig and a token', async () => {
    // Long and distinctive, so that finding it in the reply means it leaked (not a chance match in base64).
    const sessionKey = 'session-key-never-sent-to-the-client'
    const s = await withWx((req) => {
      const code = new URL(req.url, 'http://x').searchParams.get('js_code')
      return { body: { openid: `openid-for-${code}`, session_key: sessionKey } }
    })
    const r = await s.client.post('/weapp/utils/get_login_info', { code: 'c1' })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ code: 0, sdkAppID: SDKAPPID, timestamp: s.clock.now() })

    const sent = new URL(wx!.requests[0].url, 'http://x')
    expect(sent.pathname).toBe('/sns/jscode2session')
    expect(Object.fromEntries(sent.searchParams)).toEqual({
      appid: WX.WX_APPID,
      secret: WX.WX_SECRET,
      js_code: 'c1',
      grant_type: 'authorization_code',
    })

    const userID = String(r.body.userID)
    expect(userID).toMatch(/^wx_[0-9a-f]{24}$/)
    expect(userID).not.toContain('openid')
    expect(JSON.stringify(r.body)).not.toContain(sessionKey)
    expect(verifyUserSig({ userSig: String(r.body.userSig), userID, sdkAppId: SDKAPPID, secretKey: SECRET_KEY, nowSeconds: nowS(s.clock) })).toMatchObject({ ok: true })

    // The token works, and so does the UserSig for a later /login.
    expect((await s.client.call('get_room_list', { userID, token: String(r.body.token) }, {})).body.code).toBe(0)
    expect((await s.client.login(userID, String(r.body.userSig))).body.code).toBe(0)
  })

  it('derives the same userID for the same openid and different ones for different openids', async () => {
    const s = await withWx((req) => {
      const code = new URL(req.url, 'http://x').searchParams.get('js_code') ?? ''
      return { body: { openid: code.startsWith('a') ? 'openid-A' : 'openid-B', session_key: 'k' } }
    })
    const ids = []
    for (const code of ['a1', 'a2', 'b1']) ids.push((await s.client.post('/weapp/utils/get_login_info', { code })).body.userID)
    expect(ids[0]).toBe(ids[1])
    expect(ids[2]).not.toBe(ids[0])
  })

  it('reports a code WeChat refuses as WX_CODE_INVALID', async () => {
    const s = await withWx(() => ({ body: { errcode: 40029, errmsg: 'invalid code' } }))
    const r = await s.client.post('/weapp/utils/get_login_info', { code: 'used' })
    expect(r.status).toBe(401)
    expect(r.body.code).toBe(ErrorCode.WX_CODE_INVALID)
    expect(r.body.message).toContain('40029')
  })

  it('reports WeChat being busy or rate limiting (errcode -1, 45011) as UPSTREAM_ERROR, not as a bad code', async () => {
    const s = await withWx((req) => ({ body: { errcode: new URL(req.url, 'http://x').searchParams.get('js_code') === 'a' ? -1 : 45011, errmsg: 'busy' } }))
    for (const code of ['a', 'b']) {
      const r = await s.client.post('/weapp/utils/get_login_info', { code })
      expect(r.status).toBe(502)
      expect(r.body.code).toBe(ErrorCode.UPSTREAM_ERROR)
    }
  })

  it('calls jscode2session under the path of a WX_API_BASE that has one (a proxy)', async () => {
    wx = await startFakeServer(() => ({ body: { openid: 'o1', session_key: 'k' } }))
    svc = await startService({ env: { ...WX, WX_API_BASE: `${wx.url}/wxproxy/` } })
    expect((await svc.client.post('/weapp/utils/get_login_info', { code: 'c' })).body.code).toBe(0)
    expect(new URL(wx.requests[0].url, 'http://x').pathname).toBe('/wxproxy/sns/jscode2session')
  })

  it('reports WeChat being down as UPSTREAM_ERROR and keeps serving', async () => {
    const s = await withWx(() => ({ status: 502, body: 'bad gateway' }))
    const r = await s.client.post('/weapp/utils/get_login_info', { code: 'c' })
    expect(r.status).toBe(502)
    expect(r.body.code).toBe(ErrorCode.UPSTREAM_ERROR)
    expect((await s.client.login('alice', projectUserSig('alice', nowS(s.clock)))).body.code).toBe(0)
  })

  it('is disabled when WX_APPID/WX_SECRET are not configured', async () => {
    svc = await startService()
    const r = await svc.client.post('/weapp/utils/get_login_info', { code: 'c' })
    expect(r.body.code).toBe(ErrorCode.LOGIN_METHOD_DISABLED)
  })

  it('needs a code', async () => {
    svc = await startService({ env: WX })
    const r = await svc.client.post('/weapp/utils/get_login_info', {})
    expect(r.status).toBe(400)
    expect(r.body.code).toBe(ErrorCode.BAD_REQUEST)
  })
})

describe('DEV_LOGIN', () => {
  it('is off by default: a bare userID gets nothing', async () => {
    svc = await startService()
    const r = await svc.client.post('/weapp/utils/get_login_info', { userID: 'alice' })
    expect(r.status).toBe(403)
    expect(r.body.code).toBe(ErrorCode.LOGIN_METHOD_DISABLED)
    expect(r.body.userSig).toBeUndefined()
  })

  it('when on, issues a UserSig for any userID and warns loudly at start', async () => {
    const sink = logSink()
    svc = await startService({ env: { DEV_LOGIN: '1', LOG_LEVEL: 'info' }, logStream: sink.stream })
    expect(sink.text()).toMatch(/"level":40.*DEV_LOGIN=1/)
    const r = await svc.client.post('/weapp/utils/get_login_info', { userID: 'dev_user' })
    expect(r.body).toMatchObject({ code: 0, userID: 'dev_user', sdkAppID: SDKAPPID })
    expect(decodeUserSig(String(r.body.userSig))['TLS.identifier']).toBe('dev_user')
    expect((await svc.client.call('get_room_list', { userID: 'dev_user', token: String(r.body.token) }, {})).body.code).toBe(0)
    const bad = await svc.client.post('/weapp/utils/get_login_info', { userID: 'no spaces' })
    expect(bad.body.code).toBe(ErrorCode.BAD_USER_ID)
  })
})
