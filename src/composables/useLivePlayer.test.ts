import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, type EffectScope } from 'vue'
import type { WxShim } from '../../test/support/wxShim'
import { installWeChat } from '../../test/support/unitWeChat'
import { firePageHook, uniLifecycleMock } from '../../test/support/uniLifecycle'
import { useLivePlayer, type UseLivePlayerOptions } from './useLivePlayer'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

const FLV = 'https://play.example.com/live/stream1.flv'
const RTMP = 'rtmp://play.example.com/live/stream1'
let shim: WxShim
let scope: EffectScope

function setup(options: UseLivePlayerOptions = {}) {
  scope = effectScope()
  return scope.run(() => useLivePlayer(options))!
}

beforeEach(() => {
  shim = installWeChat()
})
afterEach(() => {
  scope?.stop()
  vi.unstubAllGlobals()
})

describe('useLivePlayer', () => {
  it('plays the mixed stream with a 1–3 s buffer and reports playing on 2004', async () => {
    const player = setup()
    expect(await player.play(FLV)).toBe(true)
    expect(player.settings).toMatchObject({ url: FLV, mode: 'live', minCache: 1, maxCache: 3 })
    expect(shim.lastPlayer('player').methods()).toEqual(['play'])
    player.onStateChange({ detail: { code: 2004 } })
    await nextTick()
    expect(player.statusText.value).toBe('播放中')
    expect(shim.records.keepScreenOn).toEqual([true])
  })

  it('uses a 0.1–0.3 s buffer in low-latency mode and needs an rtmp URL there', async () => {
    const player = setup({ mode: 'RTC' })
    expect(player.settings).toMatchObject({ mode: 'RTC', minCache: 0.1, maxCache: 0.3 })
    expect(await player.play(FLV)).toBe(false)
    expect(player.session.message).toContain('rtmp://')
    expect(await player.play(RTMP)).toBe(true)
  })

  it('switches mode with the matching buffer', () => {
    const player = setup()
    player.setMode('RTC')
    expect(player.settings).toMatchObject({ mode: 'RTC', minCache: 0.1, maxCache: 0.3 })
    player.setMode('live')
    expect(player.settings).toMatchObject({ mode: 'live', minCache: 1, maxCache: 3 })
  })

  it('shows reconnecting on 2103 and a failure on -2301', async () => {
    const player = setup()
    await player.play(FLV)
    player.onStateChange({ detail: { code: 2004 } })
    player.onStateChange({ detail: { code: 2103 } })
    expect(player.statusText.value).toBe('重连中')
    player.onStateChange({ detail: { code: -2301 } })
    expect(player.statusText.value).toBe('播放失败')
    expect(player.session.message).toContain('重连仍失败')
  })

  it('rejects an empty or foreign URL', async () => {
    const player = setup()
    expect(await player.play('  ')).toBe(false)
    expect(player.session.message).toBe('请输入播放地址')
    expect(await player.play('ftp://x/y')).toBe(false)
    expect(shim.records.players).toHaveLength(0)
  })

  it('goes full screen sideways for a landscape stream and follows fullscreenchange', async () => {
    const player = setup()
    await player.play(FLV)
    player.configure({ orientation: 'horizontal' })
    expect(await player.requestFullScreen()).toBe(true)
    expect(shim.lastPlayer('player').callsOf('requestFullScreen')[0].options).toMatchObject({ direction: 90 })
    player.onFullScreenChange({ detail: { fullScreen: true } })
    expect(player.fullScreen.value).toBe(true)
  })

  it('toggles mute through the muted attribute', () => {
    const player = setup()
    player.toggleMute()
    expect(player.settings.muted).toBe(true)
  })

  it('keeps separate state for players with different ids', async () => {
    const a = setup({ id: 'a' })
    const b = scope.run(() => useLivePlayer({ id: 'b', mode: 'RTC' }))!
    await a.play(FLV)
    expect(a.status.value).toBe('connecting')
    expect(b.status.value).toBe('idle')
  })

  it('stops when the page is hidden', async () => {
    const player = setup()
    await player.play(FLV)
    await firePageHook('onHide')
    expect(shim.lastPlayer('player').methods()).toEqual(['play', 'stop'])
    expect(player.status.value).toBe('stopped')
  })
})
