// A room visit against the real room service (in-process) and the IM fake: phones as anchor and audience.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { TIM_TYPES } from '@/adapters/im/sdkTypes'
import { genUserSig } from '@liveroom/protocol/usersig'
import { uniLifecycleMock } from '../../test/support/uniLifecycle'
import { HARNESS_SDKAPPID, HARNESS_SECRET_KEY } from '../../test/support/roomServiceHarness'
import { RoomWorld, until, type Phone } from '../../test/support/roomWorld'
import { ROOM_MESSAGES } from './useRoomVisit'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let world: RoomWorld

beforeEach(async () => {
  world = await RoomWorld.start()
})
afterEach(async () => {
  await world.close()
})

/** The phone enters the room and leaves it while its add_audience is held (not yet answered). */
async function leftWhileCountedIn(phone: Phone, roomID: string) {
  const counting = world.service.hold('add_audience')
  const entering = phone.visit.watchRoom(roomID)
  await counting.reached
  await phone.visit.leave()
  return { entering, counting }
}

describe('useRoomVisit: anchor', () => {
  it('goes live only after 1002, with the RTC push settings, and lists the room', async () => {
    const anchor = world.phone()
    const live = anchor.visit.goLive({ roomName: '周五晚课' })
    await until(() => world.shim.records.pushers.some((p) => p.called('start')), 'pusher start')
    expect(anchor.visit.room.phase).toBe('entering')
    expect(anchor.pusher.settings).toMatchObject({ mode: 'RTC', minBitrate: 850, maxBitrate: 850, aspect: '9:16' })
    expect(anchor.pusher.settings.url).toMatch(/^rtmp:\/\/push\.example\.com\/live\/.+txSecret=[0-9a-f]{32}&txTime=[0-9A-F]+$/)

    anchor.pusher.onStateChange({ detail: { code: 1002 } })
    expect(await live).toBe(true)
    expect(anchor.visit.room.phase).toBe('live')
    const roomID = anchor.visit.room.details!.roomID
    expect(world.imServer.group(roomID)?.ownerID).toBe(anchor.client.userID)

    const viewer = world.phone()
    await viewer.client.login(HARNESS_SDKAPPID, 'viewer1', genUserSig({ sdkAppId: HARNESS_SDKAPPID, secretKey: HARNESS_SECRET_KEY, userId: 'viewer1' }))
    const { rooms } = await viewer.client.call('get_room_list', {})
    expect(rooms.map((r) => [r.roomID, r.roomName])).toEqual([[roomID, '周五晚课']])
  })

  it('keeps the room alive with heartbeats and closes it with its group when leaving', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    world.service.advance(20_000)
    await new Promise((r) => setTimeout(r, 120)) // several heartbeats on the service clock
    world.service.advance(20_000)
    await world.service.sweep()
    expect(anchor.visit.room.phase).toBe('live')

    await anchor.visit.leave()
    expect(anchor.visit.room.phase).toBe('closed')
    expect(world.imServer.group(roomID)).toBeNull()
    await expect(anchor.client.call('get_anchors', { roomID })).rejects.toMatchObject({ userMessage: '房间不存在或已关闭' })
    expect(world.shim.lastPusher().methods()).toEqual(['start', 'stop'])
  })

  it('stays live when the service stops taking its login mid-live: it logs in again and beats on', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    await world.service.revokeTokens()
    for (let i = 0; i < 2; i++) {
      world.service.advance(20_000)
      await new Promise((r) => setTimeout(r, 120)) // heartbeats, each on the service clock
    }
    await world.service.sweep()
    expect(anchor.visit.room.phase).toBe('live')
    await expect(anchor.client.call('get_anchors', { roomID })).resolves.toMatchObject({ roomID })
  })

  it('answers a second goLive while the first is under way with the same attempt (no hang, one room)', async () => {
    const anchor = world.phone()
    const first = anchor.visit.goLive({ roomName: 'a' })
    const second = anchor.visit.goLive({ roomName: 'a' })
    expect(second).toBe(first)
    await world.pushConnects(anchor)
    expect(await first).toBe(true)
    expect(world.shim.records.pushers.filter((p) => p.called('start'))).toHaveLength(1)
  })

  it('fails with the permission explanation when the camera is refused, creating nothing', async () => {
    world.shim.setPermission('scope.camera', 'refused')
    const anchor = world.phone()
    expect(await anchor.visit.goLive({ roomName: 'x' })).toBe(false)
    expect(anchor.visit.room.phase).toBe('failed')
    expect(anchor.visit.room.notice).toContain('摄像头')
    expect(anchor.pusher.permission.explanation.value).toContain('去设置')
  })

  it('fails with a clear message when the room service is unreachable', async () => {
    world.service.setReachable(false)
    const anchor = world.phone()
    expect(await anchor.visit.goLive({ roomName: 'x' })).toBe(false)
    expect(anchor.visit.room.notice).toBe('登录失败：无法连接房间服务，请检查网络或服务地址')
  })

  it('gives up when the push never connects, tells the user, and stops the pusher', async () => {
    const anchor = world.phone({ timing: { pushStartTimeoutMs: 30 } })
    expect(await anchor.visit.goLive({ roomName: 'x' })).toBe(false)
    expect(anchor.visit.room.notice).toBe(ROOM_MESSAGES.pushTimeout)
    expect(world.shim.lastPusher().methods()).toEqual(['start', 'stop'])
    expect(anchor.pusher.status.value).toBe('stopped')
    expect(world.shim.records.keepScreenOn.at(-1)).toBe(false)
  })

  it('ends the live with the reason when the camera fails mid-live (-1301), rather than beating on', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    anchor.pusher.onStateChange({ detail: { code: -1301 } })
    await until(() => anchor.visit.room.phase === 'failed', 'the live to end')
    expect(anchor.visit.room.notice).toContain('打开摄像头失败')
    await expect(anchor.client.call('get_anchors', { roomID })).rejects.toMatchObject({ code: 3001 })
  })

  it('leaves no room behind when the anchor leaves while going live', async () => {
    const anchor = world.phone()
    const joining = world.service.hold('add_anchor')
    const live = anchor.visit.goLive({ roomName: '半路离开' })
    await world.pushConnects(anchor)
    await joining.reached
    await anchor.visit.leave()
    joining.release()
    expect(await live).toBe(false)
    expect(anchor.visit.room.phase).toBe('closed')
    await new Promise((r) => setTimeout(r, 150)) // heartbeats would have come by now
    expect((await anchor.client.call('get_room_list', {})).rooms).toEqual([])
    expect(world.shim.lastPusher().called('stop')).toBe(true)
  })

  it('restarts the push after -1307, then ends with the network message when it keeps failing', async () => {
    const anchor = await world.anchor()
    anchor.pusher.onStateChange({ detail: { code: -1307 } })
    await until(() => world.shim.lastPusher().callsOf('start').length === 2, 'first restart')
    anchor.pusher.onStateChange({ detail: { code: -1307 } })
    await until(() => world.shim.lastPusher().callsOf('start').length === 3, 'second restart')
    anchor.pusher.onStateChange({ detail: { code: -1307 } })
    await until(() => anchor.visit.room.phase === 'failed', 'giving up')
    expect(anchor.visit.room.notice).toContain('网络断开')
  })

  it('asks the service to keep a replay when the anchor chose 录制回放, and goes live', async () => {
    await world.close()
    world = await RoomWorld.start({ recording: true })
    const anchor = world.phone()
    const live = anchor.visit.goLive({ roomName: '录一节课', record: true })
    await world.pushConnects(anchor)
    expect(await live).toBe(true)
    expect(world.service.calls.filter((c) => c.endpoint === 'create_room').map((c) => c.body)).toEqual([
      { roomInfo: '录一节课', roomName: '录一节课', requireAdmission: true, record: true },
    ])
  })

  it('does not ask for a replay unless chosen', async () => {
    await world.anchor('不录')
    expect(world.service.calls.find((c) => c.endpoint === 'create_room')?.body).not.toHaveProperty('record')
  })

  it('says 服务端未开启录制回放 when the service does not record, stops the push and leaves no room', async () => {
    const anchor = world.phone()
    const live = anchor.visit.goLive({ roomName: '录一节课', record: true })
    await world.pushConnects(anchor)
    expect(await live).toBe(false)
    expect(anchor.visit.room.phase).toBe('failed')
    expect(anchor.visit.room.notice).toBe('服务端未开启录制回放')
    expect(world.shim.lastPusher().methods()).toEqual(['start', 'stop'])
    expect((await anchor.client.call('get_room_list', {})).rooms).toEqual([])
  })

  it('learns that the service expired its room (heartbeats stopped) and says so', async () => {
    const anchor = await world.anchor()
    world.service.setReachable(false)
    world.service.advance(31_000)
    await world.service.sweep()
    world.service.setReachable(true)
    await until(() => anchor.visit.room.phase === 'closed', 'heartbeat rejection')
    expect(anchor.visit.room.notice).toBe(ROOM_MESSAGES.heartbeatLost)
  })
})

