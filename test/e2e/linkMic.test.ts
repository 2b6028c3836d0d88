// Co-anchoring (连麦) end to end: the anchor's phone and two audience
// phones, each a compiled mini-program with its own WeChat user, in one room on the real room service
// (SQLite on loopback) with IM carried by the in-process fake.
//
// What is checked is what each user sees (rendered text, the bound attributes of the pusher and
// players), what the room service lists and asked the mixer for, and the signalling on IM.
//
// Timers are real and the app's timing is as shipped: the one test about the 10 s request timeout
// waits for it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PusherInfo } from '@liveroom/protocol/roomService'
import { componentLabel, type MpInstance } from '../support/miniprogram'
import type { Client } from './support/clients'
import { startsOf, goLive, watch } from './support/flows'
import { streamIdOf, World } from './support/world'

let world: World

beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

const ROOM_NAME = '连麦夜谈'
const ANCHOR = '主播小王'
const VIEWER_A = '观众甲'
const VIEWER_B = '观众乙'

/** What the phones show (the app's LINKMIC_TEXT and room messages). */
const TEXT = {
  waiting: '等待回应…',
  timeout: '连麦超时',
  refused: '主播拒绝了连麦',
  kicked: '主播已结束与你的连麦',
  networkLost: '网络断开，连麦已结束',
  anchorEnded: '主播已结束直播',
}

interface Room {
  roomID: string
  anchorUser: string
  /** What the audience plays. */
  mixedPlayURL: string
  /** The anchor's own stream (the mix's output and background). */
  anchorStream: string
  /** The anchor's low-latency play URL, as the service lists it. */
  anchorAccelerateURL: string
}

/** The anchor goes live and each viewer enters the room from the list. */
async function openRoom(anchor: Client, ...viewers: Client[]): Promise<Room> {
  const roomID = await goLive(world, anchor, ROOM_NAME)
  for (const viewer of viewers) await watch(viewer, roomID)
  const listed = (await world.listedRooms()).find((r) => r.roomID === roomID)
  if (!listed) throw new Error('the room is not listed')
  const self = listed.pushers.find((p) => p.userID === listed.roomCreator)
  if (!self) throw new Error('the anchor is not listed as a pusher')
  return {
    roomID,
    anchorUser: listed.roomCreator,
    mixedPlayURL: listed.mixedPlayURL,
    anchorStream: streamIdOf(listed.mixedPlayURL),
    anchorAccelerateURL: self.accelerateURL,
  }
}

/** The pushers the room service lists for the room now, as a third user sees them. */
async function pushersOnService(roomID: string): Promise<PusherInfo[]> {
  return (await world.listedRooms()).find((r) => r.roomID === roomID)?.pushers ?? []
}

async function pusherIDsOnService(roomID: string): Promise<string[]> {
  return (await pushersOnService(roomID)).map((p) => p.userID).sort()
}

/** How many of the phone's calls to a room-service endpoint have been answered. */
function answeredCount(phone: Client, endpoint: string): number {
  return phone.wx.records.requests.filter((r) => new URL(r.url).pathname.endsWith(`/${endpoint}`) && r.statusCode !== undefined).length
}

/** The user ID the viewer's last co-anchor request carried over IM. */
function requester(viewer: Client, nickname: string): string {
  const request = [...world.c2cCommands('linkmic')].reverse().find((c) => c.data.type === 'request' && c.data.userName === nickname)
  if (!request) throw new Error(`${viewer.name} sent no co-anchor request`)
  return request.from
}

/** Co-anchor windows the phone shows (small players of other pushers). */
function windowsOf(phone: Client): string[] {
  return phone.page.findNodes('.window__name').map((n) => (n.$$ as Element | undefined)?.textContent?.trim() ?? '')
}

/** The viewer asks to co-anchor and the anchor sees the dialog (who asks, and the countdown). */
async function ask(anchor: Client, viewer: Client, nickname: string): Promise<void> {
  await viewer.tap('#linkmic-request')
  expect(viewer.text('#linkmic-waiting')).toBe(TEXT.waiting)
  await anchor.waitFor(() => anchor.exists('#linkmic-dialog'), `${nickname}'s request on the anchor`)
  // The countdown starts at the 10 s request timeout; a busy machine may take a few seconds to show it.
  expect(anchor.text('#linkmic-dialog')).toMatch(new RegExp(`^${nickname} 请求与你连麦（(10|[6-9])s） 拒绝 接受$`))
}

