// The new-room page (live/create/create) compiled for mp-weixin: the camera preview before going
// live, its look carried into the live room, against the real room service on loopback.
import { afterEach, describe, expect, it } from 'vitest'
import { startsOf } from '../e2e/support/flows'
import { World } from '../e2e/support/world'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

describe('the new-room preview', () => {
  it('previews the camera without pushing, and the live room pushes with the look chosen there', async () => {
    world = await World.start()
    const anchor = world.phone('anchor', { nickname: '王老师', wx: { permissions: {} } })
    await anchor.open('live/create/create')
    await anchor.waitFor(() => anchor.wx.records.pushers.some((p) => p.called('startPreview')), 'the preview')
    expect(anchor.wx.records.authorizePrompts).toEqual(['scope.camera', 'scope.record'])
    expect(anchor.wx.lastPusher().called('start')).toBe(false)

    await anchor.run(() => anchor.page.dispatch('#beauty', 'change', { value: 8 }))
    await anchor.run(() => anchor.page.dispatch('#whiteness', 'change', { value: 1 }))
    await anchor.tap('#mirror')
    await anchor.tap('#switch-camera')
    await anchor.waitFor(() => anchor.page.attr('#preview', 'devicePosition') === 'back', 'the back camera')
    expect(anchor.page.attr('#preview', 'beauty')).toBe(8)
    expect(anchor.page.attr('#preview', 'remoteMirror')).toBe(true)

    await anchor.tap('#go-live')
    await anchor.followNavigation() // redirectTo: the create page goes
    expect(anchor.page.route).toBe('live/room/room')
    expect(anchor.wx.records.pushers[0].called('stopPreview')).toBe(true)
    await anchor.waitFor(() => startsOf(anchor) === 1, 'the live room to push')
    expect(anchor.page.attr('#pusher', 'beauty')).toBe(8)
    expect(anchor.page.attr('#pusher', 'whiteness')).toBe(1)
    expect(anchor.page.attr('#pusher', 'remoteMirror')).toBe(true)
    expect(anchor.page.attr('#pusher', 'devicePosition')).toBe('back')
  })

  it('says why there is no preview when the camera is refused, with the way to settings', async () => {
    world = await World.start()
    const anchor = world.phone('anchor', { nickname: '王老师', wx: { permissions: {}, authorizeAnswer: 'deny' } })
    await anchor.open('live/create/create')
    await anchor.waitFor(() => anchor.exists('#permission-explain'), 'the explanation')
    expect(anchor.text('#permission-explain')).toContain('摄像头')
    expect(anchor.exists('#open-settings')).toBe(true)
    expect(anchor.wx.records.pushers.some((p) => p.called('startPreview'))).toBe(false)
  })
})
