// The anchor moderating its room, against the real room service (in-process) and the IM fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ERROR_TEXT, ErrorCode } from '@liveroom/protocol/errors'
import { uniLifecycleMock } from '../../test/support/uniLifecycle'
import { RoomWorld, until, type Phone } from '../../test/support/roomWorld'
import { encodeC2CCommand, type RemovalKind } from '@liveroom/protocol/im'
import { TIM_TYPES } from '@/adapters/im/sdkTypes'
import { MUTE_CHOICES } from './useModeration'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let world: RoomWorld
let anchor: Phone
let roomID: string

beforeEach(async () => {
  world = await RoomWorld.start()
  anchor = await world.anchor()
  roomID = anchor.visit.room.details!.roomID
})
afterEach(async () => {
  await world.close()
})

describe('useModeration', () => {
  it('is offered to the room’s creator only; a viewer who tries anyway is refused by the service and IM', async () => {
    const viewer = await world.viewer(roomID)
    const other = await world.viewer(roomID)
    expect(anchor.visit.moderation.allowed()).toBe(true)
    expect(viewer.visit.moderation.allowed()).toBe(false)

    expect(await viewer.visit.moderation.kick(other.userID)).toEqual({ ok: false, text: ERROR_TEXT[ErrorCode.NOT_ROOM_CREATOR].zh })
    expect(await viewer.visit.moderation.mute(other.userID, MUTE_CHOICES[0])).toEqual({ ok: false, text: '没有权限执行此操作' })
    expect(other.visit.room.phase).toBe('live')
  })

  it('mutes a viewer for the chosen time: its messages fail as muted and reach no one', async () => {
    const viewer = await world.viewer(roomID)
    expect(await anchor.visit.moderation.mute(viewer.userID, MUTE_CHOICES[1])).toEqual({ ok: true, text: '已禁言 1 小时' })
    const sent = await viewer.visit.chat.send('我还能说话吗')
    expect(sent).toMatchObject({ ok: false, error: { message: '你已被禁言' } })
    expect(world.imServer.isMuted(roomID, viewer.userID)).toBe(true)
    anchor.visit.chat.flush()
    expect(anchor.visit.chat.messages.value.map((m) => m.text)).not.toContain('我还能说话吗')
    expect(viewer.visit.chat.messages.value.map((m) => m.text)).not.toContain('我还能说话吗')
  })

  it('kicks a viewer: off the open panel at once, told why at its next check-in, and kept out of this room', async () => {
    const viewer = await world.viewer(roomID)
    await anchor.visit.audience.open()
    expect(anchor.visit.audience.members.value.map((m) => m.userID)).toEqual([viewer.userID])

    expect(await anchor.visit.moderation.kick(viewer.userID)).toEqual({ ok: true, text: '已移出直播间' })
    expect(anchor.visit.audience.members.value).toEqual([])
    await until(() => viewer.visit.room.phase === 'closed', 'the viewer told')
    expect(viewer.visit.room.notice).toBe(ERROR_TEXT[ErrorCode.KICKED].zh)
    expect(world.imServer.group(roomID)?.members).not.toContain(viewer.userID)

    expect(await viewer.visit.watchRoom(roomID)).toBe(false)
    expect(viewer.visit.room.notice).toBe(ERROR_TEXT[ErrorCode.KICKED].zh)
    expect(world.imServer.group(roomID)?.members).not.toContain(viewer.userID)
  })

  it('tells a kicked or banned viewer at once over IM, before any check-in could tell it', async () => {
    // Check-ins a minute apart: only the anchor's IM notice can end these visits within the test.
    const slow = { timing: { audienceCheckMs: 60_000 } }
    const kicked = await world.viewer(roomID, slow)
    const banned = await world.viewer(roomID, slow)
    await anchor.visit.moderation.kick(kicked.userID)
    await anchor.visit.moderation.ban(banned.userID)
    await until(() => kicked.visit.room.phase === 'closed' && banned.visit.room.phase === 'closed', 'both told')
    expect(kicked.visit.room.notice).toBe(ERROR_TEXT[ErrorCode.KICKED].zh)
    expect(banned.visit.room.notice).toBe(ERROR_TEXT[ErrorCode.BANNED].zh)
  })

  it('ignores a removal notice from anyone but the room’s creator, for another room, or stale', async () => {
    const viewer = await world.viewer(roomID, { timing: { audienceCheckMs: 60_000 } })
    const other = await world.viewer(roomID)
    const notice = (from: string, type: RemovalKind, room: string, timestamp: number) =>
      world.imServer.injectC2CMessage({
        to: viewer.userID,
        from,
        elements: [{ type: TIM_TYPES.MSG_CUSTOM, content: { data: encodeC2CCommand({ cmd: 'removed', data: { type, roomID: room, timestamp } }), description: '', extension: '' } }],
      })
    const now = Date.now()
    notice(other.userID, 'ban', roomID, now)
    notice(anchor.userID, 'kick', 'room_elsewhere', now)
    notice(anchor.userID, 'ban', roomID, now - 60_000)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(viewer.visit.room.phase).toBe('live')

    notice(anchor.userID, 'kick', roomID, now)
    await until(() => viewer.visit.room.phase === 'closed', 'the genuine notice believed')
    expect(viewer.visit.room.notice).toBe(ERROR_TEXT[ErrorCode.KICKED].zh)
  })

  it('bans a viewer: out of the room now and kept out of every room the anchor opens', async () => {
    const viewer = await world.viewer(roomID)
    expect(await anchor.visit.moderation.ban(viewer.userID)).toEqual({ ok: true, text: '已拉黑，对方无法再进入你的直播间' })
    await until(() => viewer.visit.room.phase === 'closed', 'the viewer told')
    expect(viewer.visit.room.notice).toBe(ERROR_TEXT[ErrorCode.BANNED].zh)

    expect(await viewer.visit.watchRoom(roomID)).toBe(false)
    expect(viewer.visit.room.notice).toBe(ERROR_TEXT[ErrorCode.BANNED].zh)

    await anchor.visit.leave()
    const live = anchor.visit.goLive({ roomName: '第二场' })
    await world.pushConnects(anchor)
    expect(await live).toBe(true)
    expect(await viewer.visit.watchRoom(anchor.visit.room.details!.roomID)).toBe(false)
    expect(viewer.visit.room.notice).toBe(ERROR_TEXT[ErrorCode.BANNED].zh)
  })
})
