// The anchor moderating its room on compiled pages, between phones, against the real room service
// (its kick and ban lists) and the IM fake. Timers are real: a removed viewer learns it at once from
// the anchor's IM notice, well before its next audience check-in (every 10 s as shipped) could tell it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ERROR_TEXT, ErrorCode } from '@liveroom/protocol/errors'
import type { Client } from './support/clients'
import { goLive, watch } from './support/flows'
import { World } from './support/world'

let world: World

beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

const KICKED = ERROR_TEXT[ErrorCode.KICKED].zh
const BANNED = ERROR_TEXT[ErrorCode.BANNED].zh
const MENU = ['禁言 10 分钟', '禁言 1 小时', '禁言 24 小时', '踢出直播间', '拉黑']

/** The viewer's audience check-ins (add_audience) the room service has answered so far. */
const checkInsOf = (viewer: Client) => viewer.wx.records.requests.filter((r) => new URL(r.url).pathname.endsWith('/add_audience') && r.statusCode !== undefined).length

/** The viewer is told why, in the room's notice with 返回, without having checked in since `checkIns`. */
async function toldOut(viewer: Client, why: string, checkIns: number): Promise<void> {
  await viewer.waitFor(() => viewer.exists('#room-notice'), 'the viewer told it is out')
  expect(checkInsOf(viewer)).toBe(checkIns)
  expect(viewer.text('#room-notice')).toContain(why)
  expect(viewer.exists('#back')).toBe(true)
  expect(viewer.wx.lastPlayer('player').called('stop')).toBe(true)
}

/** The viewer taps the room in the list again and is refused, with the reason and 返回 to the list. */
async function refusedEntry(viewer: Client, roomID: string, why: string): Promise<void> {
  await viewer.open('live/rooms/rooms')
  await viewer.waitFor(() => viewer.exists(`#room-${roomID}`), 'the room in the list')
  await viewer.tap(`#room-${roomID}`)
  await viewer.followNavigation()
  await viewer.waitFor(() => viewer.exists('#room-notice'), 'the refusal')
  expect(viewer.text('#room-notice')).toContain(why)
  await viewer.tap('#back')
  expect(viewer.wx.records.navigations.at(-1)?.kind).toBe('navigateBack')
}

