import { describe, expect, it, vi } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { RoomServiceClient } from './client'
import { RoomServiceError } from './errors'
import type { Transport } from './transport'

const LOGIN_OK = { code: 0, message: 'ok', userID: 'u1', token: 't1', timestamp: 1_000_500, expireAt: 9_000_000 }

function client(replies: Array<unknown | Error>, extra: Partial<ConstructorParameters<typeof RoomServiceClient>[0]> = {}) {
  const calls: Array<{ url: string; body: unknown }> = []
  const transport: Transport = async (url, body) => {
    calls.push({ url, body })
    const next = replies.shift()
    if (next instanceof Error) throw next
    return { statusCode: 200, data: next }
  }
  const sleep = vi.fn(async () => undefined)
  const c = new RoomServiceClient({ baseUrl: 'https://rooms.example.com', transport, sleep, now: () => 1_000_000, ...extra })
  return { c, calls, sleep }
}

const networkDown = () => new RoomServiceError(ErrorCode.NETWORK_ERROR, '无法连接', 'x')

describe('RoomServiceClient', () => {
  it('logs in with a UserSig in the query and keeps the token and server clock', async () => {
    const { c, calls } = client([LOGIN_OK])
    await c.login(1400000000, 'u1', 'sig*-_')
    const url = new URL(calls[0].url)
    expect(url.pathname).toBe('/weapp/live_room/login')
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ sdkAppID: '1400000000', userID: 'u1', userSig: 'sig*-_' })
    expect(c.userID).toBe('u1')
    expect(c.serverNow()).toBe(1_000_500)
    expect(c.loggedIn).toBe(true)
  })

  it('sends userID and token with every call', async () => {
    const { c, calls } = client([LOGIN_OK, { code: 0, message: 'ok', rooms: [] }])
    await c.login(1, 'u1', 's')
    const reply = await c.call('get_room_list', { index: 0, cnt: 20 })
    expect(reply.rooms).toEqual([])
    const url = new URL(calls[1].url)
    expect(url.pathname).toBe('/weapp/live_room/get_room_list')
    expect(Object.fromEntries(url.searchParams)).toEqual({ userID: 'u1', token: 't1' })
    expect(calls[1].body).toEqual({ index: 0, cnt: 20 })
  })

  it('logs in through a wx.login code', async () => {
    const { c, calls } = client([{ ...LOGIN_OK, userSig: 'S', sdkAppID: 1400000000 }])
    const info = await c.loginWithWechatCode('wx-code')
    expect(new URL(calls[0].url).pathname).toBe('/weapp/utils/get_login_info')
    expect(calls[0].body).toEqual({ code: 'wx-code' })
    expect(info.userSig).toBe('S')
    expect(c.loggedIn).toBe(true)
  })

  it('refuses to call before login', async () => {
    const { c, calls } = client([])
    await expect(c.call('get_room_list', {})).rejects.toMatchObject({ code: ErrorCode.TOKEN_INVALID, needsLogin: true })
    expect(calls).toHaveLength(0)
  })

  it('retries a repeatable call on a transient failure, with growing waits', async () => {
    const { c, calls, sleep } = client([LOGIN_OK, networkDown(), { code: ErrorCode.STORE_ERROR, message: 'x' }, { code: 0, message: 'ok', pushers: [] }])
    await c.login(1, 'u1', 's')
    await expect(c.call('anchor_heartbeat', { roomID: 'r1' })).resolves.toMatchObject({ pushers: [] })
    expect(calls).toHaveLength(4)
    expect(sleep.mock.calls).toEqual([[300], [600]])
  })

  it('gives up after the configured retries with the last error', async () => {
    const { c } = client([LOGIN_OK, networkDown(), networkDown(), networkDown()])
    await c.login(1, 'u1', 's')
    await expect(c.call('get_anchors', { roomID: 'r1' })).rejects.toMatchObject({ code: ErrorCode.NETWORK_ERROR })
  })

  it('never repeats a call that creates something', async () => {
    const { c, calls } = client([LOGIN_OK, networkDown(), { code: 0, message: 'ok', roomID: 'r2' }])
    await c.login(1, 'u1', 's')
    await expect(c.call('create_room', { roomInfo: 'x' })).rejects.toBeInstanceOf(RoomServiceError)
    expect(calls).toHaveLength(2)
  })

  it('does not retry a rule violation, and explains it in Chinese', async () => {
    const { c, calls } = client([LOGIN_OK, { code: ErrorCode.NOT_ROOM_CREATOR, message: 'only the room creator may do this' }])
    await c.login(1, 'u1', 's')
    const error = await c.call('destroy_room', { roomID: 'r1' }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: ErrorCode.NOT_ROOM_CREATOR, userMessage: '只有房间创建者可以执行此操作' })
    expect(calls).toHaveLength(2)
  })

  it('flags an expired token as needing a new login', async () => {
    const { c } = client([LOGIN_OK, { code: ErrorCode.TOKEN_EXPIRED, message: 'token expired' }])
    await c.login(1, 'u1', 's')
    await expect(c.call('get_room_list', {})).rejects.toMatchObject({ needsLogin: true })
  })

  it('logs in again when the service turns the token away mid-session, and makes the call once more', async () => {
    const { c, calls } = client([
      LOGIN_OK,
      { code: ErrorCode.TOKEN_EXPIRED, message: 'token expired' },
      { ...LOGIN_OK, token: 't2' },
      { code: 0, message: 'ok', roomID: 'r9' },
    ])
    await c.login(1, 'u1', 's')
    c.setRelogin(() => c.login(1, 'u1', 's'))
    await expect(c.call('create_room', { roomInfo: 'x' })).resolves.toMatchObject({ roomID: 'r9' })
    expect(calls.map((call) => new URL(call.url).pathname.split('/').pop())).toEqual(['login', 'create_room', 'login', 'create_room'])
    expect(new URL(calls[3].url).searchParams.get('token')).toBe('t2')
  })

  it('logs in once for calls turned away together', async () => {
    const revoked = { code: ErrorCode.TOKEN_INVALID, message: 'invalid token' }
    const { c, calls } = client([LOGIN_OK, revoked, revoked, { ...LOGIN_OK, token: 't2' }, { code: 0, message: 'ok', pushers: [] }, { code: 0, message: 'ok', rooms: [] }])
    await c.login(1, 'u1', 's')
    const relogin = vi.fn(() => c.login(1, 'u1', 's'))
    c.setRelogin(relogin)
    await Promise.all([c.call('anchor_heartbeat', { roomID: 'r1' }), c.call('get_room_list', {})])
    expect(relogin).toHaveBeenCalledTimes(1)
    expect(calls.filter((call) => call.url.includes('/login'))).toHaveLength(2)
  })

  it('gives the login failure when logging in again fails, and does not loop', async () => {
    const { c, calls } = client([LOGIN_OK, { code: ErrorCode.TOKEN_EXPIRED, message: 'token expired' }, { code: ErrorCode.USERSIG_INVALID, message: 'bad sig' }])
    await c.login(1, 'u1', 's')
    c.setRelogin(() => c.login(1, 'u1', 's'))
    await expect(c.call('get_anchors', { roomID: 'r1' })).rejects.toMatchObject({ code: ErrorCode.USERSIG_INVALID })
    expect(calls).toHaveLength(3)
  })

  it('does not let a login under way bring the session back after logout', async () => {
    let answerLogin: () => void = () => undefined
    const calls: string[] = []
    const transport: Transport = async (url) => {
      const endpoint = new URL(url).pathname.split('/').pop() ?? ''
      calls.push(endpoint)
      if (endpoint === 'get_room_list') return { statusCode: 401, data: { code: ErrorCode.TOKEN_EXPIRED, message: 'token expired' } }
      if (endpoint === 'login' && calls.filter((c) => c === 'login').length === 2) await new Promise<void>((resolve) => (answerLogin = resolve))
      return { statusCode: 200, data: endpoint === 'login' ? LOGIN_OK : { code: 0, message: 'ok' } }
    }
    const c = new RoomServiceClient({ baseUrl: 'https://rooms.example.com', transport, sleep: async () => undefined, now: () => 1_000_000 })
    await c.login(1, 'u1', 's')
    c.setRelogin(() => c.login(1, 'u1', 's'))
    const listing = c.call('get_room_list', {})
    await vi.waitFor(() => expect(calls.filter((x) => x === 'login')).toHaveLength(2))
    await c.logout()
    answerLogin()
    await expect(listing).rejects.toMatchObject({ needsLogin: true })
    expect(c.loggedIn).toBe(false)
  })

  it('does not log in again after logout', async () => {
    const { c, calls } = client([LOGIN_OK, { code: 0, message: 'ok' }])
    await c.login(1, 'u1', 's')
    const relogin = vi.fn(() => c.login(1, 'u1', 's'))
    c.setRelogin(relogin)
    await c.logout()
    await expect(c.call('get_room_list', {})).rejects.toMatchObject({ needsLogin: true })
    expect(relogin).not.toHaveBeenCalled()
    expect(calls).toHaveLength(2)
  })

  it('explains a reply that is not the protocol (wrong address, proxy page)', async () => {
    const { c } = client(['<html>502 Bad Gateway</html>'])
    await expect(c.login(1, 'u1', 's')).rejects.toMatchObject({ code: ErrorCode.UPSTREAM_ERROR, userMessage: expect.stringContaining('服务地址') })
  })

  it('keeps an unknown server code and its message', async () => {
    const { c } = client([{ code: 204004, message: 'domain not bound' }])
    await expect(c.login(1, 'u1', 's')).rejects.toMatchObject({ code: 204004, userMessage: 'domain not bound' })
  })

  it('lists a room’s recordings, or without a room the caller’s own', async () => {
    const recording = {
      recordingID: 'r1.1700000000000', roomID: 'r1', roomName: '周五晚课', roomCreator: 'u1', startTime: 1_700_000_000_000,
      duration: 65.5, status: 'complete', playURL: 'http://media.example.com/recordings/r1.1700000000000/index.m3u8', message: '',
    }
    const { c, calls } = client([LOGIN_OK, { code: 0, message: 'ok', recordings: [recording] }, { code: 0, message: 'ok', recordings: [] }])
    await c.login(1, 'u1', 's')
    await expect(c.getRecordings('r1')).resolves.toEqual([recording])
    await expect(c.getRecordings()).resolves.toEqual([])
    expect(calls.slice(1).map((call) => [new URL(call.url).pathname, call.body])).toEqual([
      ['/weapp/live_room/get_recordings', { roomID: 'r1' }],
      ['/weapp/live_room/get_recordings', {}],
    ])
    expect(Object.fromEntries(new URL(calls[1].url).searchParams)).toEqual({ userID: 'u1', token: 't1' })
  })

  it('retries listing and deleting recordings on a transient failure', async () => {
    const { c, calls } = client([
      LOGIN_OK,
      networkDown(), { code: 0, message: 'ok', recordings: [] },
      networkDown(), { code: 0, message: 'ok' },
    ])
    await c.login(1, 'u1', 's')
    await expect(c.getRecordings('r1')).resolves.toEqual([])
    await expect(c.deleteRecording('r1.1700000000000')).resolves.toBeUndefined()
    expect(calls.map((call) => new URL(call.url).pathname.split('/').pop())).toEqual([
      'login', 'get_recordings', 'get_recordings', 'delete_recording', 'delete_recording',
    ])
    expect(calls[4].body).toEqual({ recordingID: 'r1.1700000000000' })
  })

  it('explains a refused delete, an unknown recording and a service that does not record, without retrying', async () => {
    const { c, calls } = client([
      LOGIN_OK,
      { code: ErrorCode.NOT_ROOM_CREATOR, message: 'only the room creator may do this' },
      { code: ErrorCode.RECORDING_NOT_FOUND, message: 'recording not found' },
      { code: ErrorCode.RECORDING_NOT_CONFIGURED, message: 'recording is not enabled' },
    ])
    await c.login(1, 'u1', 's')
    await expect(c.deleteRecording('r1.1700000000000')).rejects.toMatchObject({ code: 3003, userMessage: '只有房间创建者可以执行此操作' })
    await expect(c.deleteRecording('r1.1700000000000')).rejects.toMatchObject({ code: 3008, userMessage: '回放不存在或已过期删除' })
    await expect(c.getRecordings()).rejects.toMatchObject({ code: 5006, userMessage: '服务端未开启录制回放' })
    expect(calls).toHaveLength(4)
  })

  it('forgets the login on logout even when the call fails', async () => {
    const { c } = client([LOGIN_OK, networkDown(), networkDown(), networkDown()])
    await c.login(1, 'u1', 's')
    await expect(c.logout()).rejects.toBeInstanceOf(RoomServiceError)
    expect(c.loggedIn).toBe(false)
  })
})
