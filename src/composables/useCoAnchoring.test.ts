// Co-anchoring between phones' visits over the real room service and the IM fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { ERROR_TEXT, ErrorCode } from '@liveroom/protocol/errors'
import { encodeC2CCommand } from '@liveroom/protocol/im'
import { TIM_TYPES } from '@/adapters/im/sdkTypes'
import { uniLifecycleMock } from '../../test/support/uniLifecycle'
import { RoomWorld, until, type Phone } from '../../test/support/roomWorld'
import { useProfileStore } from '@/stores/profile'
import { LINKMIC_TEXT } from './linkMicText'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let world: RoomWorld
beforeEach(async () => {
  world = await RoomWorld.start()
})
afterEach(async () => {
  await world.close()
})

// Long enough that a busy machine delivers a request inside it; short enough that expiry tests stay quick.
const TIMEOUT = 1000

/** Co-anchoring with a short request timeout. */
const SETUP = { timing: { pushStartTimeoutMs: 1000 }, linkMic: { timeoutMs: TIMEOUT } }

async function setUp(viewers = 1) {
  const anchor = await world.anchor('周五晚课', SETUP)
  const roomID = anchor.visit.room.details!.roomID
  const audience = []
  for (let i = 0; i < viewers; i++) audience.push(await world.viewer(roomID, SETUP))
  return { anchor, roomID, audience }
}

/** The audience member asks, the anchor accepts, its push connects: linked. */
async function link(anchor: Phone, member: Phone) {
  await member.visit.guest.request()
  await until(() => anchor.visit.host.incoming.value?.request.userID === member.userID, 'request on the anchor')
  await anchor.visit.host.answer(true)
  await world.pushConnects(member)
  await until(() => member.visit.guest.phase.value === 'linked', 'linked')
  await until(() => anchor.visit.windows.value.some((w) => w.userID === member.userID), 'window on the anchor')
}

/** The member asks, the anchor accepts, and the member's link setup waits on its anchor lookup (held). */
async function connectingWithLookupHeld(anchor: Phone, member: Phone) {
  await member.visit.guest.request()
  await until(() => anchor.visit.host.incoming.value !== null, 'request on the anchor')
  const lookingUp = world.service.hold('get_anchors')
  await anchor.visit.host.answer(true)
  await until(() => member.visit.guest.phase.value === 'connecting', 'connecting')
  await lookingUp.reached
  return lookingUp
}

