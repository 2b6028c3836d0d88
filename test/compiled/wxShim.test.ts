// The wx shim itself: the WeChat behaviour the compiled-page and end-to-end tests rely on.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWxShim, type RequestSuccess, type WxError } from '../support/wxShim'

type Fn = (...args: unknown[]) => unknown

function call(shim: ReturnType<typeof createWxShim>, api: string, ...args: unknown[]): unknown {
  return (shim.api[api] as Fn)(...args)
}

/** wx.request as a promise of its success or fail result. */
function request(shim: ReturnType<typeof createWxShim>, options: Record<string, unknown>): Promise<RequestSuccess | WxError> {
  return new Promise((resolve) => {
    call(shim, 'request', { ...options, success: resolve, fail: resolve })
  })
}

describe('wx.request against a real local server', () => {
  let server: http.Server
  let base: string
  const seen: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }> = []

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body })
        if (req.url?.startsWith('/slow')) return void setTimeout(() => res.end('late'), 500)
        if (req.url?.startsWith('/text')) return void res.end('plain words')
        res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, { 'content-type': 'application/json', 'x-served-by': 'test' })
        res.end(JSON.stringify({ code: 0, echo: body ? JSON.parse(body) : null }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

  it('POSTs data as JSON and answers in WeChat’s shape', async () => {
    const shim = createWxShim()
    const res = (await request(shim, { url: `${base}/api/create_room`, method: 'POST', data: { roomName: '晚课' }, header: { 'X-Token': 't1' } })) as RequestSuccess

    expect(res).toMatchObject({ errMsg: 'request:ok', statusCode: 200, data: { code: 0, echo: { roomName: '晚课' } } })
    expect(res.header['x-served-by']).toBe('test')
    const last = seen.at(-1)
    expect(last?.headers['content-type']).toBe('application/json')
    expect(last?.headers['x-token']).toBe('t1')
    expect(shim.records.requests.at(-1)).toMatchObject({ method: 'POST', statusCode: 200, errMsg: 'request:ok' })
  })

  it('puts GET data in the query string', async () => {
    const shim = createWxShim()
    await request(shim, { url: `${base}/api/list?a=1`, data: { index: 0, cnt: 20 } })
    expect(seen.at(-1)?.url).toBe('/api/list?a=1&index=0&cnt=20')
  })

  it('treats an HTTP error status as success with that status, as WeChat does', async () => {
    const shim = createWxShim()
    const res = (await request(shim, { url: `${base}/missing` })) as RequestSuccess
    expect(res.errMsg).toBe('request:ok')
    expect(res.statusCode).toBe(404)
  })

  it('keeps a body that is not JSON as text', async () => {
    const shim = createWxShim()
    const res = (await request(shim, { url: `${base}/text` })) as RequestSuccess
    expect(res.data).toBe('plain words')
  })

  it('routes the app’s configured address to the test’s server', async () => {
    const shim = createWxShim({ requestBaseUrl: base })
    const res = (await request(shim, { url: 'https://live.example.com/api/ping', method: 'POST', data: {} })) as RequestSuccess
    expect(res.statusCode).toBe(200)
    expect(seen.at(-1)?.url).toBe('/api/ping')
    expect(shim.records.requests.at(-1)).toMatchObject({ url: 'https://live.example.com/api/ping', sentTo: `${base}/api/ping` })
  })

  it('refuses a non-loopback address when no route is given', async () => {
    const shim = createWxShim()
    const res = await request(shim, { url: 'https://live.example.com/api/ping' })
    expect(res.errMsg).toBe('request:fail url not in domain list')
  })

  it('fails with timeout, and with abort', async () => {
    const shim = createWxShim()
    expect((await request(shim, { url: `${base}/slow`, timeout: 50 })).errMsg).toBe('request:fail timeout')

    const aborted = new Promise<WxError>((resolve) => {
      const task = call(shim, 'request', { url: `${base}/slow`, fail: resolve }) as { abort(): void }
      task.abort()
    })
    expect((await aborted).errMsg).toBe('request:fail abort')
  })

  it('fails when nothing listens', async () => {
    const shim = createWxShim()
    const res = await request(shim, { url: 'http://127.0.0.1:1/api' })
    expect(res.errMsg).toMatch(/^request:fail /)
  })
})

