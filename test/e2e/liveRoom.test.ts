// The live room end to end: two compiled mini-programs, an anchor's phone and an
// audience member's, each with its own WeChat user, against the real room service on loopback
// (SQLite, WeChat login through a local jscode2session) and the in-process IM fake.
//
// Timers are real: the app's own rhythm (3 s / 7 s heartbeats, a room check every 10 s, 2 s between
// media restarts) runs as shipped. Expiry is driven by the service's clock and sweep.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Client } from './support/clients'
import { answered, goLive as goLiveAs, startsOf, watch } from './support/flows'
import { streamIdOf, World } from './support/world'

let world: World

beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

const ROOM_NAME = '周五晚课'

const goLive = (anchor: Client, roomName = ROOM_NAME) => goLiveAs(world, anchor, roomName)

describe('a live room, anchor and audience', () => {
  it('goes live, is found and watched, chats both ways with nicknames, counts likes, and ends for everyone', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })

    const roomID = await goLive(anchor)
    const pushURL = String(anchor.page.attr('#pusher', 'url'))
    expect(pushURL).toMatch(/^rtmp:\/\/push\.example\.com\/live\/\S+\?txSecret=[0-9a-f]{32}&txTime=[0-9A-F]+$/)
    expect(anchor.page.$('#pusher').attrs()).toMatchObject({ mode: 'RTC', minBitrate: 850, maxBitrate: 850, aspect: '9:16' })
    expect(anchor.text('#room-name')).toBe(ROOM_NAME)

    // The audience finds the room by name and plays the anchor's stream (the mixed play URL).
    await viewer.open('live/rooms/rooms')
    await viewer.waitFor(() => viewer.exists(`#room-${roomID}`), 'the room in the list')
    expect(viewer.text(`#room-${roomID}`)).toContain(ROOM_NAME)
    expect(viewer.text(`#room-${roomID}`)).toContain('主播 主播小王')
    expect(viewer.exists('#rooms-empty')).toBe(false)
    await viewer.tap(`#room-${roomID}`)
    expect(viewer.wx.records.navigations.at(-1)).toMatchObject({ kind: 'navigateTo', path: 'live/room/room', query: { role: 'audience', roomID } })
    await viewer.followNavigation()
    await viewer.waitFor(() => viewer.wx.records.players.some((p) => p.called('play')) && !viewer.exists('#entering'), 'the player to start')
    const [listed] = await world.listedRooms()
    expect(viewer.page.attr('#player', 'src')).toBe(listed.mixedPlayURL)
    expect(streamIdOf(listed.mixedPlayURL)).toBe(streamIdOf(pushURL))
    expect(viewer.page.$('#player').attrs()).toMatchObject({ mode: 'live', minCache: 1, maxCache: 3 })
    expect(viewer.wx.lastPlayer('player').methods()).toEqual(['play'])
    expect(viewer.text('#room-name')).toBe(ROOM_NAME)
    expect(viewer.exists('#pusher')).toBe(false)
    viewer.run(() => viewer.wx.lastPlayer('player').emit('statechange', { code: 2004 }))
    await viewer.flush()
    expect(viewer.exists('#media-notice')).toBe(false)

    // Chat, audience → anchor, then anchor → audience; each side sees the sender's nickname.
    await viewer.say('主播晚上好')
    await anchor.waitFor(() => anchor.text('#chat').includes('主播晚上好'), 'the audience message at the anchor')
    expect(anchor.text('#chat')).toContain('观众小李： 主播晚上好')
    expect(viewer.text('#chat')).toContain('观众小李： 主播晚上好')

    await anchor.say('欢迎欢迎')
    await viewer.waitFor(() => viewer.text('#chat').includes('欢迎欢迎'), 'the anchor message at the audience')
    expect(viewer.text('#chat')).toMatch(/观众小李： 主播晚上好.*主播小王： 欢迎欢迎/)
    expect(anchor.text('#chat')).toMatch(/观众小李： 主播晚上好.*主播小王： 欢迎欢迎/)

    // A like: counted on both phones, and the anchor sees who liked.
    await viewer.tap('#like')
    await viewer.waitFor(() => viewer.text('#online-count').includes('1 赞'), 'the like counted at the audience')
    await anchor.waitFor(() => anchor.text('#online-count').includes('1 赞'), 'the like counted at the anchor')
    expect(anchor.text('#chat')).toContain('观众小李： 点了赞')

    // The anchor ends the live (confirming), and the audience is told; the room is gone from the list.
    await anchor.tap('#close')
    expect(anchor.wx.records.modals.at(-1)).toMatchObject({ title: '结束直播' })
    await anchor.waitFor(() => anchor.exists('#room-notice') && answered(anchor, 'destroy_room'), 'the live ended at the anchor')
    expect(anchor.wx.lastPusher().methods()).toEqual(['start', 'stop'])

    await viewer.waitFor(() => viewer.exists('#room-notice'), 'the end of the live at the audience')
    expect(viewer.text('#room-notice')).toContain('主播已结束直播')
    expect(viewer.wx.lastPlayer('player').methods()).toEqual(['play', 'stop'])
    expect(await world.listedRooms()).toEqual([])

    await viewer.tap('#back')
    await viewer.followNavigation()
    expect(viewer.page.route).toBe('live/rooms/rooms')
    await viewer.waitFor(() => viewer.exists('#rooms-empty'), 'the empty list')
    expect(viewer.exists(`#room-${roomID}`)).toBe(false)
  })

  it('lets an audience member leave without ending the live for anyone', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    const roomID = await goLive(anchor)
    await watch(viewer, roomID)
    expect((await world.listedRooms())[0].audienceCount).toBe(1)

    await viewer.tap('#close')
    // No confirmation for the audience, only for the anchor ending the live.
    expect(viewer.wx.records.modals).toEqual([])
    await viewer.waitFor(() => answered(viewer, 'delete_audience') && viewer.wx.records.navigations.at(-1)?.kind === 'navigateBack', 'leaving the room')
    expect(viewer.wx.lastPlayer('player').methods()).toEqual(['play', 'stop'])
    expect(world.im.group(roomID)?.members).toHaveLength(1)
    await viewer.followNavigation()
    expect(viewer.page.route).toBe('live/rooms/rooms')
    await viewer.waitFor(() => viewer.exists(`#room-${roomID}`), 'the room still listed')
    expect((await world.listedRooms())[0].audienceCount).toBe(0)

    // The anchor is still live and can chat on.
    expect(anchor.exists('#room-notice')).toBe(false)
    expect(anchor.wx.lastPusher().called('stop')).toBe(false)
    await anchor.say('还在直播')
    // Shown once IM accepted it (after the service's before-send callback answered).
    await anchor.waitFor(() => anchor.text('#chat').includes('主播小王： 还在直播'), 'the anchor’s message in its chat')
  })

  it('shows the anchor and the audience the same online count', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    await watch(viewer, await goLive(anchor))
    const online = (phone: Client) => phone.text('#online-count').split(' 人在线')[0]

    await anchor.waitFor(() => online(anchor) !== '0', 'the anchor to count the viewer in')
    await viewer.waitFor(() => online(viewer) === online(anchor), `the viewer to show the anchor's count (${online(anchor)})`, 2000)
  })

  it('links an audience member as co-anchor on request, mixes their stream in, and ends the link when the anchor kicks', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    const roomID = await goLive(anchor)
    await watch(viewer, roomID)
    const [listed] = await world.listedRooms()
    const anchorStream = streamIdOf(listed.mixedPlayURL)

    // The audience member asks; the anchor sees who asks, with the countdown, and accepts.
    await viewer.tap('#linkmic-request')
    expect(viewer.text('#linkmic-waiting')).toBe('等待回应…')
    await anchor.waitFor(() => anchor.exists('#linkmic-dialog'), 'the request dialog at the anchor')
    expect(anchor.text('#linkmic-dialog')).toMatch(/观众小李 请求与你连麦（(10|9)s）/)
    await anchor.tap('#linkmic-accept')
    expect(anchor.exists('#linkmic-dialog')).toBe(false)

    // The co-anchor plays the anchor's low-latency stream and pushes its own (RTC, 200–300 kbps).
    await viewer.waitFor(() => viewer.exists('#pusher') && startsOf(viewer) === 1, 'the co-anchor pusher to start')
    const player = viewer.wx.lastPlayer('player')
    expect(player.methods()).toEqual(['play', 'play'])
    expect(viewer.page.attr('#player', 'mode')).toBe('RTC')
    expect(String(viewer.page.attr('#player', 'src'))).toMatch(/^rtmp:\/\//)
    expect(streamIdOf(String(viewer.page.attr('#player', 'src')))).toBe(anchorStream)
    expect(viewer.page.$('#pusher').attrs()).toMatchObject({ mode: 'RTC', minBitrate: 200, maxBitrate: 300 })
    const coAnchorStream = streamIdOf(String(viewer.page.attr('#pusher', 'url')))
    viewer.run(() => viewer.wx.lastPusher().emit('statechange', { code: 1002 }))
    await viewer.waitFor(() => viewer.exists('#linkmic-quit'), 'the link to be up')

    // The anchor shows the co-anchor in a window, playing its stream, and the service mixes it in.
    await anchor.waitFor(() => anchor.page.findNodes('.window__kick').length === 1, 'the co-anchor window at the anchor')
    expect(anchor.page.pageText()).toContain('观众小李 断开')
    const kick = anchor.page.findNodes('.window__kick')[0].id ?? ''
    const coAnchorUser = kick.replace(/^kick-/, '')
    const window = anchor.wx.lastPlayer(`co-anchor-${coAnchorUser}`)
    expect(window.methods()).toEqual(['play'])
    await anchor.waitFor(() => world.service.mixes.length > 0, 'the mix request')
    // A 360×640 canvas, the co-anchor in a 120×180 window at the bottom right, 60 px above the edge.
    expect(world.service.mixes.at(-1)).toEqual({
      outputStream: anchorStream,
      windows: [
        { streamId: anchorStream, layer: 1, x: 0, y: 0, width: 360, height: 640 },
        { streamId: coAnchorStream, layer: 2, x: 240, y: 400, width: 120, height: 180 },
      ],
    })

    // The anchor ends the link: the co-anchor is told and goes back to the mixed stream; the mix is cancelled.
    await anchor.tap(`#${kick}`)
    await viewer.waitFor(() => viewer.exists('#linkmic-notice'), 'the kick at the co-anchor')
    expect(viewer.text('#linkmic-notice')).toBe('主播已结束与你的连麦')
    expect(viewer.wx.lastPusher().methods()).toEqual(['start', 'stop'])
    await viewer.waitFor(() => viewer.page.attr('#player', 'src') === listed.mixedPlayURL, 'the mixed stream again')
    expect(viewer.page.attr('#player', 'mode')).toBe('live')
    expect(viewer.exists('#linkmic-request')).toBe(true)
    await anchor.waitFor(() => anchor.page.findNodes('.window__kick').length === 0, 'the window to close')
    await anchor.waitFor(() => world.service.mixes.at(-1)?.windows.length === 0, 'the mix to be cancelled')
  })

  it('tells the audience the room closed when the anchor vanishes without ending it (heartbeats stop)', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    const roomID = await goLive(anchor)
    await watch(viewer, roomID)
    const anchorUser = world.im.group(roomID)?.ownerID
    expect(anchorUser).toBeTruthy()

    // The anchor's phone goes dark: no more heartbeats, no dismissal of the chat group.
    const dark = await world.laterAddress()
    anchor.wx.configure({ requestBaseUrl: dark.url })
    world.im.setNetState('disconnected', anchorUser)
    world.service.advance(31_000)
    await world.service.sweep()
    expect(await world.listedRooms()).toEqual([])

    // The audience checks the room every 10 s.
    await viewer.waitFor(() => viewer.exists('#room-notice'), 'the closed room at the audience', 15_000)
    expect(viewer.text('#room-notice')).toContain('直播间已关闭')
    expect(viewer.wx.lastPlayer('player').called('stop')).toBe(true)
  })
})