describe('useRoomVisit: audience', () => {
  it('enters, plays the mixed stream, counts in, and sees the anchor end the room', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    const viewer = world.phone()
    const ok = await viewer.visit.watchRoom(roomID)
    expect(viewer.visit.room.notice).toBeNull()
    expect(ok).toBe(true)
    expect(viewer.player.settings).toMatchObject({ mode: 'live', minCache: 1, maxCache: 3 })
    expect(viewer.player.settings.url).toBe(anchor.visit.room.details!.mixedPlayURL)
    expect(world.shim.lastPlayer('player').methods()).toEqual(['play'])
    expect(viewer.visit.room.details?.audienceCount).toBe(1)
    expect(world.imServer.group(roomID)?.members).toContain(viewer.client.userID)

    await anchor.visit.leave()
    await until(() => viewer.visit.room.phase === 'closed', 'dismissal notice')
    expect(viewer.visit.room.notice).toBe(ROOM_MESSAGES.anchorEnded)
    expect(world.shim.lastPlayer('player').methods()).toEqual(['play', 'stop'])
  })

  it('leaves cleanly: audience count back to zero, out of the group', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    const viewer = world.phone()
    await viewer.visit.watchRoom(roomID)
    await viewer.visit.leave()
    const { audienceCount } = await anchor.client.call('get_audiences', { roomID })
    expect(audienceCount).toBe(0)
    expect(world.imServer.group(roomID)?.members).not.toContain(viewer.client.userID)
  })

  it('sees the room closed when the anchor vanishes without ending (heartbeat expiry)', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    const viewer = world.phone()
    await viewer.visit.watchRoom(roomID)
    anchor.goOffline() // the anchor's phone goes dark: no more heartbeats, no dismissal
    world.service.advance(31_000)
    await world.service.sweep()
    await until(() => viewer.visit.room.phase === 'closed', 'room check')
    expect(viewer.visit.room.notice).toBe(ROOM_MESSAGES.roomGone)
  })

  it('leaves the room and says why when IM ends the login (an expired UserSig, another device)', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    const expired = await world.viewer(roomID)
    const elsewhere = await world.viewer(roomID)
    world.imServer.kick(expired.userID, TIM_TYPES.KICKED_OUT_USERSIG_EXPIRED)
    world.imServer.kick(elsewhere.userID, TIM_TYPES.KICKED_OUT_MULT_DEVICE)
    await until(() => expired.visit.room.phase === 'closed' && elsewhere.visit.room.phase === 'closed', 'both viewers out')
    expect(expired.visit.room.notice).toBe('登录已过期，已退出直播间')
    expect(elsewhere.visit.room.notice).toBe('你的账号已在其他设备登录，已退出直播间')
    expect(world.shim.records.players.filter((p) => p.called('stop'))).toHaveLength(2)
    const { audienceCount } = await anchor.client.call('get_audiences', { roomID })
    expect(audienceCount).toBe(0)
  })

  it('stays counted while it watches, and is dropped once its phone goes away without leaving', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    const watching = await world.viewer(roomID)
    const vanished = await world.viewer(roomID)
    vanished.goOffline()
    // 150 s on the service clock in steps shorter than the anchor timeout, with heartbeats and check-ins between.
    for (let i = 0; i < 6; i++) {
      world.service.advance(25_000)
      await new Promise((r) => setTimeout(r, 120))
    }
    await world.service.sweep()
    const { audiences } = await anchor.client.call('get_audiences', { roomID })
    expect(audiences.map((a) => a.userID)).toEqual([watching.userID])
    await until(() => watching.visit.room.details?.audienceCount === 1, 'the new count at the viewer')
  })

  it('is not taken out of the room by its own earlier page that was left while entering it', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    const first = world.phone()
    const { entering, counting } = await leftWhileCountedIn(first, roomID)
    // The user opens the room again: a new page of the same app (same stores, same user).
    const again = world.visit(first)
    const second = again.watchRoom(roomID)
    counting.release()
    expect(await entering).toBe(false)
    expect(await second).toBe(true)
    await first.visit.leave() // the first page's unload comes late
    await new Promise((r) => setTimeout(r, 100))
    expect(again.room.phase).toBe('live')
    expect(world.imServer.group(roomID)?.members).toContain(first.userID)
    expect((await anchor.client.call('get_audiences', { roomID })).audienceCount).toBe(1)
  })

  it('stops a player or pusher that came up after the user had already left', async () => {
    const shimApi = (globalThis as unknown as { uni: Record<string, (options: unknown) => void> }).uni
    const getSetting = shimApi.getSetting
    let answer: (() => void) | null = null
    shimApi.getSetting = (options) => void new Promise<void>((resolve) => (answer = resolve)).then(() => getSetting(options))
    try {
      const anchor = world.phone()
      const live = anchor.visit.goLive({ roomName: '晚到的画面' })
      await until(() => answer !== null, 'the permission check') // the user is asked…
      await anchor.visit.leave() // …and leaves the page before answering
      answer!()
      expect(await live).toBe(false)
      expect(world.shim.lastPusher().methods()).toEqual(['start', 'stop'])
      expect(anchor.pusher.status.value).toBe('stopped')
    } finally {
      shimApi.getSetting = getSetting
    }
  })

  it('is not left in the room when it leaves before the room is entered', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    const viewer = world.phone()
    const { entering, counting } = await leftWhileCountedIn(viewer, roomID)
    counting.release()
    expect(await entering).toBe(false)
    expect(viewer.visit.room.phase).toBe('closed')
    await until(() => !world.imServer.group(roomID)?.members.includes(viewer.userID), 'out of the chat group')
    await new Promise((r) => setTimeout(r, 150)) // check-ins would have counted it in again by now
    expect((await anchor.client.call('get_audiences', { roomID })).audienceCount).toBe(0)
    expect(world.shim.records.players.flatMap((p) => p.callsOf('play'))).toHaveLength(0)
  })

  it('says an unknown (or ended) room is over', async () => {
    const viewer = world.phone()
    expect(await viewer.visit.watchRoom('no_such_room')).toBe(false)
    expect(viewer.visit.room.notice).toBe('这场直播已结束')
  })

  it('entering the same room twice does not hang and joins once', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    const viewer = world.phone()
    const [a, b] = await Promise.all([viewer.visit.watchRoom(roomID), viewer.visit.watchRoom(roomID)])
    expect([a, b]).toEqual([true, true])
    expect(await viewer.visit.watchRoom(roomID)).toBe(true)
    expect(world.shim.records.players.flatMap((p) => p.callsOf('play'))).toHaveLength(1)
  })
})

