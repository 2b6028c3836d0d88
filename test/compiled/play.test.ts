// Play tool (live/play/play), compiled for mp-weixin and run in WeChat's component engine.
import { afterEach, describe, expect, it } from 'vitest'
import { componentLabel, openMiniProgram, type MiniProgram, type MpInstance, type PageHandle } from '../support/miniprogram'

const FLV_URL = 'https://play.example.com/live/stream1.flv'
const RTMP_URL = 'rtmp://play.example.com/live/stream1?bizid=1234&txSecret=abc'

let mp: MiniProgram | undefined
afterEach(async () => {
  await mp?.close()
  mp = undefined
})

async function openPlay(query: Record<string, string> = {}): Promise<PageHandle> {
  mp = await openMiniProgram()
  return mp.loadPage('live/play/play', { query })
}

async function startPlaying(page: PageHandle, url = FLV_URL): Promise<void> {
  await page.input('#play-url', url)
  await page.tap('#start')
}

describe('play tool', () => {
  it('starts idle', async () => {
    const page = await openPlay()
    expect(page.text('#status')).toBe('未开始')
    expect(page.exists('#message')).toBe(false)
    expect(page.attr('#player', 'mode')).toBe('live')
  })

  it('binds the player context to the component that renders <live-player>, as WeChat needs to find it', async () => {
    const page = await openPlay()
    await startPlaying(page)

    const scope = page.wx.lastPlayer('player').component as MpInstance | undefined
    expect(scope).toBeDefined()
    expect(scope).not.toBe(page.instance)
    expect(componentLabel(scope as MpInstance)).toBe('live-player-view')
  })

  it('plays the entered URL through the player context and shows 连接中', async () => {
    const page = await openPlay()
    await startPlaying(page)

    const player = page.wx.lastPlayer('player')
    expect(player.methods()).toEqual(['play'])
    expect(page.attr('#player', 'src')).toBe(FLV_URL)
    expect(page.text('#status')).toBe('连接中')
    expect(page.wx.records.keepScreenOn.at(-1)).toBe(true)
  })

  it('shows 播放中 on 2004, 重连中 on 2103, and 播放中 again when playback resumes', async () => {
    const page = await openPlay()
    await startPlaying(page)

    await page.dispatch('#player', 'statechange', { code: 2004 })
    expect(page.text('#status')).toBe('播放中')

    await page.dispatch('#player', 'statechange', { code: 2103 })
    expect(page.text('#status')).toBe('重连中')

    await page.dispatch('#player', 'statechange', { code: 2004 })
    expect(page.text('#status')).toBe('播放中')
  })

  it('explains playback that gave up reconnecting (-2301)', async () => {
    const page = await openPlay()
    await startPlaying(page)
    await page.dispatch('#player', 'statechange', { code: 2004 })

    await page.dispatch('#player', 'statechange', { code: -2301 })

    expect(page.text('#status')).toBe('播放失败')
    expect(page.text('#message')).toContain('网络')
    expect(page.exists('#start')).toBe(true)
    expect(page.wx.records.keepScreenOn.at(-1)).toBe(false)
  })

  it('shows 已停止 with a notice when the stream ends (2006)', async () => {
    const page = await openPlay()
    await startPlaying(page)
    await page.dispatch('#player', 'statechange', { code: 2004 })

    await page.dispatch('#player', 'statechange', { code: 2006 })

    expect(page.text('#status')).toBe('已停止')
    expect(page.text('#message')).toContain('结束')
  })

  it('plays once when start is tapped twice in quick succession', async () => {
    const page = await openPlay()
    await page.input('#play-url', FLV_URL)

    // Two taps reach the page before it re-renders (a double tap).
    const start = page.$('#start').node
    page.fire(start, 'tap', { x: 0, y: 0 })
    page.fire(start, 'tap', { x: 0, y: 0 })
    await page.flush()

    expect(page.wx.records.players.flatMap((p) => p.callsOf('play'))).toHaveLength(1)
  })

  it('tells the user to upgrade WeChat when the client has no live-player', async () => {
    mp = await openMiniProgram({ wx: { unsupported: ['createLivePlayerContext', 'live-player'] } })
    const page = await mp.loadPage('live/play/play')
    await startPlaying(page)

    expect(page.text('#message')).toContain('升级微信')
    expect(page.wx.records.keepScreenOn).not.toContain(true)
  })

  it('plays in low-latency RTC mode when opened with mode=RTC', async () => {
    const page = await openPlay({ mode: 'RTC' })
    expect(page.attr('#player', 'mode')).toBe('RTC')

    await startPlaying(page, RTMP_URL)

    expect(page.wx.lastPlayer('player').called('play')).toBe(true)
    expect(page.attr('#player', 'src')).toBe(RTMP_URL)
    expect(Number(page.attr('#player', 'max-cache'))).toBeLessThanOrEqual(0.3)
  })

  it('opens in live mode again after the low-latency entry was used', async () => {
    const rtc = await openPlay({ mode: 'RTC' })
    expect(rtc.attr('#player', 'mode')).toBe('RTC')
    await rtc.unload()
    const plain = await mp!.loadPage('live/play/play')
    expect(plain.attr('#player', 'mode')).toBe('live')
    await startPlaying(plain, FLV_URL)
    expect(plain.wx.lastPlayer('player').called('play')).toBe(true)
  })

  it('refuses a non-rtmp URL for low-latency play, with a reason', async () => {
    const page = await openPlay({ mode: 'RTC' })
    await startPlaying(page, FLV_URL)

    expect(page.wx.records.players.flatMap((p) => p.methods())).not.toContain('play')
    expect(page.text('#message')).toContain('rtmp://')
  })

  it('shows the bitrate from netstatus in the stats view', async () => {
    const page = await openPlay()
    await startPlaying(page)
    await page.dispatch('#player', 'statechange', { code: 2004 })

    await page.dispatch('#player', 'netstatus', { info: { videoBitrate: 1500, audioBitrate: 64, videoFPS: 25, videoWidth: 1280, videoHeight: 720 } })

    expect(page.text('#stats')).toContain('1564')
    expect(page.text('#stats')).toContain('25')
  })

  it('stops the player when the user taps stop', async () => {
    const page = await openPlay()
    await startPlaying(page)
    await page.dispatch('#player', 'statechange', { code: 2004 })

    await page.tap('#stop')

    expect(page.wx.lastPlayer('player').methods()).toEqual(['play', 'stop'])
    expect(page.text('#status')).toBe('已停止')
    expect(page.wx.records.keepScreenOn.at(-1)).toBe(false)
  })

  it('stops playing and lets the screen sleep when the page is hidden or closed', async () => {
    const page = await openPlay()
    await startPlaying(page)
    await page.dispatch('#player', 'statechange', { code: 2004 })

    await page.unload()

    expect(page.wx.lastPlayer('player').called('stop')).toBe(true)
    expect(page.wx.records.keepScreenOn.at(-1)).toBe(false)
  })

  it('asks for full screen in the orientation chosen', async () => {
    const page = await openPlay()
    await startPlaying(page)
    await page.dispatch('#player', 'statechange', { code: 2004 })

    await page.tap('#fullscreen')

    const [call] = page.wx.lastPlayer('player').callsOf('requestFullScreen')
    expect(call.options?.direction).toBe(0)
  })
})
