// The page harness: lifecycles, page stack, context events, error reporting and setData accounting,
// checked on the real compiled pages.
import { afterEach, describe, expect, it } from 'vitest'
import { openMiniProgram, setDataBytes, type MiniProgram } from '../support/miniprogram'

const GRANTED = { 'scope.camera': 'granted', 'scope.record': 'granted' } as const

let mp: MiniProgram | undefined
afterEach(async () => {
  await mp?.close()
  mp = undefined
})

describe('page harness', () => {
  it('keeps a page stack like getCurrentPages, hiding and showing pages as they are covered and uncovered', async () => {
    mp = await openMiniProgram({ wx: { permissions: GRANTED } })
    const push = await mp.loadPage('live/push/push')
    await push.input('#push-url', 'rtmp://push.example.com/live/s1')
    await push.tap('#start')
    await push.dispatch('#pusher', 'statechange', { code: 1002 })

    const settings = await mp.loadPage('pages/settings/settings')
    const stack = (globalThis as unknown as { getCurrentPages(): Array<{ route?: string }> }).getCurrentPages()
    expect(stack.map((p) => p.route)).toEqual(['live/push/push', 'pages/settings/settings'])
    // Covered by another page: the push tool's onHide stopped the pusher.
    expect(push.hidden).toBe(true)
    expect(mp.wx.lastPusher().called('stop')).toBe(true)

    await settings.unload()
    expect(push.hidden).toBe(false)
    expect(mp.currentPage()).toBe(push)
  })

  it('fires the page’s onHide when the app goes to the background', async () => {
    mp = await openMiniProgram({ wx: { permissions: GRANTED } })
    const page = await mp.loadPage('live/push/push')
    await page.input('#push-url', 'rtmp://push.example.com/live/s1')
    await page.tap('#start')

    await mp.appHide()

    expect(page.wx.lastPusher().called('stop')).toBe(true)
    expect(page.text('#status')).toBe('已停止')
  })

  it('lets a player context fire events on its element', async () => {
    mp = await openMiniProgram()
    const page = await mp.loadPage('live/play/play')
    await page.input('#play-url', 'https://play.example.com/live/s1.flv')
    await page.tap('#start')

    expect(page.wx.lastPlayer('player').emit('statechange', { code: 2004 })).toBe(true)
    await page.flush()

    expect(page.text('#status')).toBe('播放中')
  })

  it('lets the pusher context fire events on the page’s live-pusher', async () => {
    mp = await openMiniProgram({ wx: { permissions: GRANTED } })
    const page = await mp.loadPage('live/push/push')
    await page.input('#push-url', 'rtmp://push.example.com/live/s1')
    await page.tap('#start')

    expect(page.wx.lastPusher().emit('statechange', { code: 1002 })).toBe(true)
    await page.flush()

    expect(page.text('#status')).toBe('推流中')
  })

  it('fails the test when page code throws, unless told errors are expected', async () => {
    mp = await openMiniProgram()
    const page = await mp.loadPage('live/play/play')
    // A statechange without detail makes the page's handler throw.
    await expect(page.dispatch('#player', 'statechange', null as unknown as Record<string, unknown>)).rejects.toThrow(/page code threw/)

    mp = await openMiniProgram({ allowErrors: true })
    const again = await mp.loadPage('live/play/play')
    await again.dispatch('#player', 'statechange', null as unknown as Record<string, unknown>)
    expect(mp.errors.length).toBeGreaterThan(0)
  })

  it('counts setData calls and their JSON bytes per page and component', async () => {
    mp = await openMiniProgram({ wx: { permissions: GRANTED } })
    const page = await mp.loadPage('live/push/push')
    expect(mp.setDataStats().calls).toBeGreaterThan(0)

    mp.resetSetDataStats()
    expect(mp.setDataStats()).toEqual({ calls: 0, bytes: 0, maxBytes: 0, log: [] })

    await page.input('#push-url', 'rtmp://push.example.com/live/s1')
    await page.tap('#start')
    await page.dispatch('#pusher', 'netstatus', { info: { videoBitrate: 800, audioBitrate: 48, videoFPS: 15 } })

    const stats = mp.setDataStats()
    expect(stats.calls).toBe(stats.log.length)
    expect(stats.bytes).toBe(stats.log.reduce((n, c) => n + c.bytes, 0))
    expect(stats.maxBytes).toBe(Math.max(...stats.log.map((c) => c.bytes)))
    expect(stats.log.map((c) => c.component)).toContain('live/push/push')
    expect(stats.log.map((c) => c.component)).toContain('stats-panel')
  })

  it('measures setData payloads as UTF-8 JSON', () => {
    expect(setDataBytes({ a: 'x' })).toBe(9)
    expect(setDataBytes({ a: '中' })).toBe(11)
    expect(setDataBytes({ 'list[3].text': 'hi' })).toBe(21)
  })
})
