// Generic RTMP server mode: URLs from RTMP_* settings and the nginx-rtmp / SRS publish callback.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { SDKAPPID, startService, type Service, type Session } from './helpers.ts'

const RTMP_ENV = {
  PUSH_DOMAIN: '',
  PUSH_KEY: '',
  PLAY_DOMAIN: '',
  RTMP_PUSH_BASE: 'rtmp://media.example.com/live',
  RTMP_HTTP_PLAY_BASE: 'https://media.example.com/hls',
  RTMP_SECRET: 'rtmp-publish-secret-0123456789',
  URL_EXPIRE_S: '600',
}

let svc: Service
let alice: Session
beforeEach(async () => {
  svc = await startService({ env: RTMP_ENV })
  alice = await svc.client.session('alice', svc.clock.now())
})
afterEach(async () => {
  await svc.close()
})

async function onPublish(body: string, contentType = 'application/x-www-form-urlencoded'): Promise<number> {
  const res = await fetch(`${svc.client.baseUrl}/rtmp/on_publish`, { method: 'POST', headers: { 'content-type': contentType }, body })
  await res.text()
  return res.status
}

describe('RTMP mode', () => {
  it('does not count the media server publish callbacks against its address', async () => {
    await svc.close()
    svc = await startService({ env: { ...RTMP_ENV, RATE_LIMIT_ADDRESS_MAX: '3' } })
    const anchor = await svc.client.session('alice', svc.clock.now())
    const push = new URL(String((await svc.client.call('get_anchor_url', anchor, {})).body.pushURL))
    const form = new URLSearchParams({ call: 'publish', name: `${SDKAPPID}_alice`, token: push.searchParams.get('token') ?? '', expire: push.searchParams.get('expire') ?? '' }).toString()
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push(await onPublish(form))
    expect(statuses).toEqual([200, 200, 200, 200, 200])
  })

  it('hands out push URLs with a token, and play URLs on the configured bases', async () => {
    const r = await svc.client.call('get_anchor_url', alice, {})
    const push = new URL(String(r.body.pushURL))
    expect(`${push.protocol}//${push.host}${push.pathname}`).toBe(`rtmp://media.example.com/live/${SDKAPPID}_alice`)
    expect(push.searchParams.get('expire')).toBe(String(Math.floor(svc.clock.now() / 1000) + 600))
    expect(push.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(r.body.accelerateURL).toBe(`rtmp://media.example.com/live/${SDKAPPID}_alice`)
    expect(r.body.flvPlayURL).toBe(`https://media.example.com/hls/${SDKAPPID}_alice.flv`)
  })

  it('on_publish (nginx-rtmp form) lets a valid token through and refuses others with 403', async () => {
    const push = new URL(String((await svc.client.call('get_anchor_url', alice, {})).body.pushURL))
    const token = push.searchParams.get('token') ?? ''
    const expire = push.searchParams.get('expire') ?? ''
    const name = `${SDKAPPID}_alice`
    const form = (fields: Record<string, string>) => new URLSearchParams({ call: 'publish', app: 'live', addr: '10.0.0.9', ...fields }).toString()

    expect(await onPublish(form({ name, token, expire }))).toBe(200)
    expect(await onPublish(form({ name: `${SDKAPPID}_bob`, token, expire }))).toBe(403)
    expect(await onPublish(form({ name, token: token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), expire }))).toBe(403)
    expect(await onPublish(form({ name, expire }))).toBe(403)
    expect(await onPublish(form({ name: 'other_app_stream', token, expire }))).toBe(403)
    expect(await onPublish(form({ name, args: `token=${token}&expire=${expire}` }))).toBe(200)

    svc.clock.advance(601_000)
    expect(await onPublish(form({ name, token, expire }))).toBe(403)
  })

  it('on_publish accepts SRS-style JSON with the arguments in param', async () => {
    const push = new URL(String((await svc.client.call('get_anchor_url', alice, {})).body.pushURL))
    const body = { action: 'on_publish', app: 'live', stream: `${SDKAPPID}_alice`, param: push.search }
    const res = await fetch(`${svc.client.baseUrl}/rtmp/on_publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ code: 0, message: 'ok' })
    const bad = await fetch(`${svc.client.baseUrl}/rtmp/on_publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, param: '?token=x&expire=1' }),
    })
    expect(bad.status).toBe(403)
    expect(((await bad.json()) as { code: number }).code).toBe(ErrorCode.FORBIDDEN)
  })
})

describe('the end of a publish (on_publish_done)', () => {
  async function hook(route: string, fields: Record<string, string>): Promise<number> {
    const res = await fetch(`${svc.client.baseUrl}/rtmp/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ app: 'live', ...fields }).toString(),
    })
    await res.text()
    return res.status
  }

  async function signed(): Promise<Record<string, string>> {
    const push = new URL(String((await svc.client.call('get_anchor_url', alice, {})).body.pushURL))
    return { name: `${SDKAPPID}_alice`, expire: push.searchParams.get('expire') ?? '', token: push.searchParams.get('token') ?? '' }
  }

  it("needs the publish's own token: nobody else can end a stream", async () => {
    const args = await signed()
    const stream = `${SDKAPPID}_alice`
    expect(await hook('on_publish', { ...args, clientid: '1' })).toBe(200)
    expect(svc.mediaEvents.isLive(stream)).toBe(true)
    expect(await hook('on_publish_done', { name: stream, clientid: '1' })).toBe(403)
    expect(await hook('on_publish_done', { ...args, token: 'forged', clientid: '1' })).toBe(403)
    expect(svc.mediaEvents.isLive(stream)).toBe(true)
    // A publish outlives its URL's expiry: its end is still heard.
    svc.clock.advance(3_600_000)
    expect(await hook('on_publish_done', { ...args, clientid: '1' })).toBe(200)
    expect(svc.mediaEvents.isLive(stream)).toBe(false)
  })

  it('a second publisher that the media server turns away does not end the live stream', async () => {
    const args = await signed()
    const stream = `${SDKAPPID}_alice`
    expect(await hook('on_publish', { ...args, clientid: '1' })).toBe(200)
    // nginx-rtmp asks about a reconnecting phone while its old session lingers, refuses it
    // itself ("Already publishing") and reports that session's end.
    expect(await hook('on_publish', { ...args, clientid: '2' })).toBe(200)
    expect(await hook('on_publish_done', { ...args, clientid: '2' })).toBe(200)
    expect(svc.mediaEvents.isLive(stream)).toBe(true)
    expect(await hook('on_publish_done', { ...args, clientid: '1' })).toBe(200)
    expect(svc.mediaEvents.isLive(stream)).toBe(false)
  })
})

describe('Tencent CSS mode', () => {
  it('has no on_publish endpoint', async () => {
    const other = await startService()
    try {
      const res = await fetch(`${other.client.baseUrl}/rtmp/on_publish`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
      expect(res.status).toBe(404)
    } finally {
      await other.close()
    }
  })
})
