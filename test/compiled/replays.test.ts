// Replays on the compiled mini-program (live/replays/replays, live/replay/replay, and the 录制回放
// switch of live/create/create), against the real room service on loopback. The service records
// into a temp RECORD_DIR; no media server or ffmpeg runs, so recordings are seeded on disk the way
// the recorder writes them (meta.json and index.m3u8).
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SeededRecording } from '../support/roomServiceHarness'
import type { Client } from '../e2e/support/clients'
import { startsOf } from '../e2e/support/flows'
import { World } from '../e2e/support/world'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

const START = new Date(2026, 11, 1, 20, 5).getTime()
const MINUTE = 60_000

/** A recording's row (its ID holds a `.`, which a selector would read as a class). */
const row = (recordingID: string) => recordingID.replace('.', '-')

function seed(recording: Partial<SeededRecording> & Pick<SeededRecording, 'roomID' | 'roomCreator'>) {
  return world!.service.seedRecording({ roomName: '周五晚课', startTime: START, status: 'complete', ...recording })
}

/** The recordings' rows on the page, top to bottom, by recording ID. */
const shown = (phone: Client) => phone.page.$$('.recording').map((r) => String(r.id).replace(/^recording-/, ''))

describe('the replay list', () => {
  it('opens from 我的回放 with my recordings, newest first, each with its status and length, and plays one', async () => {
    world = await World.start({ recording: true })
    const phone = world.phone('teacher', { nickname: '王老师' })
    const me = await world.userIDOf('teacher')
    const complete = seed({ roomID: 'room_a', roomCreator: me, startTime: START, segments: [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5.4] })
    const interrupted = seed({ roomID: 'room_b', roomName: '答疑', roomCreator: me, startTime: START + MINUTE, status: 'interrupted', message: 'disk full', segments: [4, 3] })
    const failed = seed({ roomID: 'room_c', roomName: '试播', roomCreator: me, startTime: START + 2 * MINUTE, status: 'failed', message: 'no media was received' })
    const recording = seed({ roomID: 'room_d', roomName: '直播中', roomCreator: me, startTime: START + 3 * MINUTE, status: 'recording', segments: [4] })
    seed({ roomID: 'room_x', roomCreator: 'someone_else', startTime: START + 4 * MINUTE, segments: [4] })

    await phone.open('live/rooms/rooms')
    await phone.tap('#my-replays')
    expect(phone.wx.records.navigations.at(-1)).toMatchObject({ kind: 'navigateTo', path: 'live/replays/replays' })
    await phone.followNavigation()
    expect(phone.page.route).toBe('live/replays/replays')
    await phone.waitFor(() => shown(phone).length > 0, 'the recordings')

    expect(phone.text('#replays-title')).toBe('我的回放')
    expect(shown(phone)).toEqual([recording, failed, interrupted, complete].map((r) => row(r.recordingID)))
    const statusOf = (r: { recordingID: string }) => phone.text(`#status-${row(r.recordingID)}`)
    const durationOf = (r: { recordingID: string }) => phone.text(`#duration-${row(r.recordingID)}`)
    expect(statusOf(recording)).toBe('录制中')
    expect(statusOf(failed)).toBe('录制失败：no media was received')
    expect(statusOf(interrupted)).toBe('录制中断（可播放已保存部分）：disk full')
    expect(statusOf(complete)).toBe('已完成')
    expect([recording, failed, interrupted, complete].map(durationOf)).toEqual(['00:04', '00:00', '00:07', '01:05'])
    expect(phone.text(`#recording-${row(complete.recordingID)}`)).toContain('周五晚课')
    expect(phone.text(`#start-${row(complete.recordingID)}`)).toBe('2026-12-01 20:05')
    expect(phone.exists('#replays-empty')).toBe(false)
    expect(phone.exists('#replays-loading')).toBe(false)

    // Nothing to play: the user is told, and stays.
    await phone.tap(`#recording-${row(failed.recordingID)}`)
    expect(phone.wx.records.toasts.at(-1)?.title).toBe('这段录制没有可播放的内容')
    expect(phone.wx.records.navigations.at(-1)?.path).toBe('live/replays/replays')

    // A playable one opens the replay page, which plays its playlist.
    await phone.tap(`#recording-${row(complete.recordingID)}`)
    expect(phone.wx.records.navigations.at(-1)).toMatchObject({
      kind: 'navigateTo',
      path: 'live/replay/replay',
      query: { roomID: 'room_a', recordingID: complete.recordingID },
    })
    await phone.followNavigation()
    await phone.waitFor(() => phone.exists('#replay-video'), 'the video')
    expect(phone.page.attr('#replay-video', 'src')).toBe(complete.playURL)
    expect(complete.playURL).toBe(`http://127.0.0.1:8000/recordings/${complete.recordingID}/index.m3u8`)
    expect(phone.text('#replay-name')).toBe('周五晚课')
    expect(phone.text('#replay-duration')).toBe('时长 01:05')
  })

  it('lists one room’s recordings for another user, who may play but not delete them', async () => {
    world = await World.start({ recording: true })
    const viewer = world.phone('viewer', { nickname: '观众' })
    const other = seed({ roomID: 'room_a', roomCreator: 'teacher_1', startTime: START, segments: [4] })
    seed({ roomID: 'room_b', roomCreator: 'teacher_1', startTime: START + MINUTE, segments: [4] })

    await viewer.open('live/replays/replays', { roomID: 'room_a' })
    await viewer.waitFor(() => shown(viewer).length > 0, 'the room’s recordings')
    expect(viewer.text('#replays-title')).toBe('本直播间的回放')
    expect(shown(viewer)).toEqual([row(other.recordingID)])
    expect(viewer.exists(`#delete-${row(other.recordingID)}`)).toBe(false)
  })

  it('deletes my recording once I confirm, without opening it', async () => {
    world = await World.start({ recording: true })
    const phone = world.phone('teacher', { nickname: '王老师' })
    const me = await world.userIDOf('teacher')
    const keep = seed({ roomID: 'room_a', roomCreator: me, startTime: START, segments: [4] })
    const drop = seed({ roomID: 'room_a', roomCreator: me, startTime: START + MINUTE, segments: [4] })
    await phone.open('live/replays/replays')
    await phone.waitFor(() => shown(phone).length === 2, 'the recordings')

    await phone.tap(`#delete-${row(drop.recordingID)}`)
    await phone.waitFor(() => shown(phone).length === 1, 'the row to go')
    expect(phone.wx.records.modals.at(-1)).toMatchObject({ title: '删除回放', confirmText: '删除' })
    expect(shown(phone)).toEqual([row(keep.recordingID)])
    expect(phone.wx.records.navigations).toEqual([])
    expect(fs.existsSync(path.join(world.service.recordDir!, drop.recordingID))).toBe(false)
    expect(fs.existsSync(path.join(world.service.recordDir!, keep.recordingID))).toBe(true)
  })

  it('says when there are none yet', async () => {
    world = await World.start({ recording: true })
    const phone = world.phone('teacher', { nickname: '王老师' })
    await phone.open('live/replays/replays')
    await phone.waitFor(() => phone.exists('#replays-empty'), 'the empty state')
    expect(phone.text('#replays-empty')).toContain('还没有回放')
  })

  it('says the service does not record replays (5006)', async () => {
    world = await World.start()
    const phone = world.phone('teacher', { nickname: '王老师' })
    await phone.open('live/replays/replays')
    await phone.waitFor(() => phone.exists('#replays-error'), 'the error')
    expect(phone.text('#replays-error')).toContain('服务端未开启录制回放')
    expect(phone.exists('#replays-empty')).toBe(false)
  })
})

