// The live room page's composable over the real room service and the IM fake: what its controls do.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { uniLifecycleMock } from '../../test/support/uniLifecycle'
import { RoomWorld, until, type LivePagePhone } from '../../test/support/roomWorld'
import { liveRoomEntry } from './useLiveRoom'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let world: RoomWorld
beforeEach(async () => {
  world = await RoomWorld.start()
})
afterEach(async () => {
  await world.close()
})

const texts = (page: LivePagePhone) => page.live.chat.messages.map((m) => m.text)

describe('useLiveRoom', () => {
  it('reads the page query', () => {
    expect(liveRoomEntry({ role: 'anchor', name: encodeURIComponent('周五 晚课'), audioOnly: '1' })).toEqual({
      role: 'anchor',
      roomName: '周五 晚课',
      audioOnly: true,
    })
    expect(liveRoomEntry({ roomID: 'room_1' })).toEqual({ role: 'audience', roomID: 'room_1' })
  })

  it('keeps the chat on screen after the room ends, with why, and sends nothing more', async () => {
    const anchor = await world.anchorPage()
    const roomID = anchor.visit.room.details!.roomID
    const viewer = await world.audiencePage(roomID)
    world.shim.configure({ modalAnswer: (modal) => ({ confirm: true, content: modal.editable ? '老师好' : undefined }) })
    await viewer.live.compose()
    await until(() => texts(anchor).includes('老师好'), 'the message at the anchor')

    await anchor.live.close()
    await until(() => viewer.visit.room.phase === 'closed', 'the room closed for the viewer')
    await until(() => texts(viewer).includes('直播已结束'), 'the closing line in the chat')
    expect(texts(viewer)).toContain('老师好')
    expect(viewer.live.overlays.value.ended).toBe('主播已结束直播')
    const sent = await viewer.visit.chat.send('还在吗')
    expect(sent).toMatchObject({ ok: false, error: { code: 'ROOM_CLOSED' } })
  })

  it('asks the anchor before ending the live; 继续直播 keeps it going', async () => {
    const anchor = await world.anchorPage()
    world.shim.configure({ modalAnswer: 'cancel' })
    await anchor.live.close()
    expect(world.shim.records.modals.at(-1)).toMatchObject({ title: '结束直播', cancelText: '继续直播' })
    expect(anchor.visit.room.phase).toBe('live')
    expect(world.shim.records.navigations).toEqual([])

    world.shim.configure({ modalAnswer: 'confirm' })
    await anchor.live.close()
    expect(anchor.visit.room.phase).toBe('closed')
    // The anchor stays for the live's summary, and leaves with 返回.
    expect(world.shim.records.navigations).toEqual([])
  })

  it('tells a viewer about a refused camera only once it asks to co-anchor', async () => {
    const anchor = await world.anchorPage()
    world.shim.setPermission('scope.camera', 'refused')
    const viewer = await world.audiencePage(anchor.visit.room.details!.roomID)
    viewer.pusher.onError({ detail: { errCode: 10001 } }) // the pusher reports the camera refused
    expect(viewer.live.overlays.value.permission).toBeNull()
    await viewer.live.requestLink()
    expect(viewer.live.overlays.value.permission).toContain('摄像头')
    expect(viewer.visit.guest.phase.value).toBe('idle')
  })

  it('goes live after 去设置 once the camera is allowed', async () => {
    world.shim.setPermission('scope.camera', 'refused')
    const page = world.livePage()
    expect(await page.live.open({ role: 'anchor', roomName: '补开', audioOnly: false })).toBe(false)
    expect(page.live.overlays.value.permission).toContain('摄像头')
    world.shim.configure({ openSettingChanges: { 'scope.camera': true } })
    await page.live.openSettings()
    await world.pushConnects(page)
    await until(() => page.visit.room.phase === 'live', 'live after the settings page')
    expect(page.live.stage.value.roomName).toBe('补开')
  })
})

describe('useLiveRoom: the audience panel and moderation menu', () => {
  it('sends no panel until opened, and offers the menu to the anchor only (not about itself), doing nothing when cancelled', async () => {
    const anchor = await world.anchorPage()
    const roomID = anchor.visit.room.details!.roomID
    const viewer = await world.audiencePage(roomID)
    expect(anchor.live.audience.value).toBeNull()

    await anchor.live.openAudience()
    expect(anchor.live.audience.value).toMatchObject({ total: 1, moderates: true, error: null })
    expect(anchor.live.audience.value?.members.map((m) => m.userID)).toEqual([viewer.userID])
    await viewer.live.openAudience()
    expect(viewer.live.audience.value?.moderates).toBe(false)

    const sheets = world.shim.records.actionSheets.length
    await viewer.live.moderate(anchor.userID, '主播')
    await anchor.live.moderate(anchor.userID, '主播')
    expect(world.shim.records.actionSheets).toHaveLength(sheets)

    world.shim.configure({ actionSheetAnswer: 'cancel' })
    await anchor.live.moderate(viewer.userID, '用户2')
    world.shim.configure({ actionSheetAnswer: 3, modalAnswer: 'cancel' })
    await anchor.live.moderate(viewer.userID, '用户2')
    expect(world.shim.records.actionSheets).toHaveLength(sheets + 2)
    expect(world.shim.records.modals.at(-1)).toMatchObject({ title: '踢出直播间' })
    expect(world.service.calls.some((c) => c.endpoint === 'kick_audience')).toBe(false)
    expect(viewer.visit.room.phase).toBe('live')

    world.shim.configure({ actionSheetAnswer: 0 })
    await anchor.live.moderate(viewer.userID, '用户2')
    expect(world.shim.records.toast?.title).toBe('已禁言 10 分钟')
    expect(world.imServer.isMuted(roomID, viewer.userID)).toBe(true)

    anchor.live.closeAudience()
    expect(anchor.live.audience.value).toBeNull()
  })
})
