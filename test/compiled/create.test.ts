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

describe('a room name the room service refuses (3012 TEXT_BLOCKED)', () => {
  it('brings the anchor back to the form with the name marked and the choices kept; fixed there, the live goes ahead', async () => {
    world = await World.start({ recording: true })
    const anchor = world.phone('anchor', { nickname: '王老师' })
    await anchor.open('live/create/create')
    await anchor.input('#room-name', '今晚赌博')
    await anchor.run(() => anchor.page.dispatch('#record', 'change', { value: true }))
    await anchor.tap('#go-live')
    await anchor.followNavigation()
    expect(anchor.page.route).toBe('live/room/room')
    await anchor.waitFor(() => startsOf(anchor) === 1, 'the pusher to start')
    anchor.run(() => anchor.wx.lastPusher().emit('statechange', { code: 1002 }))

    await anchor.waitFor(() => anchor.wx.records.navigations.length === 2, 'back to the form')
    expect(anchor.wx.records.navigations.at(-1)).toMatchObject({ kind: 'redirectTo', path: 'live/create/create', query: { nameRefused: '1', record: '1', audioOnly: '0' } })
    expect(anchor.wx.lastPusher().called('stop')).toBe(true)
    await anchor.followNavigation()
    expect(anchor.page.route).toBe('live/create/create')
    expect(anchor.text('#room-name-error')).toBe('房间名包含不允许的内容，请修改')
    expect(anchor.page.attr('#room-name', 'value')).toBe('今晚赌博')
    expect(anchor.page.attr('#record', 'checked')).toBe(true)
    expect(await world.listedRooms()).toEqual([])

    await anchor.input('#room-name', '今晚答疑')
    expect(anchor.exists('#room-name-error')).toBe(false)
    await anchor.tap('#go-live')
    await anchor.followNavigation()
    await anchor.waitFor(() => startsOf(anchor) === 2, 'the pusher to start again')
    anchor.run(() => anchor.wx.lastPusher().emit('statechange', { code: 1002 }))
    await anchor.waitFor(() => !anchor.exists('#entering'), 'the room to go live')
    expect(anchor.exists('#room-notice')).toBe(false)
    expect((await world.listedRooms()).map((r) => r.roomName)).toEqual(['今晚答疑'])
  })
})
