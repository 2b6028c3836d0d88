// The new-room preview: camera and microphone asked for once, the camera shown without pushing, and
// the look the anchor sets kept for the live room's pusher.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref, type EffectScope } from 'vue'
import { installWeChat } from '../../test/support/unitWeChat'
import { firePageHook, uniLifecycleMock } from '../../test/support/uniLifecycle'
import type { WxShim } from '../../test/support/wxShim'
import { readAnchorLook } from './anchorLook'
import { usePushPreview } from './usePushPreview'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let shim: WxShim
let scope: EffectScope
beforeEach(() => {
  shim = installWeChat()
  scope = effectScope()
})
afterEach(() => {
  scope.stop()
  vi.unstubAllGlobals()
})

const open = (audioOnly = false) => {
  const choice = ref(audioOnly)
  return { choice, preview: scope.run(() => usePushPreview({ audioOnly: choice }))! }
}

describe('usePushPreview', () => {
  it('asks for camera and microphone once, previews without pushing, and keeps the look for the live room', async () => {
    const { preview } = open()
    await firePageHook('onReady')
    expect(shim.records.authorizePrompts).toEqual(['scope.camera', 'scope.record'])
    const ctx = shim.lastPusher()
    expect(ctx.called('startPreview')).toBe(true)
    expect(ctx.called('start')).toBe(false)

    preview.pusher.setBeauty(8)
    preview.pusher.setWhiteness(1)
    preview.pusher.toggleMirror()
    await preview.pusher.switchCamera()
    await nextTick()
    expect(readAnchorLook()).toEqual({ beauty: 8, whiteness: 1, mirror: true, devicePosition: 'back' })

    scope.stop() // the page goes (to the live room)
    expect(ctx.called('stopPreview')).toBe(true)
  })

  it('says why there is no preview when the camera is refused, and previews once allowed in settings', async () => {
    shim.configure({ authorizeAnswer: 'deny', openSettingChanges: { 'scope.camera': true, 'scope.record': true } })
    const { preview } = open()
    await firePageHook('onReady')
    expect(preview.pusher.permission.explanation.value).toContain('摄像头')
    expect(shim.records.pushers.some((p) => p.called('startPreview'))).toBe(false)

    await preview.openSettings()
    expect(preview.pusher.permission.explanation.value).toBeNull()
    expect(shim.lastPusher().called('startPreview')).toBe(true)
  })

  it('shows no camera for an audio-only live until video is chosen', async () => {
    const { preview, choice } = open(true)
    await firePageHook('onReady')
    expect(preview.pusher.settings.audioOnly).toBe(true)
    expect(shim.records.pushers.some((p) => p.called('startPreview'))).toBe(false)

    choice.value = false
    await nextTick()
    await new Promise((r) => setTimeout(r, 0))
    expect(preview.pusher.settings.audioOnly).toBe(false)
    expect(shim.lastPusher().called('startPreview')).toBe(true)
  })
})