describe('co-anchoring (useCoAnchoring: useLinkMicHost and useLinkMicGuest)', () => {
  it('the anchor mutes a co-anchor in the mix: the mix is redone without its audio, its window is muted, and it is told', async () => {
    const { anchor, audience } = await setUp()
    const member = audience[0]
    await link(anchor, member)
    await until(() => world.service.mixes.length > 0, 'the first mix')
    const stream = world.service.mixes.at(-1)!.windows[1].streamId
    expect(member.visit.guest.mutedByAnchor.value).toBe(false)

    await anchor.visit.host.setMuted(member.userID, true)
    expect(world.service.mixes.at(-1)!.windows.find((w) => w.streamId === stream)).toMatchObject({ audioMuted: true })
    expect(anchor.visit.windows.value.find((w) => w.userID === member.userID)?.audioMuted).toBe(true)
    await until(() => member.visit.guest.mutedByAnchor.value, 'the co-anchor told')

    await anchor.visit.host.setMuted(member.userID, false)
    expect(world.service.mixes.at(-1)!.windows.find((w) => w.streamId === stream)).toMatchObject({ audioMuted: false })
    await until(() => !member.visit.guest.mutedByAnchor.value, 'the co-anchor heard again')
  })

  it('only the anchor mutes, and a failed mute says why', async () => {
    const { anchor, audience } = await setUp(2)
    await link(anchor, audience[0])
    await audience[1].visit.host.setMuted(audience[0].userID, true)
    expect(anchor.visit.windows.value[0].audioMuted).toBe(false)
    await anchor.visit.host.setMuted(audience[1].userID, true) // not a pusher
    expect(anchor.visit.host.notice.value).toBe(ERROR_TEXT[ErrorCode.PUSHER_NOT_FOUND].zh)
  })

  it('sends the request with MLVB’s fields (room, user, name, avatar) and a server-synchronised timestamp', async () => {
    const { anchor, roomID, audience } = await setUp()
    const seen: unknown[] = []
    anchor.im.on('c2cCommand', (e) => seen.push(e.command))
    const before = audience[0].client.serverNow()
    audience[0].run(() => useProfileStore().set({ userId: audience[0].userID, nickname: '用户2', avatar: '/avatars/guest.png' }))
    await audience[0].visit.guest.request()
    await until(() => seen.length === 1, 'request delivered')
    const userAvatar = audience[0].client.imageUrl('/avatars/guest.png')
    expect(seen[0]).toMatchObject({ cmd: 'linkmic', data: { type: 'request', roomID, userID: audience[0].userID, userName: '用户2', userAvatar } })
    const { timestamp } = (seen[0] as { data: { timestamp: number } }).data
    expect(timestamp).toBeGreaterThanOrEqual(before)
    expect(anchor.visit.host.incoming.value?.request).toMatchObject({ userName: '用户2', userAvatar })
  })

  it('on accept: plays the anchor in RTC, pushes at 200–300 kbps, joins the pushers, and the anchor mixes it', async () => {
    const { anchor, roomID, audience } = await setUp()
    const member = audience[0]
    member.run(() => useProfileStore().set({ userId: member.userID, nickname: '用户2', avatar: '/avatars/member.png' }))
    await link(anchor, member)

    const anchorPusher = anchor.visit.room.details!.pushers.find((p) => p.userID === anchor.userID)!
    expect(member.player.settings).toMatchObject({ mode: 'RTC', minCache: 0.1, maxCache: 0.3, url: anchorPusher.accelerateURL })
    expect(member.pusher.settings).toMatchObject({ mode: 'RTC', minBitrate: 200, maxBitrate: 300 })
    const { pushers } = await anchor.client.call('get_anchors', { roomID })
    expect(pushers.map((p) => p.userID).sort()).toEqual([anchor.userID, member.userID].sort())
    // The co-anchor joins under its name and avatar, which its window shows.
    expect(anchor.visit.windows.value.map((w) => [w.userID, w.userName, w.userAvatar])).toEqual([[member.userID, '用户2', member.client.imageUrl('/avatars/member.png')]])

    await until(() => world.service.mixes.length > 0, 'mix request')
    const mix = world.service.mixes.at(-1)!
    expect(mix.windows).toHaveLength(2)
    expect(mix.windows[1]).toMatchObject({ layer: 2, x: 240, y: 400, width: 120, height: 180 })
  })

  it('admits the co-anchor on the service before accepting; an uninvited add_anchor is refused', async () => {
    const { anchor, roomID, audience } = await setUp(2)
    const [member, stranger] = audience
    await expect(stranger.client.call('add_anchor', { roomID })).rejects.toMatchObject({ userMessage: '主播尚未同意你连麦' })
    await link(anchor, member)
    const { pushers } = await anchor.client.call('get_anchors', { roomID })
    expect(pushers.map((p) => p.userID).sort()).toEqual([anchor.userID, member.userID].sort())
  })

  it('when the admission fails, the anchor is told and the asker gets a refusal with the reason', async () => {
    const { anchor, audience } = await setUp()
    await audience[0].visit.guest.request()
    await until(() => anchor.visit.host.incoming.value !== null, 'request on the anchor')
    world.service.setReachable(false)
    await anchor.visit.host.answer(true)
    world.service.setReachable(true)
    expect(anchor.visit.host.notice.value).toBe(`${LINKMIC_TEXT.admitFailed}：无法连接房间服务，请检查网络或服务地址`)
    await until(() => audience[0].visit.guest.phase.value === 'idle', 'answer')
    expect(audience[0].visit.guest.notice.value).toBe(`${LINKMIC_TEXT.refused}：${LINKMIC_TEXT.admitFailed}`)
    expect(world.shim.records.pushers.filter((p) => p.called('start'))).toHaveLength(1) // the anchor's own only
  })

  it('on reject: the asker is told and keeps watching the mixed stream', async () => {
    const { anchor, audience } = await setUp()
    await audience[0].visit.guest.request()
    await until(() => anchor.visit.host.incoming.value !== null, 'request on the anchor')
    anchor.visit.host.answer(false)
    await until(() => audience[0].visit.guest.phase.value === 'idle', 'answer')
    expect(audience[0].visit.guest.notice.value).toBe(LINKMIC_TEXT.refused)
    expect(audience[0].player.settings.mode).toBe('live')
  })

  it('shows 连麦超时 when the anchor does not answer in time, and the anchor’s dialog closes', async () => {
    const { anchor, audience } = await setUp()
    await audience[0].visit.guest.request()
    await until(() => anchor.visit.host.incoming.value !== null, 'request on the anchor')
    await until(() => audience[0].visit.guest.notice.value !== null, 'timeout', 2000)
    expect(audience[0].visit.guest.notice.value).toBe(LINKMIC_TEXT.timeout)
    await until(() => anchor.visit.host.incoming.value === null, 'dialog closed')
    expect(anchor.visit.host.notice.value).toBe(LINKMIC_TEXT.timeout)
  })

  it('ignores a stale request (older than the timeout)', async () => {
    const { anchor, roomID, audience } = await setUp()
    const stale = encodeC2CCommand({
      cmd: 'linkmic',
      data: { type: 'request', roomID, userID: audience[0].userID, userName: 'x', userAvatar: '', timestamp: anchor.client.serverNow() - TIMEOUT * 3 },
    })
    world.imServer.injectC2CMessage({ to: anchor.userID, from: audience[0].userID, elements: [{ type: TIM_TYPES.MSG_CUSTOM, content: { data: stale, description: '', extension: '' } }] })
    await new Promise((r) => setTimeout(r, 50))
    expect(anchor.visit.host.incoming.value).toBeNull()
  })

  it('rejects a 4th co-anchor automatically with a reason', async () => {
    const { anchor, audience } = await setUp(4)
    for (const member of audience.slice(0, 3)) await link(anchor, member)
    await audience[3].visit.guest.request()
    await until(() => audience[3].visit.guest.phase.value === 'idle', 'automatic answer')
    expect(audience[3].visit.guest.notice.value).toBe(`${LINKMIC_TEXT.refused}：${LINKMIC_TEXT.full}`)
    expect(anchor.visit.host.incoming.value).toBeNull()
  })

  it('kick: the co-anchor goes back to the mixed stream, leaves the pushers and the mix shrinks', async () => {
    const { anchor, roomID, audience } = await setUp()
    const member = audience[0]
    await link(anchor, member)
    await anchor.visit.host.kick(member.userID)
    await until(() => member.visit.guest.phase.value === 'idle', 'kicked')
    expect(member.visit.guest.notice.value).toBe(LINKMIC_TEXT.kicked)
    expect(member.player.settings).toMatchObject({ mode: 'live', url: member.visit.room.details!.mixedPlayURL })
    const { pushers } = await anchor.client.call('get_anchors', { roomID })
    expect(pushers.map((p) => p.userID)).toEqual([anchor.userID])
    await until(() => anchor.visit.windows.value.length === 0, 'window removed')
    await until(() => world.service.mixes.at(-1)?.windows.length !== 2, 'mix updated')
  })

  it('quit: the co-anchor removes itself and the anchor’s window goes', async () => {
    const { anchor, roomID, audience } = await setUp()
    const member = audience[0]
    await link(anchor, member)
    await member.visit.guest.quit()
    expect(member.visit.guest.phase.value).toBe('idle')
    expect(member.visit.guest.notice.value).toBeNull()
    const { pushers } = await anchor.client.call('get_anchors', { roomID })
    expect(pushers.map((p) => p.userID)).toEqual([anchor.userID])
    await until(() => anchor.visit.windows.value.length === 0, 'window removed')
  })

  it('quit while connecting: back on the mixed stream, no push, not a pusher', async () => {
    const { anchor, roomID, audience } = await setUp()
    const member = audience[0]
    const lookingUp = await connectingWithLookupHeld(anchor, member)
    await member.visit.guest.quit()
    lookingUp.release()
    await new Promise((r) => setTimeout(r, 50))
    expect(member.visit.guest.phase.value).toBe('idle')
    expect(member.player.settings).toMatchObject({ mode: 'live', url: member.visit.room.details!.mixedPlayURL })
    expect(member.pusher.status.value).not.toBe('connecting')
    expect((await anchor.client.call('get_anchors', { roomID })).pushers.map((p) => p.userID)).toEqual([anchor.userID])
  })

  it('stops setting up the link when the room ends meanwhile (kicked out of IM while connecting)', async () => {
    const { anchor, roomID, audience } = await setUp()
    const member = audience[0]
    const lookingUp = await connectingWithLookupHeld(anchor, member)
    world.imServer.kick(member.userID, TIM_TYPES.KICKED_OUT_MULT_DEVICE)
    await until(() => member.visit.room.phase === 'closed', 'the room over for the member')
    lookingUp.release()
    await new Promise((r) => setTimeout(r, 100))
    expect(member.visit.guest.phase.value).toBe('idle')
    expect(member.pusher.status.value).not.toBe('connecting')
    expect(member.pusher.status.value).not.toBe('live')
    expect((await anchor.client.call('get_anchors', { roomID })).pushers.map((p) => p.userID)).toEqual([anchor.userID])
    expect(anchor.visit.windows.value).toEqual([])
  })

  it('a linked co-anchor whose page goes away (back gesture) leaves the pushers, and its window goes', async () => {
    const { anchor, roomID, audience } = await setUp()
    const member = audience[0]
    await link(anchor, member)
    member.close()
    await until(() => anchor.visit.windows.value.length === 0, 'window removed')
    expect((await anchor.client.call('get_anchors', { roomID })).pushers.map((p) => p.userID)).toEqual([anchor.userID])
  })

  it('asks for camera and microphone before asking the anchor; a refusal is explained and nobody is bothered', async () => {
    const { anchor, audience } = await setUp()
    world.shim.setPermission('scope.camera', 'refused')
    await audience[0].visit.guest.request()
    expect(audience[0].visit.guest.phase.value).toBe('idle')
    expect(audience[0].visit.guest.notice.value).toContain('去设置')
    expect(audience[0].pusher.permission.explanation.value).toContain('摄像头')
    await new Promise((r) => setTimeout(r, 50))
    expect(anchor.visit.host.incoming.value).toBeNull()
  })

  it('counts the anchor’s answer time from when the request was sent, not from its arrival', async () => {
    const { anchor, roomID, audience } = await setUp(1)
    const sentAgo = TIMEOUT - 100
    const late = encodeC2CCommand({
      cmd: 'linkmic',
      data: { type: 'request', roomID, userID: audience[0].userID, userName: '迟到', userAvatar: '', timestamp: anchor.client.serverNow() - sentAgo },
    })
    world.imServer.injectC2CMessage({ to: anchor.userID, from: audience[0].userID, elements: [{ type: TIM_TYPES.MSG_CUSTOM, content: { data: late, description: '', extension: '' } }] })
    await until(() => anchor.visit.host.incoming.value !== null, 'request on the anchor')
    expect(anchor.visit.host.incoming.value!.deadline - Date.now()).toBeLessThanOrEqual(100)
    await until(() => anchor.visit.host.incoming.value === null, 'timed out', 1000)
  })

  it('a co-anchor whose heartbeat stops is dropped by the service and its window disappears', async () => {
    const { anchor, audience } = await setUp()
    const member = audience[0]
    await link(anchor, member)
    member.goOffline()
    // The anchor keeps beating while the service clock moves past the co-anchor's timeout.
    world.service.advance(20_000)
    await new Promise((r) => setTimeout(r, 100))
    world.service.advance(15_000)
    await new Promise((r) => setTimeout(r, 100))
    await world.service.sweep()
    await until(() => anchor.visit.windows.value.length === 0, 'window removed after expiry')
    expect(anchor.visit.room.phase).toBe('live')
  })

  it('co-anchor network loss (-1307) ends the link with a message', async () => {
    const { anchor, audience } = await setUp()
    const member = audience[0]
    await link(anchor, member)
    member.pusher.onStateChange({ detail: { code: -1307 } })
    await nextTick()
    await until(() => member.visit.guest.phase.value === 'idle', 'link ended')
    expect(member.visit.guest.notice.value).toBe(LINKMIC_TEXT.networkLost)
    expect(member.player.settings.mode).toBe('live')
  })

  it('the anchor leaving while a co-anchor is linked ends the room for the co-anchor too', async () => {
    const { anchor, audience } = await setUp()
    const member = audience[0]
    await link(anchor, member)
    await anchor.visit.leave()
    await until(() => member.visit.room.phase === 'closed', 'room closed on the co-anchor')
    expect(member.visit.guest.phase.value).toBe('idle')
    expect(member.pusher.status.value).toBe('stopped')
  })
})