describe('a live room when things go wrong', () => {
  it('restarts the push when the network drops (-1307), then gives up, says why, and ends the room for the audience', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    await watch(viewer, await goLive(anchor))
    const pusher = () => anchor.wx.lastPusher()

    anchor.run(() => pusher().emit('statechange', { code: -1307 }))
    await anchor.waitFor(() => startsOf(anchor) === 2, 'the first restart', 8000)
    anchor.run(() => pusher().emit('statechange', { code: -1307 }))
    await anchor.waitFor(() => startsOf(anchor) === 3, 'the second restart', 8000)
    expect(anchor.exists('#room-notice')).toBe(false)

    anchor.run(() => pusher().emit('statechange', { code: -1307 }))
    await anchor.waitFor(() => anchor.exists('#room-notice'), 'the failure to show', 8000)
    expect(anchor.text('#room-notice')).toContain('网络断开')
    expect(startsOf(anchor)).toBe(3)
    expect(pusher().called('stop')).toBe(true)
    // Giving up ends the room on the service too.
    await anchor.waitFor(() => answered(anchor, 'destroy_room'), 'the room to be destroyed')
    expect(await world.listedRooms()).toEqual([])
    await viewer.waitFor(() => viewer.exists('#room-notice'), 'the end of the live at the audience')
    expect(viewer.text('#room-notice')).toContain('主播已结束直播')
  })

  it('explains a refused camera and creates nothing on the service', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王', wx: { permissions: { 'scope.camera': 'refused', 'scope.record': 'granted' } } })
    await anchor.open('live/create/create')
    await anchor.tap('#go-live')
    await anchor.followNavigation()

    await anchor.waitFor(() => anchor.exists('#room-notice'), 'the refusal explained')
    expect(anchor.text('#room-notice')).toContain('摄像头')
    expect(anchor.wx.records.pushers.flatMap((p) => p.methods())).not.toContain('start')
    const endpoints = anchor.wx.records.requests.map((r) => new URL(r.url).pathname.split('/').pop())
    expect(endpoints).not.toContain('create_room')
    expect(await world.listedRooms()).toEqual([])
  })

  it('offers the way to the settings page when the camera was refused', async () => {
    const anchor = world.phone('anchor', {
      nickname: '主播小王',
      wx: { permissions: { 'scope.camera': 'refused', 'scope.record': 'granted' }, openSettingChanges: { 'scope.camera': true } },
    })
    await anchor.open('live/create/create')
    await anchor.tap('#go-live')
    await anchor.followNavigation()
    await anchor.waitFor(() => anchor.exists('#room-notice'), 'the refusal explained')

    expect(anchor.text('#room-notice')).toContain('去设置')
    await anchor.tap('#open-settings')
    expect(anchor.wx.records.openSettingCount).toBe(1)
  })

  it('says the room service cannot be reached on the room list, and lists the rooms on retry once it is back', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const roomID = await goLive(anchor)
    const later = await world.laterAddress()
    const viewer = world.phone('viewer', { nickname: '观众小李', wx: { requestBaseUrl: later.url } })

    await viewer.open('live/rooms/rooms')
    await viewer.waitFor(() => viewer.exists('#rooms-error'), 'the error on the list')
    expect(viewer.text('#rooms-error')).toContain('无法连接房间服务')
    expect(viewer.exists(`#room-${roomID}`)).toBe(false)
    expect(viewer.exists('#rooms-empty')).toBe(false)

    await later.open()
    await viewer.tap('#retry')
    await viewer.waitFor(() => viewer.exists(`#room-${roomID}`), 'the room listed after retry')
    expect(viewer.exists('#rooms-error')).toBe(false)
    expect(viewer.text(`#room-${roomID}`)).toContain(ROOM_NAME)
  })
})