describe('useRoomVisit: the audience and a mixed stream that moves', () => {
  const setup = { timing: { pushStartTimeoutMs: 1000 }, linkMic: { timeoutMs: 1000 } }

  /** The anchor live, a viewer watching (with its player context), a member who will co-anchor. */
  async function room() {
    const anchor = await world.anchor('周五晚课', setup)
    const roomID = anchor.visit.room.details!.roomID
    const viewer = await world.viewer(roomID, setup)
    const viewerPlayer = world.shim.records.players.at(-1)!
    const member = await world.viewer(roomID, setup)
    const memberPlayer = world.shim.records.players.at(-1)!
    return { anchor, roomID, viewer, viewerPlayer, member, memberPlayer, creatorURL: viewer.player.settings.url }
  }

  async function link(anchor: Phone, member: Phone) {
    await member.visit.guest.request()
    await until(() => anchor.visit.host.incoming.value?.request.userID === member.userID, 'request on the anchor')
    await anchor.visit.host.answer(true)
    await world.pushConnects(member)
    await until(() => member.visit.guest.phase.value === 'linked', 'linked')
  }

  it('follows a self-hosted mix to its own stream and back, while a co-anchor keeps its RTC streams', async () => {
    await world.close()
    world = await RoomWorld.start({ mixOutput: 'own' })
    const { anchor, viewer, viewerPlayer, member, memberPlayer, creatorURL } = await room()
    expect(creatorURL).toMatch(/\/live\/\d+_user_1\.flv$/)

    await link(anchor, member)
    await until(() => viewer.player.settings.url.includes('/live/mix_'), 'the viewer on the mixed stream')
    expect(viewer.player.settings.url).toBe(viewer.visit.room.details!.mixedPlayURL)
    expect(viewer.player.settings.mode).toBe('live')
    await until(() => viewerPlayer.callsOf('play').length === 2, 'the player told to play it')
    // The co-anchor plays the anchor itself in RTC, not the mix.
    const anchorStream = anchor.visit.room.details!.pushers.find((p) => p.userID === anchor.userID)!.accelerateURL
    await until(() => member.visit.room.details!.mixedPlayURL.includes('/live/mix_'), 'the co-anchor told of the mix')
    await new Promise((r) => setTimeout(r, 20))
    expect(member.player.settings).toMatchObject({ mode: 'RTC', url: anchorStream })
    expect(member.player.session.message).toBeNull()
    expect(memberPlayer.callsOf('play')).toHaveLength(2) // the mixed stream on entering, then the anchor in RTC

    // Nothing moved: the same stream is not played again.
    await viewer.visit.refreshAnchors()
    await new Promise((r) => setTimeout(r, 20))
    expect(viewerPlayer.callsOf('play')).toHaveLength(2)

    await member.visit.guest.quit()
    await until(() => viewer.player.settings.url === creatorURL, 'the viewer back on the creator’s stream')
    expect(viewerPlayer.callsOf('play')).toHaveLength(3)
    await until(() => member.player.settings.url === creatorURL && member.player.settings.mode === 'live', 'the ex-co-anchor on it too')
  })

  it('keeps playing when the mix is made in the creator’s own stream, even as its play URL is signed again', async () => {
    await world.close()
    world = await RoomWorld.start({ env: { PLAY_KEY: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' } })
    const { anchor, viewer, viewerPlayer, member, creatorURL } = await room()
    world.service.advance(5_000) // URLs signed from now on expire later: a different query

    await link(anchor, member)
    await until(() => world.service.mixes.length > 0, 'the mix')
    await until(() => viewer.visit.room.details!.mixedPlayURL !== creatorURL, 'the viewer told of the mix')
    expect(viewer.visit.room.details!.mixedPlayURL.split('?')[0]).toBe(creatorURL.split('?')[0])
    await new Promise((r) => setTimeout(r, 20))
    expect(viewer.player.settings.url).toBe(creatorURL)
    expect(viewerPlayer.callsOf('play')).toHaveLength(1)
  })
})

describe('useRoomVisit: one visit per page', () => {
  it('ends with its page: once the page’s scope ends, the room is left and the player stopped', async () => {
    const anchor = await world.anchor()
    const roomID = anchor.visit.room.details!.roomID
    const viewer = await world.viewer(roomID)
    viewer.close() // the page goes away (unload, back gesture)
    await until(() => !world.imServer.group(roomID)?.members.includes(viewer.userID), 'out of the chat group')
    await until(() => world.shim.lastPlayer('player').called('stop'), 'the player stopped')
    expect((await anchor.client.call('get_audiences', { roomID })).audienceCount).toBe(0)
  })

  it('keeps two pages of one app apart: leaving one room leaves the other page’s room, media and chat alone', async () => {
    const first = await world.anchor('第一间')
    const second = await world.anchor('第二间')
    const firstRoom = first.visit.room.details!.roomID
    const secondRoom = second.visit.room.details!.roomID
    const phone = world.device()
    const pageA = world.visit(phone)
    const pageB = world.visit(phone)
    expect(await pageA.watchRoom(firstRoom)).toBe(true)
    expect(await pageB.watchRoom(secondRoom)).toBe(true)
    await second.im.sendGroupText(secondRoom, '二号房间的消息', { nickName: '主播', headPic: '' })
    await until(() => pageB.chat.messages.value.length === 1, 'the message on page B')

    await pageA.leave()
    expect(pageA.room.phase).toBe('closed')
    expect(pageB.room.phase).toBe('live')
    expect(pageB.player.status.value).toBe('connecting')
    expect(pageA.player.status.value).toBe('stopped')
    expect(pageA.chat.messages.value).toEqual([])
    expect(world.imServer.group(secondRoom)?.members).toContain(phone.userID)
    expect((await second.client.call('get_audiences', { roomID: secondRoom })).audienceCount).toBe(1)
  })
})