/**
 * The anchor accepts; the viewer's pusher starts and reports 1002; the service lists it as a pusher
 * and the anchor shows its window. Returns the viewer's user ID.
 */
async function acceptAndLink(anchor: Client, viewer: Client, nickname: string, room: Room): Promise<string> {
  const user = requester(viewer, nickname)
  const starts = startsOf(viewer)
  await anchor.tap('#linkmic-accept')
  expect(anchor.exists('#linkmic-dialog')).toBe(false)
  await viewer.waitFor(() => viewer.exists('#pusher') && startsOf(viewer) === starts + 1, 'the co-anchor pusher to start')
  // Not a pusher on the service until its push is up.
  expect(await pusherIDsOnService(room.roomID)).toEqual([room.anchorUser])
  const added = answeredCount(viewer, 'add_anchor')
  viewer.run(() => viewer.wx.lastPusher().emit('statechange', { code: 1002 }))
  await viewer.waitFor(() => answeredCount(viewer, 'add_anchor') === added + 1, 'the co-anchor to join the pushers')
  expect(await pusherIDsOnService(room.roomID)).toEqual([room.anchorUser, user].sort())
  await anchor.waitFor(() => anchor.exists(`#kick-${user}`), `${nickname}'s window on the anchor`)
  return user
}

/** Everything a viewer shows when watching the room's mixed stream, not linked. */
function expectWatchingMixed(viewer: Client, room: Room): void {
  expect(viewer.page.$('#player').attrs()).toMatchObject({ src: room.mixedPlayURL, mode: 'live', minCache: 1, maxCache: 3 })
  expect(viewer.exists('#pusher')).toBe(false)
  expect(viewer.exists('#linkmic-request')).toBe(true)
  expect(viewer.exists('#linkmic-quit')).toBe(false)
  expect(windowsOf(viewer)).toEqual([])
}

/** The last mix the service asked for: the co-anchor streams, in window order, over the anchor's. */
function expectMix(room: Room, coAnchorStreams: string[]): void {
  expect(world.service.mixes.at(-1)).toEqual({
    outputStream: room.anchorStream,
    windows:
      coAnchorStreams.length === 0
        ? []
        : [
            { streamId: room.anchorStream, layer: 1, x: 0, y: 0, width: 360, height: 640 },
            ...coAnchorStreams.map((streamId, i) => ({ streamId, layer: i + 2, x: 240, y: 400 - 180 * i, width: 120, height: 180 })),
          ],
  })
}