describe('the replay page', () => {
  it('plays the recording in a <video>, and explains a video error', async () => {
    world = await World.start({ recording: true })
    const phone = world.phone('viewer', { nickname: '观众' })
    const seeded = seed({ roomID: 'room_a', roomName: '周五晚课', roomCreator: 'teacher_1', status: 'interrupted', segments: [4, 4, 1.6] })

    await phone.open('live/replay/replay', { roomID: 'room_a', recordingID: seeded.recordingID })
    await phone.waitFor(() => phone.exists('#replay-video'), 'the video')
    expect(phone.page.attr('#replay-video', 'src')).toBe(seeded.playURL)
    expect(phone.text('#replay-name')).toBe('周五晚课')
    expect(phone.text('#replay-duration')).toBe('时长 00:10')
    expect(phone.text('#replay-status')).toBe('录制中断（可播放已保存部分）')
    expect(phone.exists('#replay-play-error')).toBe(false)

    await phone.run(() => phone.page.dispatch('#replay-video', 'error', { errMsg: 'MEDIA_ERR_NETWORK' }))
    expect(phone.text('#replay-play-error')).toBe('回放加载失败：网络异常，请检查网络后重试')
    await phone.run(() => phone.page.dispatch('#replay-video', 'play', {}))
    expect(phone.exists('#replay-play-error')).toBe(false)
  })

  it('says so when the recording is gone', async () => {
    world = await World.start({ recording: true })
    const phone = world.phone('viewer', { nickname: '观众' })
    await phone.open('live/replay/replay', { roomID: 'room_a', recordingID: 'room_a.1700000000000' })
    await phone.waitFor(() => phone.exists('#replay-error'), 'the error')
    expect(phone.text('#replay-error')).toContain('回放不存在或已过期删除')
    expect(phone.exists('#replay-video')).toBe(false)
  })
})

