// What a user does on the live pages, step by step, shared by the end-to-end suites.
import { expect } from 'vitest'
import type { Client } from './clients'
import type { World } from './world'

/** The phone's call to a room-service endpoint has been answered. */
export function answered(phone: Client, endpoint: string): boolean {
  return phone.wx.records.requests.some((r) => new URL(r.url).pathname.endsWith(`/${endpoint}`) && r.statusCode !== undefined)
}

/** How many times the phone's pushers were started. */
export function startsOf(phone: Client): number {
  return phone.wx.records.pushers.reduce((n, p) => n + p.callsOf('start').length, 0)
}

/** The anchor's way in (again, after an earlier live): 新建直播间 → name → 开始直播 → the room page pushes and reports 1002. Returns the room ID. */
export async function goLive(world: World, anchor: Client, roomName: string): Promise<string> {
  const starts = startsOf(anchor)
  await anchor.open('live/create/create')
  await anchor.input('#room-name', roomName)
  await anchor.tap('#go-live')
  expect(anchor.wx.records.navigations.at(-1)).toMatchObject({
    kind: 'redirectTo',
    path: 'live/room/room',
    query: { role: 'anchor', name: roomName, audioOnly: '0' },
  })
  await anchor.followNavigation()
  expect(anchor.page.route).toBe('live/room/room')
  await anchor.waitFor(() => startsOf(anchor) === starts + 1, 'the pusher to start')
  // Nothing is listed before the push is up.
  expect(anchor.text('#entering')).toBe('正在开播…')

  anchor.run(() => anchor.wx.lastPusher().emit('statechange', { code: 1002 }))
  await anchor.waitFor(() => !anchor.exists('#entering'), 'the room to go live')
  const room = (await world.listedRooms()).find((r) => r.roomName === roomName)
  if (!room) throw new Error(`${roomName} is not listed after going live`)
  return room.roomID
}

/** The audience's way in: the room list → tap the room → the room page plays. */
export async function watch(viewer: Client, roomID: string): Promise<void> {
  await viewer.open('live/rooms/rooms')
  await viewer.waitFor(() => viewer.exists(`#room-${roomID}`), 'the room in the list')
  await viewer.tap(`#room-${roomID}`)
  await viewer.followNavigation()
  expect(viewer.page.route).toBe('live/room/room')
  await viewer.waitFor(() => viewer.wx.records.players.some((p) => p.called('play')) && !viewer.exists('#entering'), 'the player to start')
}
