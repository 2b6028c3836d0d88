// GET /metrics: what an operator's Prometheus scrapes.
import { afterEach, describe, expect, it } from 'vitest'
import { startService, type Service } from './helpers.ts'

let svc: Service | undefined
afterEach(async () => {
  await svc?.close()
  svc = undefined
})

async function scrape(s: Service): Promise<string> {
  const res = await fetch(`${s.client.baseUrl}/metrics`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return res.text()
}

function value(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('GET /metrics', () => {
  it('counts requests by route pattern and status, times them, and reports what the store holds', async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    const roomID = String((await svc.client.call('create_room', alice, { roomInfo: '课堂' })).body.roomID)
    await svc.client.call('add_anchor', alice, { roomID })
    await svc.client.call('add_audience', alice, { roomID })
    await svc.client.call('get_room_list', alice, {})
    await svc.client.call('get_room_list', alice, {})
    await svc.client.call('get_room_list', { userID: 'alice', token: 'forged' }, {})

    const text = await scrape(svc)
    expect(value(text, 'liveroom_http_requests_total{route="/weapp/live_room/get_room_list",status="200"}')).toBe(2)
    expect(value(text, 'liveroom_http_requests_total{route="/weapp/live_room/get_room_list",status="401"}')).toBe(1)
    expect(value(text, 'liveroom_http_request_duration_seconds_count{route="/weapp/live_room/create_room"}')).toBe(1)
    expect(value(text, 'liveroom_store_items{kind="rooms"}')).toBe(1)
    expect(value(text, 'liveroom_store_items{kind="live_rooms"}')).toBe(1)
    expect(value(text, 'liveroom_store_items{kind="pushers"}')).toBe(1)
    expect(value(text, 'liveroom_store_items{kind="audience"}')).toBe(1)
    expect(value(text, 'liveroom_store_errors_total')).toBe(0)
    expect(value(text, 'liveroom_media_live_streams')).toBe(0)
    expect(text).toMatch(/^liveroom_process_cpu_user_seconds_total /m)
    // Route patterns only: no user IDs, room IDs or tokens.
    expect(text).not.toContain(alice.token)
    expect(text).not.toContain(roomID)
    expect(text).not.toContain('forged')
  })

  it('counts store errors', async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    await svc.store.close()
    expect((await svc.client.call('get_room_list', alice, {})).status).toBe(503)
    const text = await scrape(svc)
    expect(value(text, 'liveroom_store_errors_total')).toBeGreaterThanOrEqual(1)
  })
})
