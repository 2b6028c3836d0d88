// Home page (pages/index/index), compiled for mp-weixin and run in WeChat's component engine.
import { afterEach, describe, expect, it } from 'vitest'
import { openMiniProgram, type MiniProgram } from '../support/miniprogram'

let mp: MiniProgram | undefined
afterEach(async () => {
  await mp?.close()
  mp = undefined
})

describe('home', () => {
  it('shows the four entries and no warnings on a current, configured client', async () => {
    mp = await openMiniProgram()
    const home = await mp.loadPage('pages/index/index')

    expect(home.text('#entry-push')).toContain('RTMP 推流')
    expect(home.text('#entry-play')).toContain('直播播放')
    expect(home.text('#entry-rtc-play')).toContain('低延时播放')
    expect(home.text('#entry-settings')).toContain('设置')
    expect(home.exists('#version-warning')).toBe(false)
    // The test build has an SDKAppID and a room-service URL.
    expect(home.exists('#config-help')).toBe(false)
  })

  it.each([
    ['#entry-push', 'live/push/push', {}],
    ['#entry-play', 'live/play/play', {}],
    ['#entry-rtc-play', 'live/play/play', { mode: 'RTC' }],
    ['#entry-settings', 'pages/settings/settings', {}],
  ])('tapping %s opens %s', async (selector, path, query) => {
    mp = await openMiniProgram()
    const home = await mp.loadPage('pages/index/index')

    await home.tap(selector)

    expect(mp.wx.records.navigations).toEqual([expect.objectContaining({ kind: 'navigateTo', path, query })])
  })

  it('opens a page once when its entry is tapped twice before it opens', async () => {
    // WeChat animates the new page in; a second tap lands before that is done.
    mp = await openMiniProgram({ wx: { navigationMs: 100 } })
    const home = await mp.loadPage('pages/index/index')
    await home.tap('#entry-live')
    await home.tap('#entry-live')
    await new Promise((r) => setTimeout(r, 150))
    await home.tap('#entry-settings')
    expect(mp.wx.records.navigations.map((n) => ('path' in n ? n.path : n.kind))).toEqual(['live/rooms/rooms', 'pages/settings/settings'])
  })

  it('warns on a client without live components and blocks the live entries with a modal', async () => {
    mp = await openMiniProgram({ wx: { unsupported: ['createLivePusherContext', 'createLivePlayerContext'], system: { version: '6.5.10', SDKVersion: '1.6.0' } } })
    const home = await mp.loadPage('pages/index/index')

    expect(home.exists('#version-warning')).toBe(true)
    expect(home.text('#version-warning')).toContain('升级微信')

    for (const entry of ['#entry-push', '#entry-play', '#entry-rtc-play']) await home.tap(entry)
    expect(mp.wx.records.navigations).toEqual([])
    expect(mp.wx.records.modals).toHaveLength(3)
    expect(mp.wx.records.modals[0].content).toContain('微信版本过低')

    // Settings need no live component.
    await home.tap('#entry-settings')
    expect(mp.wx.records.navigations.map((n) => n.path)).toEqual(['pages/settings/settings'])
  })

  it('treats a client lacking only the player as unsupported too', async () => {
    mp = await openMiniProgram({ wx: { unsupported: ['createLivePlayerContext'] } })
    const home = await mp.loadPage('pages/index/index')

    expect(home.exists('#version-warning')).toBe(true)
    await home.tap('#entry-play')
    expect(mp.wx.records.navigations).toEqual([])
  })
})
