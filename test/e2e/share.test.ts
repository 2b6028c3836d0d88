// Share cards for the live room: the card a page offers, and what opening a card for a room that is
// over shows (the message and a way to the room list), on compiled phones against the real service.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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

describe('sharing a live room', () => {
  it("offers the room's name and a viewer's path to it, from anchor and viewer alike", async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    const roomID = await goLive(world, anchor, ROOM_NAME)
    const card = { title: ROOM_NAME, path: `live/room/room?roomID=${encodeURIComponent(roomID)}` }
    expect(shareCard(anchor)).toEqual(card)
    await watch(viewer, roomID)
    expect(shareCard(viewer)).toEqual(card)
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
