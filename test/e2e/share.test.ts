// Share cards for the live room: the card a page offers, and what opening a card for a room that is
// over shows (the message and a way to the room list), on compiled phones against the real service.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WAITING_IMAGE_PATH } from '@liveroom/protocol/roomService'
import { SNAPSHOT_JPEG } from '../support/wxShim'
import type { Client } from './support/clients'
import { answered, goLive, watch } from './support/flows'
import { World } from './support/world'

let world: World

beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

const ROOM_NAME = '周五晚课'

/** What the room page answers when the user taps 转发. */
function shareCard(phone: Client): unknown {
  const hook = phone.page.instance.onShareAppMessage
  if (typeof hook !== 'function') throw new Error('the room page has no onShareAppMessage')
  return phone.run(() => (hook as (o: unknown) => unknown).call(phone.page.instance, { from: 'menu' }))
}

/** Opens a card's path (`live/room/room?roomID=..`) as WeChat does, then waits for the notice. */
async function openCard(phone: Client, path: string): Promise<void> {
  const [route, query] = path.split('?')
  await phone.open(route, Object.fromEntries(new URLSearchParams(query)))
  await phone.waitFor(() => phone.exists('#room-notice'), 'the notice on the card’s room')
}

/** The thumbnails the phone's room list shows, as paths on the service. */
function listThumbnails(phone: Client): string[] {
  const list = phone.mp.pageStack.find((p) => p.route === 'live/rooms/rooms')
  if (!list) throw new Error(`${phone.name} has no room list open`)
  return list.$$('.room__cover').map((image) => new URL(String(image.attr('src'))).pathname)
}

/** The card's picture, as a path on the service when it is one. */
function cardImage(phone: Client): string {
  const { imageUrl } = shareCard(phone) as { imageUrl?: string }
  if (!imageUrl) throw new Error(`${phone.name}'s card has no picture`)
  return imageUrl.startsWith('http') ? new URL(imageUrl).pathname : imageUrl
}

describe('sharing a live room', () => {
  it("offers the room's name and a viewer's path to it, from anchor and viewer alike (the default picture without a snapshot)", async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王', wx: { contextFailures: { 'pusher.snapshot': 'snapshot:fail' } } })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    const roomID = await goLive(world, anchor, ROOM_NAME)
    const card = { title: ROOM_NAME, path: `live/room/room?roomID=${encodeURIComponent(roomID)}` }
    expect(shareCard(anchor)).toMatchObject(card)
    expect(cardImage(anchor)).toBe(WAITING_IMAGE_PATH)
    await watch(viewer, roomID)
    expect(shareCard(viewer)).toMatchObject(card)
    expect(cardImage(viewer)).toBe(WAITING_IMAGE_PATH)
    expect(listThumbnails(viewer)).toEqual([])
  })

  it("shows the anchor's snapshot: its own file on the anchor's card, the service's cover on a viewer's, serving that JPEG", async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    const roomID = await goLive(world, anchor, ROOM_NAME)
    // The first snapshot comes a few seconds after going live.
    await anchor.waitFor(() => answered(anchor, 'cover'), 'the cover upload', 10_000)
    const snapshots = anchor.wx.records.pushers.flatMap((p) => p.callsOf('snapshot'))
    expect(snapshots).toHaveLength(1)
    expect(cardImage(anchor)).toMatch(/^wxfile:\/\/tmp\/snapshot-\d+\.jpg$/)
    // Past the second the service serves a room list page again without asking its store.
    world.service.advance(2000)

    await watch(viewer, roomID)
    const cover = cardImage(viewer)
    expect(cover).toMatch(new RegExp(`^/covers/${roomID}\\.[0-9a-f]{32}\\.jpg$`))
    const served = await fetch(world.serviceUrl + cover)
    expect(served.headers.get('content-type')).toBe('image/jpeg')
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(SNAPSHOT_JPEG)
    expect((await world.listedRooms()).find((r) => r.roomID === roomID)?.coverURL).toBe(cover)
    // The viewer's room list showed it as the room's thumbnail.
    expect(listThumbnails(viewer)).toEqual([cover])

    // The room's end takes its cover along.
    await anchor.tap('#close')
    await anchor.waitFor(() => answered(anchor, 'destroy_room'), 'the room to end')
    expect((await fetch(world.serviceUrl + cover)).status).toBe(404)
  })

  it('says a shared room that has ended is over and offers the room list', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const roomID = await goLive(world, anchor, ROOM_NAME)
    const { path } = shareCard(anchor) as { path: string }
    await anchor.tap('#close')
    await anchor.waitFor(() => answered(anchor, 'destroy_room'), 'the room to end')
    expect(await world.listedRooms()).toEqual([])

    const friend = world.phone('friend', { nickname: '朋友' })
    await openCard(friend, path)
    expect(friend.text('#room-notice')).toContain('这场直播已结束')
    expect(friend.wx.records.players.some((p) => p.called('play'))).toBe(false)
    expect(friend.text('#other-lives')).toBe('看看其他直播')
    await friend.tap('#other-lives')
    expect(friend.wx.records.navigations.at(-1)).toMatchObject({ kind: 'redirectTo', path: 'live/rooms/rooms' })
    await friend.followNavigation()
    expect(friend.page.route).toBe('live/rooms/rooms')
    await friend.waitFor(() => friend.exists('#rooms-empty'), 'the empty list')
    expect(friend.exists(`#room-${roomID}`)).toBe(false)
  })

  it('says so for a room that never existed', async () => {
    const friend = world.phone('friend', { nickname: '朋友' })
    await openCard(friend, 'live/room/room?roomID=no_such_room')
    expect(friend.text('#room-notice')).toContain('这场直播已结束')
    expect(friend.exists('#other-lives')).toBe(true)
  })
})