describe('co-anchoring between three phones', () => {
  it('links A on request, refuses B, kicks A, links B until B quits, and ends for everyone when the anchor closes', async () => {
    const anchor = world.phone('anchor', { nickname: ANCHOR })
    const a = world.phone('viewer-a', { nickname: VIEWER_A })
    const b = world.phone('viewer-b', { nickname: VIEWER_B })
    const room = await openRoom(anchor, a, b)
    expectWatchingMixed(a, room)
    expectWatchingMixed(b, room)

    // 1. A asks; the anchor sees A's nickname with the countdown and accepts.
    await ask(anchor, a, VIEWER_A)
    const userA = await acceptAndLink(anchor, a, VIEWER_A, room)

    // A plays the anchor's low-latency stream in RTC and pushes its own at 200–300 kbps in a small window.
    await a.waitFor(() => a.exists('#linkmic-quit'), 'the link on A')
    expect(a.page.$('#player').attrs()).toMatchObject({ src: room.anchorAccelerateURL, mode: 'RTC', minCache: 0.1, maxCache: 0.3 })
    expect(room.anchorAccelerateURL).toMatch(/^rtmp:\/\//)
    expect(streamIdOf(room.anchorAccelerateURL)).toBe(room.anchorStream)
    expect(a.page.$('#pusher').attrs()).toMatchObject({ mode: 'RTC', minBitrate: 200, maxBitrate: 300 })
    const pushURL = String(a.page.attr('#pusher', 'url'))
    expect(pushURL).toMatch(/^rtmp:\/\/push\.example\.com\/live\/\S+\?txSecret=[0-9a-f]{32}&txTime=[0-9A-F]+$/)
    expect(a.wx.lastPusher().methods()).toEqual(['start'])
    expect(a.text('#linkmic-quit')).toBe('结束连麦')
    expect(a.exists('#linkmic-notice')).toBe(false)
    // A's main stage is the anchor: no window of the anchor on A's phone.
    expect(windowsOf(a)).toEqual([])
    expect(a.wx.records.players.filter((p) => p.id?.startsWith('co-anchor-'))).toEqual([])

    // The service lists A's stream, and the anchor shows A in a window playing it.
    const accelerateA = (await pushersOnService(room.roomID)).find((p) => p.userID === userA)?.accelerateURL ?? ''
    const streamA = streamIdOf(accelerateA)
    expect(streamA).toBe(streamIdOf(pushURL))
    expect(streamA).not.toBe(room.anchorStream)
    expect(windowsOf(anchor)).toEqual([VIEWER_A])
    expect(anchor.text(`#kick-${userA}`)).toBe('断开')
    expect(anchor.page.attr(`#co-anchor-${userA}`, 'src')).toBe(accelerateA)
    expect(anchor.page.attr(`#co-anchor-${userA}`, 'mode')).toBe('RTC')
    expect(anchor.wx.lastPlayer(`co-anchor-${userA}`).methods()).toEqual(['play'])
    // The window's player is found through the component that renders it (WeChat needs that scope).
    expect(componentLabel(anchor.wx.lastPlayer(`co-anchor-${userA}`).component as MpInstance)).toBe('live-player-view')
    // The anchor's own push goes on untouched.
    expect(anchor.wx.lastPusher().methods()).toEqual(['start'])

    // The service mixed A in: 360×640 canvas, A's 120×180 window at the bottom right (MLVB's layout).
    await anchor.waitFor(() => world.service.mixes.length > 0, 'the mix request')
    expectMix(room, [streamA])
    expect(world.service.mixes).toHaveLength(1)

    // The signalling on IM, field by field (MLVB's linkmic commands).
    const [request, accept] = world.c2cCommands('linkmic')
    expect(request).toMatchObject({
      from: userA,
      to: room.anchorUser,
      data: { type: 'request', roomID: room.roomID, userID: userA, userName: VIEWER_A, userAvatar: '', timestamp: expect.any(Number) },
    })
    expect(accept).toMatchObject({
      from: room.anchorUser,
      to: userA,
      data: { type: 'response', result: 'accept', roomID: room.roomID, timestamp: expect.any(Number) },
    })

    // 2. B asks while A is linked; the anchor refuses. B is told and keeps watching the mixed stream.
    await ask(anchor, b, VIEWER_B)
    await anchor.tap('#linkmic-reject')
    expect(anchor.exists('#linkmic-dialog')).toBe(false)
    await b.waitFor(() => b.exists('#linkmic-notice'), 'the refusal on B')
    expect(b.text('#linkmic-notice')).toContain(TEXT.refused)
    expectWatchingMixed(b, room)
    expect(b.wx.lastPlayer('player').methods()).toEqual(['play'])
    expect(b.wx.records.pushers.flatMap((p) => p.methods())).not.toContain('start')
    const userB = requester(b, VIEWER_B)
    expect(world.c2cCommands('linkmic').at(-1)).toMatchObject({
      from: room.anchorUser,
      to: userB,
      data: { type: 'response', result: 'reject', roomID: room.roomID },
    })
    // A is unaffected, and B is not a pusher.
    expect(a.exists('#linkmic-quit')).toBe(true)
    expect(await pusherIDsOnService(room.roomID)).toEqual([room.anchorUser, userA].sort())

    // 3. The anchor kicks A: A goes back to the mixed stream, off the service's pushers and out of the mix.
    await anchor.tap(`#kick-${userA}`)
    await a.waitFor(() => a.exists('#linkmic-notice'), 'the kick on A')
    expect(a.text('#linkmic-notice')).toBe(TEXT.kicked)
    await a.waitFor(() => a.page.attr('#player', 'src') === room.mixedPlayURL, 'the mixed stream on A')
    expectWatchingMixed(a, room)
    expect(a.wx.lastPusher().methods()).toEqual(['start', 'stop'])
    expect(world.c2cCommands('linkmic').at(-1)).toMatchObject({ from: room.anchorUser, to: userA, data: { type: 'kickout', roomID: room.roomID } })
    expect(await pusherIDsOnService(room.roomID)).toEqual([room.anchorUser])
    await anchor.waitFor(() => !anchor.exists(`#kick-${userA}`), "A's window to go on the anchor")
    expect(windowsOf(anchor)).toEqual([])
    await anchor.waitFor(() => world.service.mixes.length === 2, 'the mix to be updated')
    expectMix(room, [])

    // 4. B asks again and is accepted, then ends the link itself.
    await ask(anchor, b, VIEWER_B)
    expect(b.exists('#linkmic-notice')).toBe(false)
    expect(await acceptAndLink(anchor, b, VIEWER_B, room)).toBe(userB)
    await b.waitFor(() => b.exists('#linkmic-quit'), 'the link on B')
    expect(b.page.$('#player').attrs()).toMatchObject({ src: room.anchorAccelerateURL, mode: 'RTC', minCache: 0.1, maxCache: 0.3 })
    const accelerateB = (await pushersOnService(room.roomID)).find((p) => p.userID === userB)?.accelerateURL ?? ''
    expect(streamIdOf(String(b.page.attr('#pusher', 'url')))).toBe(streamIdOf(accelerateB))
    expect(windowsOf(anchor)).toEqual([VIEWER_B])
    expect(anchor.page.attr(`#co-anchor-${userB}`, 'src')).toBe(accelerateB)
    await anchor.waitFor(() => world.service.mixes.length === 3, "the mix with B's window")
    expectMix(room, [streamIdOf(accelerateB)])
    // A, back in the audience, is not shown B's window.
    expect(windowsOf(a)).toEqual([])

    await b.tap('#linkmic-quit')
    await b.waitFor(() => b.page.attr('#player', 'src') === room.mixedPlayURL, 'the mixed stream on B')
    expectWatchingMixed(b, room)
    // B chose to end it: nothing to explain.
    expect(b.exists('#linkmic-notice')).toBe(false)
    expect(b.wx.lastPusher().methods()).toEqual(['start', 'stop'])
    expect(await pusherIDsOnService(room.roomID)).toEqual([room.anchorUser])
    await anchor.waitFor(() => !anchor.exists(`#kick-${userB}`), "B's window to go on the anchor")
    expect(windowsOf(anchor)).toEqual([])
    await anchor.waitFor(() => world.service.mixes.length === 4, 'the mix to be cancelled')
    expectMix(room, [])

    // 5. The anchor ends the live: both audience phones are told the room closed.
    await anchor.tap('#close')
    expect(anchor.wx.records.modals.at(-1)).toMatchObject({ title: '结束直播' })
    await anchor.waitFor(() => anchor.exists('#room-notice'), 'the live ended at the anchor')
    expect(anchor.wx.lastPusher().methods()).toEqual(['start', 'stop'])
    for (const viewer of [a, b]) {
      await viewer.waitFor(() => viewer.exists('#room-notice'), 'the end of the live')
      expect(viewer.text('#room-notice')).toContain(TEXT.anchorEnded)
      expect(viewer.wx.lastPlayer('player').called('stop')).toBe(true)
      expect(viewer.exists('#linkmic-request')).toBe(false)
    }
    expect(await world.listedRooms()).toEqual([])
  })

  it('gives a linked co-anchor its own controls in its window: camera, microphone, beauty and ending the link', async () => {
    const anchor = world.phone('anchor', { nickname: ANCHOR })
    const a = world.phone('viewer-a', { nickname: VIEWER_A })
    const room = await openRoom(anchor, a)
    expect(a.exists('#co-anchor-controls')).toBe(false)
    await ask(anchor, a, VIEWER_A)
    const userA = await acceptAndLink(anchor, a, VIEWER_A, room)
    await a.waitFor(() => a.exists('#co-anchor-controls'), 'the controls in A’s window')
    expect(anchor.exists('#co-anchor-controls')).toBe(false)

    await a.tap('#co-switch-camera')
    await a.waitFor(() => a.wx.lastPusher().called('switchCamera'), 'the camera switched')
    await a.tap('#co-mute')
    expect(a.page.attr('#pusher', 'muted')).toBe(true)
    expect(a.text('#co-mute')).toBe('开麦')
    await a.tap('#co-mute')
    expect(a.page.attr('#pusher', 'muted')).toBe(false)
    // 美颜 opens the beauty panel for A's own pusher.
    expect(a.exists('#beauty-panel')).toBe(false)
    await a.tap('#co-beauty')
    expect(a.exists('#beauty-panel')).toBe(true)
    const beauty = Number(a.page.attr('#pusher', 'beauty'))
    await a.tap(beauty < 9 ? '#beauty-up' : '#beauty-down')
    const changed = beauty < 9 ? beauty + 1 : beauty - 1
    expect(a.page.attr('#pusher', 'beauty')).toBe(changed)
    expect(a.text('#beauty-panel')).toContain(`美颜 ${changed}`)

    await a.tap('#co-quit')
    await a.waitFor(() => a.page.attr('#player', 'src') === room.mixedPlayURL, 'the mixed stream on A')
    expectWatchingMixed(a, room)
    expect(a.exists('#co-anchor-controls')).toBe(false)
    // The panel went with the link.
    expect(a.exists('#beauty-panel')).toBe(false)
    expect(a.exists('#linkmic-notice')).toBe(false)
    await anchor.waitFor(() => !anchor.exists(`#kick-${userA}`), "A's window to go on the anchor")
  })
})

describe('the anchor muting a co-anchor', () => {
  it('mutes its window on the anchor, leaves its audio out of the mix and tells it, until the anchor unmutes it', async () => {
    const anchor = world.phone('anchor', { nickname: ANCHOR })
    const a = world.phone('viewer-a', { nickname: VIEWER_A })
    const room = await openRoom(anchor, a)
    await ask(anchor, a, VIEWER_A)
    const userA = await acceptAndLink(anchor, a, VIEWER_A, room)
    await anchor.waitFor(() => world.service.mixes.length === 1, 'the mix')
    const streamA = world.service.mixes[0].windows[1].streamId
    const mixedA = () => world.service.mixes.at(-1)?.windows.find((w) => w.streamId === streamA)
    expect(anchor.text(`#mute-${userA}`)).toBe('静音')
    expect(anchor.page.attr(`#co-anchor-${userA}`, 'muted')).toBe(false)

    await anchor.tap(`#mute-${userA}`)
    await anchor.waitFor(() => anchor.text(`#mute-${userA}`) === '取消静音', 'the mute on the anchor')
    expect(anchor.page.attr(`#co-anchor-${userA}`, 'muted')).toBe(true)
    expect(world.service.mixes).toHaveLength(2)
    expect(mixedA()).toMatchObject({ audioMuted: true, width: 120, height: 180 })
    await a.waitFor(() => a.exists('#co-muted-by-anchor'), 'the co-anchor told')
    expect(a.text('#co-muted-by-anchor')).toBe('主播已将你静音')
    expect(a.text('#co-mute')).toBe('静音') // its own microphone is its own business: still on
    expect(a.wx.lastPusher().called('stop')).toBe(false)

    await anchor.tap(`#mute-${userA}`)
    await anchor.waitFor(() => anchor.text(`#mute-${userA}`) === '静音', 'the mute lifted on the anchor')
    expect(anchor.page.attr(`#co-anchor-${userA}`, 'muted')).toBe(false)
    expect(mixedA()).toMatchObject({ audioMuted: false })
    await a.waitFor(() => !a.exists('#co-muted-by-anchor'), 'the co-anchor heard again')
  })
})

describe('co-anchoring when things go wrong', () => {
  it('tells a refused asker once that the anchor refused, not the refusal twice over', async () => {
    const anchor = world.phone('anchor', { nickname: ANCHOR })
    const a = world.phone('viewer-a', { nickname: VIEWER_A })
    const room = await openRoom(anchor, a)
    await ask(anchor, a, VIEWER_A)
    await anchor.tap('#linkmic-reject')
    await a.waitFor(() => a.exists('#linkmic-notice'), 'the refusal on A')

    const refusal = a.text('#linkmic-notice')
    expect(refusal.startsWith(TEXT.refused)).toBe(true)
    expect(refusal.split(TEXT.refused)).toHaveLength(2)
    expectWatchingMixed(a, room)
  })

  it('times a request out after 10 s: 连麦超时 on the asker, the countdown runs down and the dialog goes on the anchor', async () => {
    const anchor = world.phone('anchor', { nickname: ANCHOR })
    const a = world.phone('viewer-a', { nickname: VIEWER_A })
    const room = await openRoom(anchor, a)

    await ask(anchor, a, VIEWER_A)
    // The countdown the anchor sees runs down while nobody answers.
    await anchor.waitFor(() => /（[1-5]s）/.test(anchor.exists('#linkmic-dialog') ? anchor.text('#linkmic-dialog') : ''), 'the countdown to run down', 9000)
    expect(a.text('#linkmic-waiting')).toBe(TEXT.waiting)

    await a.waitFor(() => a.exists('#linkmic-notice'), 'the timeout on the asker', 8000)
    expect(a.text('#linkmic-notice')).toBe(TEXT.timeout)
    await anchor.waitFor(() => !anchor.exists('#linkmic-dialog'), "the dialog to go on the anchor", 2000)
    // The anchor's phone, having had no answer from its user, declines on IM; the asker still shows the timeout.
    await a.waitFor(() => world.c2cCommands('linkmic').some((c) => c.data.type === 'response'), 'the decline from the anchor', 2000)
    await a.flush()
    expect(world.c2cCommands('linkmic').at(-1)).toMatchObject({ from: room.anchorUser, to: requester(a, VIEWER_A), data: { type: 'response', result: 'reject' } })
    expect(a.text('#linkmic-notice')).toBe(TEXT.timeout)
    expectWatchingMixed(a, room)
    expect(a.wx.records.pushers.flatMap((p) => p.methods())).not.toContain('start')
    expect(await pusherIDsOnService(room.roomID)).toEqual([room.anchorUser])
    expect(world.service.mixes).toEqual([])
  }, 20_000)

  it('ends the link on the co-anchor when its push is lost (-1307): message, back on the mixed stream, window gone on the anchor; it can ask again', async () => {
    const anchor = world.phone('anchor', { nickname: ANCHOR })
    const a = world.phone('viewer-a', { nickname: VIEWER_A })
    const room = await openRoom(anchor, a)
    await ask(anchor, a, VIEWER_A)
    const userA = await acceptAndLink(anchor, a, VIEWER_A, room)
    await anchor.waitFor(() => world.service.mixes.length === 1, 'the mix with A')
    const streamA = world.service.mixes[0].windows[1].streamId

    a.run(() => a.wx.lastPusher().emit('statechange', { code: -1307 }))
    await a.waitFor(() => a.exists('#linkmic-notice'), 'the network loss on A')
    expect(a.text('#linkmic-notice')).toBe(TEXT.networkLost)
    await a.waitFor(() => a.page.attr('#player', 'src') === room.mixedPlayURL, 'the mixed stream on A')
    expectWatchingMixed(a, room)
    expect(a.wx.lastPusher().called('stop')).toBe(true)
    // No restart of a co-anchor's push: the link is over.
    expect(startsOf(a)).toBe(1)

    await anchor.waitFor(() => !anchor.exists(`#kick-${userA}`), "A's window to go on the anchor")
    expect(windowsOf(anchor)).toEqual([])
    expect(await pusherIDsOnService(room.roomID)).toEqual([room.anchorUser])
    await anchor.waitFor(() => world.service.mixes.length === 2, 'the mix to be cancelled')
    expectMix(room, [])
    // The room goes on for everyone.
    expect(anchor.exists('#room-notice')).toBe(false)
    expect(a.exists('#room-notice')).toBe(false)

    // A co-anchor that dropped asks again, and is linked again.
    await ask(anchor, a, VIEWER_A)
    expect(await acceptAndLink(anchor, a, VIEWER_A, room)).toBe(userA)
    await anchor.waitFor(() => world.service.mixes.length === 3, 'the mix with A again')
    expectMix(room, [streamA])
  })

  it('closes the room on a linked co-anchor when the anchor ends the live, and stops its push', async () => {
    const anchor = world.phone('anchor', { nickname: ANCHOR })
    const a = world.phone('viewer-a', { nickname: VIEWER_A })
    const room = await openRoom(anchor, a)
    await ask(anchor, a, VIEWER_A)
    await acceptAndLink(anchor, a, VIEWER_A, room)
    await a.waitFor(() => a.exists('#linkmic-quit'), 'the link on A')

    await anchor.tap('#close')
    await anchor.waitFor(() => anchor.exists('#room-notice'), 'the live ended at the anchor')

    await a.waitFor(() => a.exists('#room-notice'), 'the end of the live on the co-anchor')
    expect(a.text('#room-notice')).toContain(TEXT.anchorEnded)
    expect(a.wx.lastPusher().methods()).toEqual(['start', 'stop'])
    expect(a.wx.lastPlayer('player').called('stop')).toBe(true)
    expect(a.exists('#pusher')).toBe(false)
    expect(a.exists('#linkmic-quit')).toBe(false)
    expect(await world.listedRooms()).toEqual([])
  })
})