describe('moderating a live room', () => {
  it('the anchor kicks a viewer from a chat line: the viewer is told and cannot come back to this room', { timeout: 60_000 }, async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王', wx: { actionSheetAnswer: 3, modalAnswer: 'confirm' } })
    const roomID = await goLive(world, anchor, '管理测试')
    const viewer = world.phone('viewer', { nickname: '捣乱的人' })
    await watch(viewer, roomID)
    await viewer.say('刷屏刷屏')
    await anchor.waitFor(() => anchor.text('#chat').includes('刷屏刷屏'), 'the message at the anchor')

    const checkIns = checkInsOf(viewer)
    const name = anchor.page.$$('.chat__name').find((n) => n.text.startsWith('捣乱的人'))
    if (!name) throw new Error('no name to tap in the chat')
    anchor.run(() => anchor.page.fire(name.node, 'tap', { x: 0, y: 0 }))
    await anchor.flush()
    await anchor.waitFor(() => anchor.wx.records.toast?.title === '已移出直播间', 'the kick done')
    expect(anchor.wx.records.actionSheets.at(-1)).toEqual(MENU)
    expect(anchor.wx.records.modals.at(-1)).toMatchObject({ title: '踢出直播间' })

    await toldOut(viewer, KICKED, checkIns)
    await refusedEntry(viewer, roomID, KICKED)
  })

  it('the anchor bans a viewer from the audience panel: the viewer is told and cannot enter the anchor’s room', { timeout: 60_000 }, async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王', wx: { actionSheetAnswer: 4, modalAnswer: 'confirm' } })
    const roomID = await goLive(world, anchor, '拉黑测试')
    const viewer = world.phone('viewer', { nickname: '捣乱的人' })
    await watch(viewer, roomID)
    const viewerID = await world.userIDOf('viewer')

    await anchor.tap('#online-count')
    await anchor.waitFor(() => anchor.exists(`#audience-${viewerID}`), 'the viewer in the panel')
    expect(anchor.text('#audience-panel')).toContain('点击观众可禁言、踢出或拉黑')
    const checkIns = checkInsOf(viewer)
    await anchor.tap(`#audience-${viewerID}`)
    await anchor.waitFor(() => anchor.wx.records.toast?.title === '已拉黑，对方无法再进入你的直播间', 'the ban done')
    expect(anchor.exists(`#audience-${viewerID}`)).toBe(false)

    // A viewer's panel offers nothing.
    await viewer.tap('#online-count')
    await viewer.waitFor(() => viewer.exists('#audience-panel'), 'the panel at the viewer')
    expect(viewer.text('#audience-panel')).not.toContain('点击观众')

    await toldOut(viewer, BANNED, checkIns)
    await refusedEntry(viewer, roomID, BANNED)
  })

  it('the anchor lifts a ban from its 黑名单: the viewer, named there, can enter again', { timeout: 60_000 }, async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王', wx: { actionSheetAnswer: 4, modalAnswer: 'confirm' } })
    const roomID = await goLive(world, anchor, '解除拉黑测试')
    const viewer = world.phone('viewer', { nickname: '捣乱的人' })
    await watch(viewer, roomID)
    const viewerID = await world.userIDOf('viewer')
    // The viewer named itself in 设置 (its nickname on the service).
    await viewer.open('pages/settings/settings')
    await viewer.run(() => viewer.page.dispatch('#nickname', 'blur', { value: '捣乱的人' }))
    await viewer.waitFor(() => viewer.wx.records.requests.some((r) => r.url.includes('/set_profile') && r.statusCode === 200), 'the nickname saved')
    await viewer.run(() => viewer.page.unload())

    await anchor.tap('#online-count')
    await anchor.waitFor(() => anchor.exists(`#audience-${viewerID}`), 'the viewer in the panel')
    await anchor.tap(`#audience-${viewerID}`)
    await anchor.waitFor(() => anchor.wx.records.toast?.title === '已拉黑，对方无法再进入你的直播间', 'the ban done')
    await viewer.waitFor(() => viewer.exists('#room-notice'), 'the viewer told it is out')

    // 设置 → 黑名单, on top of the live room.
    await anchor.open('pages/settings/settings')
    await anchor.tap('#ban-list')
    await anchor.followNavigation()
    await anchor.waitFor(() => anchor.exists(`#ban-${viewerID}`), 'the ban listed')
    expect(anchor.text(`#ban-name-${viewerID}`)).toBe('捣乱的人')
    await anchor.tap(`#unban-${viewerID}`)
    await anchor.waitFor(() => anchor.wx.records.toast?.title === '已解除拉黑', 'the ban lifted')
    expect(anchor.exists(`#ban-${viewerID}`)).toBe(false)
    expect(anchor.exists('#bans-empty')).toBe(true)

    await watch(viewer, roomID)
    expect(viewer.exists('#room-notice')).toBe(false)
  })

  it('the anchor mutes a viewer from the audience panel: the viewer’s message is refused with the reason and reaches no one', { timeout: 60_000 }, async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王', wx: { actionSheetAnswer: 0 } })
    const roomID = await goLive(world, anchor, '禁言测试')
    const viewer = world.phone('viewer', { nickname: '捣乱的人' })
    await watch(viewer, roomID)
    const viewerID = await world.userIDOf('viewer')

    await anchor.tap('#online-count')
    await anchor.waitFor(() => anchor.exists(`#audience-${viewerID}`), 'the viewer in the panel')
    await anchor.tap(`#audience-${viewerID}`)
    await anchor.waitFor(() => anchor.wx.records.toast?.title === '已禁言 10 分钟', 'the mute done')
    expect(world.im.isMuted(roomID, viewerID)).toBe(true)

    await viewer.say('我还能说话吗')
    await viewer.waitFor(() => viewer.wx.records.toast?.title === '你已被禁言', 'the refusal at the viewer')
    await anchor.flush()
    expect(anchor.text('#chat')).not.toContain('我还能说话吗')
    // Muted is not removed: the viewer keeps watching.
    expect(viewer.exists('#room-notice')).toBe(false)
  })
})