describe('permissions', () => {
  it('reports granted and refused scopes in getSetting and leaves unasked ones out', async () => {
    const shim = createWxShim({ permissions: { 'scope.camera': 'granted', 'scope.record': 'refused' } })
    const res = (await call(shim, 'getSetting', {})) as { authSetting: Record<string, boolean> }
    expect(res.authSetting).toEqual({ 'scope.camera': true, 'scope.record': false })
  })

  it('asks once for an unasked scope and remembers the answer', async () => {
    const shim = createWxShim({ authorizeAnswer: 'deny' })
    await expect(call(shim, 'authorize', { scope: 'scope.camera' })).rejects.toEqual({ errMsg: 'authorize:fail auth deny' })
    await expect(call(shim, 'authorize', { scope: 'scope.camera' })).rejects.toEqual({ errMsg: 'authorize:fail auth deny' })
    expect(shim.records.authorizePrompts).toEqual(['scope.camera'])
    expect(shim.records.authorizeRequests).toEqual(['scope.camera', 'scope.camera'])
  })

  it('applies what the user switches in the settings page', async () => {
    const shim = createWxShim({ permissions: { 'scope.camera': 'refused' }, openSettingChanges: { 'scope.camera': true } })
    const res = (await call(shim, 'openSetting', {})) as { authSetting: Record<string, boolean> }
    expect(res.authSetting['scope.camera']).toBe(true)
    expect(shim.records.openSettingCount).toBe(1)
    await expect(call(shim, 'authorize', { scope: 'scope.camera' })).resolves.toEqual({ errMsg: 'authorize:ok' })
  })
})

describe('callbacks, storage and the rest', () => {
  it('calls success then complete asynchronously', async () => {
    const shim = createWxShim()
    const order: string[] = []
    call(shim, 'showToast', { title: 'hi', success: () => order.push('success'), complete: () => order.push('complete') })
    order.push('returned')
    await Promise.resolve()
    expect(order).toEqual(['returned', 'success', 'complete'])
    expect(shim.records.toast).toMatchObject({ title: 'hi', icon: 'success' })
  })

  it('answers modals as configured and records them', async () => {
    const shim = createWxShim({ modalAnswer: (m) => ({ confirm: m.title === '结束直播' }) })
    await expect(call(shim, 'showModal', { title: '结束直播', content: '确定？' })).resolves.toMatchObject({ confirm: true, cancel: false })
    await expect(call(shim, 'showModal', { title: '别的' })).resolves.toMatchObject({ confirm: false, cancel: true })
    expect(shim.records.modals.map((m) => m.title)).toEqual(['结束直播', '别的'])
  })

  it('stores copies, per shim, and reports what is stored', () => {
    const shim = createWxShim({ storage: { seeded: 1 } })
    const profile = { userId: 'u_1', tags: ['a'] }
    call(shim, 'setStorageSync', 'profile', profile)
    profile.tags.push('b')
    expect(call(shim, 'getStorageSync', 'profile')).toEqual({ userId: 'u_1', tags: ['a'] })
    expect(call(shim, 'getStorageSync', 'nothing')).toBe('')
    expect((call(shim, 'getStorageInfoSync') as { keys: string[] }).keys.sort()).toEqual(['profile', 'seeded'])
    shim.reset()
    expect(call(shim, 'getStorageSync', 'profile')).toBe('')
  })

  it('answers canIUse from the unsupported list, and an unsupported API throws', () => {
    const shim = createWxShim({ unsupported: ['createLivePusherContext', 'live-pusher'] })
    expect(call(shim, 'canIUse', 'createLivePusherContext')).toBe(false)
    expect(call(shim, 'canIUse', 'live-pusher.mode.RTC')).toBe(false)
    expect(call(shim, 'canIUse', 'createLivePlayerContext')).toBe(true)
    expect(() => call(shim, 'createLivePusherContext')).toThrow(TypeError)
  })

  it('records every context call and settles its callbacks; configured failures fail', async () => {
    const shim = createWxShim({ contextFailures: { 'player.play': 'play:fail busy' } })
    const player = call(shim, 'createLivePlayerContext', 'player', { some: 'page' }) as ReturnType<typeof shim.lastPlayer>
    const failed = new Promise((resolve) => player.play({ fail: resolve }))
    const snap = new Promise((resolve) => player.snapshot({ success: resolve }))
    expect(await failed).toEqual({ errMsg: 'play:fail busy' })
    expect(await snap).toMatchObject({ errMsg: 'snapshot:ok', tempImagePath: expect.stringMatching(/^wxfile:/) })
    expect(player.methods()).toEqual(['play', 'snapshot'])
    expect(shim.lastPlayer('player')).toBe(player)
  })

  it('tells network listeners about a change of network', () => {
    const shim = createWxShim()
    const seen: unknown[] = []
    call(shim, 'onNetworkStatusChange', (res: unknown) => seen.push(res))
    shim.setNetwork('none')
    expect(seen).toEqual([{ isConnected: false, networkType: 'none' }])
  })

  it('records navigation with the page path and query', async () => {
    const shim = createWxShim()
    await call(shim, 'navigateTo', { url: '/live/play/play?mode=RTC&url=rtmp%3A%2F%2Fa%2Fb' })
    expect(shim.records.navigations).toEqual([{ kind: 'navigateTo', url: '/live/play/play?mode=RTC&url=rtmp%3A%2F%2Fa%2Fb', path: 'live/play/play', query: { mode: 'RTC', url: 'rtmp://a/b' } }])
  })
})