describe('the 录制回放 switch on the new-room page', () => {
  /** 新建直播间 → name → 录制回放 on → 开始直播 → the room page pushes and reports 1002. */
  async function goLiveRecorded(phone: Client, roomName: string): Promise<void> {
    await phone.open('live/create/create')
    await phone.input('#room-name', roomName)
    expect(phone.page.attr('#record', 'checked')).toBe(false)
    await phone.run(() => phone.page.dispatch('#record', 'change', { value: true }))
    expect(phone.page.attr('#record', 'checked')).toBe(true)
    await phone.tap('#go-live')
    expect(phone.wx.records.navigations.at(-1)).toMatchObject({
      kind: 'redirectTo',
      path: 'live/room/room',
      query: { role: 'anchor', name: roomName, record: '1' },
    })
    await phone.followNavigation()
    await phone.waitFor(() => startsOf(phone) === 1, 'the pusher to start')
    phone.run(() => phone.wx.lastPusher().emit('statechange', { code: 1002 }))
  }

  const createRoomBodies = (phone: Client) =>
    phone.wx.records.requests.filter((r) => new URL(r.url).pathname.endsWith('/create_room')).map((r) => r.data)

  it('creates the room with record: true on a service that records', async () => {
    world = await World.start({ recording: true })
    const anchor = world.phone('anchor', { nickname: '主播' })
    await goLiveRecorded(anchor, '录一节课')
    await anchor.waitFor(() => !anchor.exists('#entering'), 'the room to go live')
    expect(anchor.exists('#room-notice')).toBe(false)
    expect(createRoomBodies(anchor)).toEqual([expect.objectContaining({ roomName: '录一节课', record: true })])
    expect((await world.listedRooms()).map((r) => r.roomName)).toEqual(['录一节课'])
  })

  it('shows 服务端未开启录制回放 when the service does not record, and stops the push', async () => {
    world = await World.start()
    const anchor = world.phone('anchor', { nickname: '主播' })
    await goLiveRecorded(anchor, '录一节课')
    await anchor.waitFor(() => anchor.exists('#room-notice'), 'the notice')
    expect(anchor.text('#room-notice')).toContain('服务端未开启录制回放')
    expect(createRoomBodies(anchor)).toEqual([expect.objectContaining({ record: true })])
    expect(anchor.wx.lastPusher().methods()).toEqual(['start', 'stop'])
    expect(await world.listedRooms()).toEqual([])
  })
})
