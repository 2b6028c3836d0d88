import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, type EffectScope } from 'vue'
import type { WxShim } from '../../test/support/wxShim'
import { installWeChat } from '../../test/support/unitWeChat'
import { firePageHook, uniLifecycleMock } from '../../test/support/uniLifecycle'
import { useLivePusher } from './useLivePusher'
import { PASSING_MESSAGE_MS } from './useMediaLifecycle'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

const URL = 'rtmp://push.example.com/live/stream1?txSecret=abc&txTime=5C271099'
let shim: WxShim
let scope: EffectScope

function setup() {
  scope = effectScope()
  return scope.run(() => useLivePusher())!
}

beforeEach(() => {
  shim = installWeChat()
})
afterEach(() => {
  scope?.stop()
  vi.unstubAllGlobals()
})

describe('useLivePusher', () => {
  it('asks for camera and microphone, starts the native pusher with the URL, and goes live on 1002', async () => {
    const pusher = setup()
    expect(await pusher.start(URL)).toBe(true)
    expect(shim.records.authorizeRequests).toEqual(['scope.camera', 'scope.record'])
    expect(pusher.settings.url).toBe(URL)
    expect(shim.lastPusher().methods()).toEqual(['start'])
    expect(pusher.statusText.value).toBe('连接中')

    pusher.onStateChange({ detail: { code: 1002 } })
    await nextTick()
    expect(pusher.statusText.value).toBe('推流中')
    expect(shim.records.keepScreenOn).toEqual([true])
  })

  it('asks only for the microphone when pushing audio only', async () => {
    const pusher = setup()
    pusher.configure({ audioOnly: true })
    await pusher.start(URL)
    expect(shim.records.authorizeRequests).toEqual(['scope.record'])
  })

  it('ends with a network message on -1307 and lets the screen sleep', async () => {
    const pusher = setup()
    await pusher.start(URL)
    pusher.onStateChange({ detail: { code: 1002 } })
    await nextTick()
    pusher.onStateChange({ detail: { code: -1307 } })
    await nextTick()
    expect(pusher.status.value).toBe('failed')
    expect(pusher.session.message).toContain('网络断开')
    expect(shim.records.keepScreenOn).toEqual([true, false])
  })

  it('explains a refused camera and recovers through the settings page', async () => {
    shim.setPermission('scope.camera', 'refused')
    const pusher = setup()
    expect(await pusher.start(URL)).toBe(false)
    expect(shim.records.authorizePrompts).not.toContain('scope.camera')
    expect(pusher.permission.explanation.value).toContain('摄像头')
    expect(pusher.status.value).toBe('failed')
    expect(shim.records.pushers).toHaveLength(0)

    shim.configure({ openSettingChanges: { 'scope.camera': true } })
    expect(await pusher.permission.openSettings()).toBe(true)
    expect(shim.records.openSettingCount).toBe(1)
    expect(pusher.permission.explanation.value).toBeNull()
    expect(await pusher.start(URL)).toBe(true)
  })

  it('keeps the explanation when the user leaves settings without allowing', async () => {
    shim.configure({ authorizeAnswer: 'deny' })
    const pusher = setup()
    expect(await pusher.start(URL)).toBe(false)
    expect(await pusher.permission.openSettings()).toBe(false)
    expect(pusher.permission.explanation.value).toContain('摄像头和麦克风')
  })

  it.each([
    ['', '请输入推流地址'],
    ['http://push.example.com/live/x', 'rtmp://'],
    ['rtmp://', 'rtmp://'],
  ])('rejects push URL %j with a reason and touches nothing native', async (url, reason) => {
    const pusher = setup()
    expect(await pusher.start(url)).toBe(false)
    expect(pusher.session.message).toContain(reason)
    expect(shim.records.pushers).toHaveLength(0)
  })

  it('reports a native start failure', async () => {
    shim.configure({ contextFailures: { 'pusher.start': 'start:fail camera busy' } })
    const pusher = setup()
    expect(await pusher.start(URL)).toBe(false)
    expect(pusher.status.value).toBe('failed')
    expect(pusher.session.message).toContain('camera busy')
  })

  it('drives the controls: camera, mute, mirror, beauty and whiteness within 0–9', async () => {
    const pusher = setup()
    await pusher.start(URL)
    await pusher.switchCamera()
    expect(pusher.settings.devicePosition).toBe('back')
    expect(shim.lastPusher().methods()).toContain('switchCamera')
    pusher.toggleMute()
    pusher.toggleMirror()
    pusher.setBeauty(12)
    pusher.setWhiteness(-3)
    expect(pusher.settings).toMatchObject({ muted: true, mirror: true, beauty: 9, whiteness: 0 })
  })

  it('records net status into a bounded history', async () => {
    const pusher = setup()
    await pusher.start(URL)
    for (let i = 0; i < 70; i++) pusher.onNetStatus({ detail: { info: { videoBitrate: 800 + i, audioBitrate: 48, videoFPS: 20 } } })
    expect(pusher.session.history).toHaveLength(60)
    expect(pusher.session.history[59]).toMatchObject({ kbps: 917, fps: 20 })
  })

  it('turns a permission error event into a failure the user can read, with the way to the settings', async () => {
    const pusher = setup()
    await pusher.start(URL)
    pusher.onError({ detail: { errCode: 10002, errMsg: 'no mic' } })
    expect(pusher.session.message).toContain('麦克风权限')
    expect(pusher.permission.explanation.value).toContain('去设置')
    shim.setPermission('scope.record', 'granted')
    expect(await pusher.permission.openSettings()).toBe(true)
    expect(pusher.permission.explanation.value).toBeNull()
  })

  it('lets a passing warning go after a while; a failure stays', async () => {
    vi.useFakeTimers()
    try {
      const pusher = setup()
      await pusher.start(URL)
      pusher.onStateChange({ detail: { code: 1002 } })
      pusher.onStateChange({ detail: { code: 5000 } })
      await nextTick()
      expect(pusher.session.message).toBe('小程序已切到后台，画面可能暂停')
      vi.advanceTimersByTime(PASSING_MESSAGE_MS)
      expect(pusher.session.message).toBeNull()
      expect(pusher.status.value).toBe('live')

      pusher.onStateChange({ detail: { code: -1307 } })
      await nextTick()
      vi.advanceTimersByTime(PASSING_MESSAGE_MS * 2)
      expect(pusher.session.message).toContain('网络断开')
    } finally {
      vi.useRealTimers()
    }
  })

  it('says when switching the camera fails, without ending the push', async () => {
    shim.configure({ contextFailures: { 'pusher.switchCamera': 'switchCamera:fail busy' } })
    const pusher = setup()
    await pusher.start(URL)
    pusher.onStateChange({ detail: { code: 1002 } })
    await pusher.switchCamera()
    expect(pusher.status.value).toBe('live')
    expect(pusher.session.message).toContain('switchCamera')
    expect(pusher.settings.devicePosition).toBe('front')
  })

  it('gives each page a pusher of its own: one page’s bitrates, mute or mirror never reach another’s', () => {
    const room = setup()
    room.configure({ mode: 'RTC', minBitrate: 850, maxBitrate: 850, muted: true, mirror: true, beauty: 7, whiteness: 2 })
    const tool = scope.run(() => useLivePusher({ settings: { mode: 'SD' } }))!
    expect(tool.settings).toMatchObject({ mode: 'SD', minBitrate: 200, maxBitrate: 1000, muted: false, mirror: false, beauty: 5, whiteness: 3 })
    expect(room.settings).toMatchObject({ mode: 'RTC', minBitrate: 850, muted: true })
  })

  it('stops the native pusher when the page is hidden', async () => {
    const pusher = setup()
    await pusher.start(URL)
    pusher.onStateChange({ detail: { code: 1002 } })
    await firePageHook('onHide')
    expect(shim.lastPusher().methods()).toEqual(['start', 'stop'])
    expect(pusher.statusText.value).toBe('已停止')
  })

  it('stops and releases when the page goes away while live', async () => {
    const pusher = setup()
    await pusher.start(URL)
    pusher.onStateChange({ detail: { code: 1002 } })
    await nextTick()
    scope.stop()
    expect(shim.lastPusher().methods()).toEqual(['start', 'stop'])
    expect(shim.records.keepScreenOn.at(-1)).toBe(false)
  })

  it('does not stop on hide when asked to keep pushing in the background', async () => {
    scope = effectScope()
    const pusher = scope.run(() => useLivePusher({ stopOnHide: false }))!
    await pusher.start(URL)
    await firePageHook('onHide')
    expect(shim.lastPusher().methods()).toEqual(['start'])
  })

  it('starts once when asked twice at the same time (a double tap)', async () => {
    const pusher = setup()
    const [a, b] = await Promise.all([pusher.start(URL), pusher.start(URL)])
    expect([a, b]).toEqual([true, true])
    expect(await pusher.start(URL)).toBe(true)
    expect(shim.lastPusher().callsOf('start')).toHaveLength(1)
  })

  it('tells the user to upgrade WeChat when the client has no live-pusher', async () => {
    shim.configure({ unsupported: ['createLivePusherContext'] })
    const pusher = setup()
    expect(await pusher.start(URL)).toBe(false)
    expect(pusher.session.message).toContain('升级微信')
    expect(shim.records.authorizeRequests).toEqual([])
  })
})

