// Push tool (live/push/push), compiled for mp-weixin and run in WeChat's component engine.
import { afterEach, describe, expect, it } from 'vitest'
import { openMiniProgram, type MiniProgram, type PageHandle } from '../support/miniprogram'
import type { WxShimConfig } from '../support/wxShim'

const PUSH_URL = 'rtmp://push.example.com/live/stream1?txSecret=abc&txTime=5F5E0FF'

let mp: MiniProgram | undefined
afterEach(async () => {
  await mp?.close()
  mp = undefined
})

async function openPush(wx: Partial<WxShimConfig> = {}): Promise<PageHandle> {
  mp = await openMiniProgram({ wx: { permissions: { 'scope.camera': 'granted', 'scope.record': 'granted' }, ...wx } })
  return mp.loadPage('live/push/push')
}

async function startPushing(page: PageHandle, url = PUSH_URL): Promise<void> {
  await page.input('#push-url', url)
  await page.tap('#start')
}

describe('push tool', () => {
  it('starts idle with the start button', async () => {
    const page = await openPush()
    expect(page.text('#status')).toBe('未开始')
    expect(page.exists('#start')).toBe(true)
    expect(page.exists('#message')).toBe(false)
    expect(page.exists('#permission-explain')).toBe(false)
  })

  it('starts the pusher with the entered URL and shows 连接中', async () => {
    const page = await openPush()
    await startPushing(page)

    const pusher = page.wx.lastPusher()
    expect(pusher.methods()).toEqual(['start'])
    expect(page.attr('#pusher', 'url')).toBe(PUSH_URL)
    expect(page.text('#status')).toBe('连接中')
    expect(page.exists('#stop')).toBe(true)
    expect(page.wx.records.keepScreenOn.at(-1)).toBe(true)
  })

  it('shows 推流中 once the pusher reports 1002', async () => {
    const page = await openPush()
    await startPushing(page)

    await page.dispatch('#pusher', 'statechange', { code: 1001 })
    expect(page.text('#status')).toBe('连接中')
    await page.dispatch('#pusher', 'statechange', { code: 1002 })
    expect(page.text('#status')).toBe('推流中')
    expect(page.exists('#message')).toBe(false)
  })

  it('explains a push ended by the network (-1307)', async () => {
    const page = await openPush()
    await startPushing(page)
    await page.dispatch('#pusher', 'statechange', { code: 1002 })

    await page.dispatch('#pusher', 'statechange', { code: -1307 })

    expect(page.text('#status')).toBe('推流失败')
    expect(page.text('#message')).toContain('网络')
    expect(page.exists('#start')).toBe(true)
    expect(page.wx.records.keepScreenOn.at(-1)).toBe(false)
  })

  it('shows reconnecting on 1102 and live again on 1002', async () => {
    const page = await openPush()
    await startPushing(page)
    await page.dispatch('#pusher', 'statechange', { code: 1002 })

    await page.dispatch('#pusher', 'statechange', { code: 1102 })
    expect(page.text('#status')).toBe('重连中')
    await page.dispatch('#pusher', 'statechange', { code: 1002 })
    expect(page.text('#status')).toBe('推流中')
  })

  it('refuses an invalid URL with a reason and does not start', async () => {
    const page = await openPush()
    await startPushing(page, 'http://not-a-push-url')

    expect(page.wx.records.pushers.flatMap((p) => p.methods())).not.toContain('start')
    expect(page.text('#message')).toContain('rtmp://')
    expect(page.text('#status')).toBe('推流失败')
  })

  it('asks for camera and microphone the first time, and starts when allowed', async () => {
    const page = await openPush({ permissions: {}, authorizeAnswer: 'allow' })
    await startPushing(page)

    expect(page.wx.records.authorizePrompts).toEqual(['scope.camera', 'scope.record'])
    expect(page.wx.lastPusher().called('start')).toBe(true)
    expect(page.text('#status')).toBe('连接中')
  })

  it('explains a refused camera/microphone and opens settings from the explanation', async () => {
    const page = await openPush({ permissions: { 'scope.camera': 'refused', 'scope.record': 'refused' } })
    await startPushing(page)

    expect(page.exists('#permission-explain')).toBe(true)
    expect(page.text('#permission-explain')).toMatch(/摄像头/)
    expect(page.text('#permission-explain')).toMatch(/麦克风/)
    expect(page.wx.records.pushers.flatMap((p) => p.methods())).not.toContain('start')
    // A refused scope is not asked again: WeChat would fail at once.
    expect(page.wx.records.authorizePrompts).toEqual([])

    await page.tap('#open-settings')
    expect(page.wx.records.openSettingCount).toBe(1)
    // The user left both switched off: the explanation stays.
    expect(page.exists('#permission-explain')).toBe(true)
  })

  it('starts after the user allows camera and microphone in settings', async () => {
    const page = await openPush({
      permissions: { 'scope.camera': 'refused', 'scope.record': 'granted' },
      openSettingChanges: { 'scope.camera': true },
    })
    await startPushing(page)
    expect(page.text('#permission-explain')).toContain('摄像头')

    await page.tap('#open-settings')

    expect(page.wx.records.openSettingCount).toBe(1)
    expect(page.exists('#permission-explain')).toBe(false)
    expect(page.wx.lastPusher().called('start')).toBe(true)
    expect(page.text('#status')).toBe('连接中')
  })

  it('explains when the user refuses the permission prompt', async () => {
    const page = await openPush({ permissions: {}, authorizeAnswer: 'deny' })
    await startPushing(page)

    expect(page.wx.records.authorizePrompts.length).toBeGreaterThan(0)
    expect(page.text('#permission-explain')).toContain('去设置')
    expect(page.wx.records.pushers.flatMap((p) => p.methods())).not.toContain('start')
  })

  it('shows why when the pusher fails to start', async () => {
    const page = await openPush({ contextFailures: { 'pusher.start': 'start:fail camera busy' } })
    await startPushing(page)

    expect(page.text('#status')).toBe('推流失败')
    expect(page.text('#message')).toContain('camera busy')
    expect(page.wx.records.keepScreenOn.at(-1)).toBe(false)
  })

  it('starts the pusher once when start is tapped twice in quick succession', async () => {
    const page = await openPush()
    await page.input('#push-url', PUSH_URL)

    // Two taps reach the page before it re-renders (a double tap).
    const start = page.$('#start').node
    page.fire(start, 'tap', { x: 0, y: 0 })
    page.fire(start, 'tap', { x: 0, y: 0 })
    await page.flush()

    expect(page.wx.records.pushers.flatMap((p) => p.callsOf('start'))).toHaveLength(1)
  })

  it('tells the user to upgrade WeChat when the client has no live-pusher', async () => {
    const page = await openPush({ unsupported: ['createLivePusherContext', 'live-pusher'] })
    await startPushing(page)

    expect(page.text('#message')).toContain('升级微信')
    expect(page.wx.records.keepScreenOn).not.toContain(true)
  })

  it('explains a permission error the live-pusher reports (10001)', async () => {
    const page = await openPush()
    await startPushing(page)

    await page.dispatch('#pusher', 'error', { errCode: 10001, errMsg: '用户禁止使用摄像头' })

    expect(page.text('#status')).toBe('推流失败')
    expect(page.text('#message')).toContain('摄像头')
    expect(page.exists('#open-settings')).toBe(true)
  })

  it('shows bitrate and frame rate from netstatus in the stats view', async () => {
    const page = await openPush()
    await startPushing(page)
    await page.dispatch('#pusher', 'statechange', { code: 1002 })

    await page.dispatch('#pusher', 'netstatus', { info: { videoBitrate: 812, audioBitrate: 48, videoFPS: 15, videoWidth: 540, videoHeight: 960 } })
    expect(page.text('#stats')).toContain('860')
    expect(page.text('#stats')).toContain('15')

    await page.dispatch('#pusher', 'netstatus', { info: { videoBitrate: 640, audioBitrate: 48, videoFPS: 12 } })
    expect(page.text('#stats')).toContain('688')
    expect(page.text('#stats')).not.toContain('860')
  })

  it('stops the pusher and lets the screen sleep when stopped by the user', async () => {
    const page = await openPush()
    await startPushing(page)
    await page.dispatch('#pusher', 'statechange', { code: 1002 })

    await page.tap('#stop')

    expect(page.wx.lastPusher().methods()).toEqual(['start', 'stop'])
    expect(page.text('#status')).toBe('已停止')
    expect(page.wx.records.keepScreenOn.at(-1)).toBe(false)
  })

  it('stops pushing and lets the screen sleep when the page is hidden', async () => {
    const page = await openPush()
    await startPushing(page)
    await page.dispatch('#pusher', 'statechange', { code: 1002 })

    page.hide()
    await page.flush()

    expect(page.wx.lastPusher().called('stop')).toBe(true)
    expect(page.wx.records.keepScreenOn.at(-1)).toBe(false)
  })

  it('stops pushing and lets the screen sleep when the page is closed', async () => {
    const page = await openPush()
    await startPushing(page)
    await page.dispatch('#pusher', 'statechange', { code: 1002 })

    await page.unload()

    expect(page.wx.lastPusher().called('stop')).toBe(true)
    expect(page.wx.records.keepScreenOn).toEqual([true, false])
  })

  it('leaves an idle pusher alone when the page is closed', async () => {
    const page = await openPush()
    await page.unload()

    expect(page.wx.records.pushers.flatMap((p) => p.methods())).toEqual([])
    expect(page.wx.records.keepScreenOn).toEqual([])
  })

  it('fills the URL from a scanned QR code', async () => {
    const page = await openPush({ scanResult: { result: PUSH_URL, scanType: 'QR_CODE', charSet: 'utf-8' } })

    await page.tap('#scan')
    await page.tap('#start')

    expect(page.wx.records.scans).toBe(1)
    expect(page.attr('#pusher', 'url')).toBe(PUSH_URL)
    expect(page.wx.lastPusher().called('start')).toBe(true)
  })
})
