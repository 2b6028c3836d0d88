// The app in the background, on compiled phones against the real room service: the anchor's
// viewers see 主播暂时离开 while its app is away (its pusher pushing the waiting image) and the room
// outlives the heartbeat timeout up to the away limit, then ends saying why; a viewer's own player
// stops while its app is away and plays again on return.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { WAITING_IMAGE_PATH } from '@liveroom/protocol/roomService'
import { answered, goLive, startsOf, watch } from './support/flows'
import { World } from './support/world'
import type { Client } from './support/clients'

let world: World
beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

/** The bodies of the phone's calls to a room-service endpoint, in order. */
const sent = (phone: Client, endpoint: string) =>
  phone.wx.records.requests.filter((r) => new URL(r.url).pathname.endsWith(`/${endpoint}`)).map((r) => r.data as Record<string, unknown>)
const playsOf = (phone: Client) => phone.wx.lastPlayer('player').callsOf('play').length

describe('the anchor in the background', () => {
  it('shows the audience 主播暂时离开 while away, with the waiting image pushed, and resumes on return', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    const roomID = await goLive(world, anchor, '周五晚课')
    await watch(viewer, roomID)
    // The default waiting image is the room service's own, and it serves it.
    const waitingImage = String(anchor.page.attr('#pusher', 'waiting-image'))
    expect(waitingImage.endsWith(WAITING_IMAGE_PATH)).toBe(true)
    const image = await fetch(world.serviceUrl + WAITING_IMAGE_PATH)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(viewer.exists('#anchor-away')).toBe(false)

    await anchor.run(() => anchor.mp.appHide())
    await viewer.waitFor(() => viewer.exists('#anchor-away'), 'the away notice at the audience')
    expect(viewer.text('#anchor-away')).toBe('主播暂时离开')
    expect(sent(anchor, 'set_anchor_away')).toEqual([{ roomID, away: true }])
    const beatsWhileAway = sent(anchor, 'anchor_heartbeat').length
    // Well past the heartbeat timeout, the room is still there.
    world.service.advance(60_000)
    await world.service.sweep()
    expect((await world.listedRooms()).map((r) => r.roomID)).toEqual([roomID])
    expect(sent(anchor, 'anchor_heartbeat')).toHaveLength(beatsWhileAway)

    await anchor.run(() => anchor.mp.appShow())
    await viewer.waitFor(() => !viewer.exists('#anchor-away'), 'the notice gone at the audience')
    expect(sent(anchor, 'set_anchor_away').at(-1)).toEqual({ roomID, away: false })
    // The push went on in the background (the waiting image): not stopped, not started again; beats resume.
    expect(anchor.wx.lastPusher().called('stop')).toBe(false)
    expect(startsOf(anchor)).toBe(1)
    await anchor.waitFor(() => sent(anchor, 'anchor_heartbeat').length > beatsWhileAway, 'a heartbeat after the return')
    expect(anchor.exists('#room-notice')).toBe(false)
    expect(viewer.exists('#room-notice')).toBe(false)
  })

  it('ends the room past the away limit, saying why to the audience and to the anchor on return', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    const roomID = await goLive(world, anchor, '周五晚课')
    await anchor.run(() => anchor.mp.appHide())
    await anchor.waitFor(() => answered(anchor, 'set_anchor_away'), 'the away call')

    // Entering meanwhile, the viewer learns it from the room's details.
    await watch(viewer, roomID)
    expect(viewer.text('#anchor-away')).toBe('主播暂时离开')

    world.service.advance(181_000) // ANCHOR_AWAY_LIMIT_S = 180 by default
    await world.service.sweep()
    expect(await world.listedRooms()).toEqual([])
    // The audience checks the room every 10 s; the summary then says how it ended.
    await viewer.waitFor(() => viewer.exists('#room-notice'), 'the end at the audience', 15_000)
    await viewer.waitFor(() => viewer.text('#room-notice').includes('主播离开太久，直播已结束'), 'the reason at the audience')
    expect(viewer.exists('#anchor-away')).toBe(false)
    expect(viewer.wx.lastPlayer('player').called('stop')).toBe(true)

    await anchor.run(() => anchor.mp.appShow())
    await anchor.waitFor(() => anchor.exists('#room-notice'), 'the end at the anchor')
    expect(anchor.text('#room-notice')).toContain('主播离开太久，直播已结束')
  })
})

describe('a viewer in the background', () => {
  it('stops its player while away and plays again on return, the room going on meanwhile', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众小李' })
    const roomID = await goLive(world, anchor, '周五晚课')
    await watch(viewer, roomID)
    const plays = playsOf(viewer)

    await viewer.run(() => viewer.mp.appHide())
    expect(viewer.wx.lastPlayer('player').called('stop')).toBe(true)
    expect(sent(viewer, 'set_anchor_away')).toEqual([])

    await viewer.run(() => viewer.mp.appShow())
    await viewer.waitFor(() => playsOf(viewer) === plays + 1, 'the player to play again')
    expect(viewer.exists('#room-notice')).toBe(false)
    expect(viewer.exists('#anchor-away')).toBe(false)
  })
})
