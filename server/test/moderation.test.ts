// Moderation over real HTTP: kick_audience, ban_user / unban_user / get_banned_users, who they
// keep out (add_audience, add_anchor, admit_anchor), and room names through the text check.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { startService, type Service, type Session } from './helpers.ts'

let svc: Service
let anchor: Session
let viewer: Session
let other: Session

beforeEach(async () => {
  svc = await startService({ env: { MAX_BANS_PER_ANCHOR: '3', MAX_KICKS_PER_ROOM: '2' } })
  anchor = await svc.client.session('anchor', svc.clock.now())
  viewer = await svc.client.session('viewer', svc.clock.now())
  other = await svc.client.session('other', svc.clock.now())
})
afterEach(async () => {
  await svc.close()
})

const call = <K extends Parameters<Service['client']['call']>[0]>(name: K, s: Session, body: Record<string, unknown>) =>
  svc.client.call(name, s, body)

async function goLive(s: Session, roomInfo = '直播间'): Promise<string> {
  const created = await call('create_room', s, { roomInfo, requireAdmission: true })
  expect(created.body.code).toBe(0)
  const roomID = String(created.body.roomID)
  expect((await call('add_anchor', s, { roomID })).body.code).toBe(0)
  return roomID
}

describe('kick_audience', () => {
  it('takes the viewer out of the room and keeps it out of this room only', async () => {
    const roomID = await goLive(anchor)
    await call('add_audience', viewer, { roomID })
    await call('add_audience', other, { roomID })
    const kicked = await call('kick_audience', anchor, { roomID, userID: 'viewer', reason: '刷屏' })
    expect(kicked.body).toMatchObject({ code: 0, audienceCount: 1 })
    expect((await call('get_audiences', anchor, { roomID })).body.audiences?.map((a) => a.userID)).toEqual(['other'])

    const again = await call('add_audience', viewer, { roomID })
    expect(again.status).toBe(403)
    expect(again.body.code).toBe(ErrorCode.KICKED)
    expect(again.body.message).toContain('你已被主播移出直播间')
    expect((await call('admit_anchor', anchor, { roomID, userID: 'viewer' })).body.code).toBe(ErrorCode.KICKED)
    expect((await call('add_anchor', viewer, { roomID })).body.code).toBe(ErrorCode.KICKED)

    // Another room of the same anchor is open to it; a room made again after this one ended too.
    const second = await call('create_room', anchor, { roomInfo: '第二个' })
    expect((await call('add_audience', viewer, { roomID: String(second.body.roomID) })).body.code).toBe(0)
  })

  it('removes a co-anchor from the pushers', async () => {
    const roomID = await goLive(anchor)
    expect((await svc.client.joinAsCoAnchor(anchor, viewer, { roomID })).body.code).toBe(0)
    expect((await call('kick_audience', anchor, { roomID, userID: 'viewer' })).body.code).toBe(0)
    expect((await call('get_anchors', other, { roomID })).body.pushers?.map((p) => p.userID)).toEqual(['anchor'])
    expect((await call('anchor_heartbeat', viewer, { roomID })).body.code).toBe(ErrorCode.PUSHER_NOT_FOUND)
  })

  it('is the creator’s alone, never on itself, and bounded per room', async () => {
    const roomID = await goLive(anchor)
    const notCreator = await call('kick_audience', other, { roomID, userID: 'viewer' })
    expect(notCreator.body.code).toBe(ErrorCode.NOT_ROOM_CREATOR)
    expect((await call('kick_audience', anchor, { roomID, userID: 'anchor' })).body.code).toBe(ErrorCode.CANNOT_MODERATE_SELF)
    expect((await call('kick_audience', anchor, { roomID: 'no_such_room', userID: 'viewer' })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect((await call('kick_audience', anchor, { roomID, userID: 'bad id!' })).body.code).toBe(ErrorCode.BAD_REQUEST)
    expect((await call('kick_audience', anchor, { roomID, userID: 'u1' })).body.code).toBe(0)
    expect((await call('kick_audience', anchor, { roomID, userID: 'u2' })).body.code).toBe(0)
    const full = await call('kick_audience', anchor, { roomID, userID: 'u3' })
    expect(full.status).toBe(409)
    expect(full.body.code).toBe(ErrorCode.KICK_LIST_FULL)
  })
})

describe('ban_user', () => {
  it('keeps the user out of every room of the anchor, and takes it out of those it is in', async () => {
    const roomID = await goLive(anchor)
    await call('add_audience', viewer, { roomID })
    expect((await call('ban_user', anchor, { userID: 'viewer', reason: '骂人' })).body.code).toBe(0)
    expect((await call('get_audiences', anchor, { roomID })).body.audienceCount).toBe(0)

    const refused = await call('add_audience', viewer, { roomID })
    expect(refused.status).toBe(403)
    expect(refused.body.code).toBe(ErrorCode.BANNED)
    expect(refused.body.message).toContain('你已被主播拉黑，无法进入其直播间')
    expect((await call('admit_anchor', anchor, { roomID, userID: 'viewer' })).body.code).toBe(ErrorCode.BANNED)
    expect((await call('add_anchor', viewer, { roomID })).body.code).toBe(ErrorCode.BANNED)

    const later = await call('create_room', anchor, { roomInfo: '下一场' })
    expect((await call('add_audience', viewer, { roomID: String(later.body.roomID) })).body.code).toBe(ErrorCode.BANNED)
    // Other anchors' rooms stay open to it.
    const othersRoom = await goLive(other)
    expect((await call('add_audience', viewer, { roomID: othersRoom })).body.code).toBe(0)

    expect((await call('unban_user', anchor, { userID: 'viewer' })).body.code).toBe(0)
    expect((await call('unban_user', anchor, { userID: 'viewer' })).body.code).toBe(0)
    expect((await call('add_audience', viewer, { roomID })).body.code).toBe(0)
  })

  it('lists bans newest first with reason and time, pages them, and caps them', async () => {
    expect((await call('ban_user', anchor, { userID: 'anchor' })).body.code).toBe(ErrorCode.CANNOT_MODERATE_SELF)
    const t0 = svc.clock.now()
    await call('ban_user', anchor, { userID: 'u1', reason: 'spam' })
    svc.clock.advance(1000)
    await call('ban_user', anchor, { userID: 'u2' })
    svc.clock.advance(1000)
    await call('ban_user', anchor, { userID: 'u3', reason: 'rude' })
    const full = await call('ban_user', anchor, { userID: 'u4' })
    expect(full.status).toBe(409)
    expect(full.body.code).toBe(ErrorCode.BAN_LIST_FULL)

    const list = await call('get_banned_users', anchor, {})
    expect(list.body).toEqual({
      code: 0,
      message: 'ok',
      total: 3,
      bannedUsers: [
        { userID: 'u3', reason: 'rude', banTime: t0 + 2000 },
        { userID: 'u2', reason: '', banTime: t0 + 1000 },
        { userID: 'u1', reason: 'spam', banTime: t0 },
      ],
    })
    expect((await call('get_banned_users', anchor, { index: 1, cnt: 1 })).body.bannedUsers?.map((b) => b.userID)).toEqual(['u2'])
    expect((await call('get_banned_users', anchor, { cnt: 101 })).body.code).toBe(ErrorCode.BAD_REQUEST)
    expect((await call('get_banned_users', other, {})).body).toMatchObject({ bannedUsers: [], total: 0 })
    expect((await call('ban_user', anchor, { userID: 'u5', reason: 'x'.repeat(201) })).body.code).toBe(ErrorCode.BAD_REQUEST)
  })
})

describe('room names through the text check', () => {
  it('refuses a room name with a listed word, in roomName or inside roomInfo', async () => {
    const r = await call('create_room', anchor, { roomInfo: 'x', roomName: '网赌开奖' })
    expect(r.status).toBe(400)
    expect(r.body.code).toBe(ErrorCode.TEXT_BLOCKED)
    expect(r.body.message).toContain('房间名包含不允许的内容，请修改')
    expect((await call('create_room', anchor, { roomInfo: JSON.stringify({ roomName: '赌-博' }) })).body.code).toBe(ErrorCode.TEXT_BLOCKED)
    expect((await call('create_room', anchor, { roomInfo: '好好学习' })).body.code).toBe(0)
  })
})
