// The replay list over the real room service (in-process) recording into a temp RECORD_DIR, with
// recordings seeded on disk the way the recorder writes them.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RoomServiceClient } from '@/adapters/roomService/client'
import { RoomServiceError } from '@/adapters/roomService/errors'
import { ErrorCode } from '@liveroom/protocol/errors'
import { clearPageHooks, firePageHook, uniLifecycleMock } from '../../test/support/uniLifecycle'
import { DEBUG_CONFIG, RoomWorld, type Device } from '../../test/support/roomWorld'
import type { SeededRecording } from '../../test/support/roomServiceHarness'
import { RECORDINGS_TEXT, useRecordings, type UseRecordingsOptions } from './useRecordings'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let world: RoomWorld | undefined
afterEach(async () => {
  clearPageHooks()
  await world?.close()
  world = undefined
})

const START = new Date(2026, 11, 1, 20, 5, 30).getTime()
const MINUTE = 60_000

/** The list page opened by `device` (query `roomID` or none), shown once. */
async function openList(device: Device, query: Record<string, string> = {}, extra: Partial<UseRecordingsOptions> = {}) {
  clearPageHooks() // only this list's page hooks from here on
  const list = device.run(() => useRecordings({ client: device.client, config: DEBUG_CONFIG, ...extra }))
  await firePageHook('onLoad', query)
  await firePageHook('onShow')
  return list
}

function seed(recording: Partial<SeededRecording> & Pick<SeededRecording, 'roomID' | 'roomCreator'>) {
  return world!.service.seedRecording({ roomName: '周五晚课', startTime: START, status: 'complete', ...recording })
}

describe('useRecordings', () => {
  it('lists my recordings newest first: name, start, mm:ss and what became of each; not other users’', async () => {
    world = await RoomWorld.start({ recording: true })
    const me = world.device()
    const complete = seed({ roomID: 'room_a', roomCreator: me.userID, startTime: START, segments: [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5.4] })
    const interrupted = seed({ roomID: 'room_b', roomName: '答疑', roomCreator: me.userID, startTime: START + 10 * MINUTE, status: 'interrupted', message: 'disk full', segments: [4, 3] })
    const failed = seed({ roomID: 'room_c', roomCreator: me.userID, startTime: START + 20 * MINUTE, status: 'failed', message: 'no media was received' })
    const recording = seed({ roomID: 'room_d', roomCreator: me.userID, startTime: START + 30 * MINUTE, status: 'recording', segments: [4] })
    seed({ roomID: 'room_x', roomCreator: 'someone_else', startTime: START + 40 * MINUTE, segments: [4] })

    const list = await openList(me)

    expect(list.error.value).toBeNull()
    expect(list.loading.value).toBe(false)
    expect(list.empty.value).toBe(false)
    expect(list.recordings.value.map((r) => [r.recordingID, r.statusText, r.durationText, r.playable, r.deletable])).toEqual([
      [recording.recordingID, '录制中', '00:04', true, true],
      [failed.recordingID, '录制失败：no media was received', '00:00', false, true],
      [interrupted.recordingID, '录制中断（可播放已保存部分）：disk full', '00:07', true, true],
      [complete.recordingID, '已完成', '01:05', true, true],
    ])
    const last = list.recordings.value[3]
    expect(last).toMatchObject({ roomName: '周五晚课', startText: '2026-12-01 20:05', playURL: complete.playURL, rowId: 'room_a-' + START })
  })

  it('lists one room’s recordings for anyone, and lets only its creator delete them', async () => {
    world = await RoomWorld.start({ recording: true })
    const creator = world.device()
    const viewer = world.device()
    const mine = seed({ roomID: 'room_a', roomCreator: creator.userID, segments: [4] })
    seed({ roomID: 'room_b', roomCreator: creator.userID, segments: [4] })

    const list = await openList(viewer, { roomID: 'room_a' })
    expect(list.roomID.value).toBe('room_a')
    expect(list.recordings.value.map((r) => [r.recordingID, r.deletable])).toEqual([[mine.recordingID, false]])

    expect(await list.remove(mine.recordingID)).toBe(false)
    expect(world.shim.records.modals).toEqual([])
    expect(fs.existsSync(path.join(world.service.recordDir!, mine.recordingID))).toBe(true)
  })

  it('says when there is nothing yet, for my list and for a room', async () => {
    world = await RoomWorld.start({ recording: true })
    const me = world.device()
    const mine = await openList(me)
    expect(mine.empty.value).toBe(true)
    expect(mine.emptyText.value).toBe(RECORDINGS_TEXT.emptyMine)

    const room = await openList(me, { roomID: 'room_none' })
    expect(room.empty.value).toBe(true)
    expect(room.emptyText.value).toBe(RECORDINGS_TEXT.emptyRoom)
  })

  it('shows that the service does not record (5006), and why the list cannot load, then recovers on retry', async () => {
    world = await RoomWorld.start() // Tencent CSS: no recorder
    const list = await openList(world.device())
    expect(list.error.value).toBe('服务端未开启录制回放')
    expect(list.empty.value).toBe(false)
    await world.close()

    world = await RoomWorld.start({ recording: true })
    const me = world.device()
    seed({ roomID: 'room_a', roomCreator: me.userID, segments: [4] })
    world.service.setReachable(false)
    const offline = await openList(me)
    expect(offline.error.value).toBe('登录失败：无法连接房间服务，请检查网络或服务地址')
    expect(offline.recordings.value).toEqual([])

    world.service.setReachable(true)
    await offline.refresh()
    expect(offline.error.value).toBeNull()
    expect(offline.recordings.value).toHaveLength(1)
  })

  it('deletes my recording after I confirm (and not when I cancel), on the service too', async () => {
    world = await RoomWorld.start({ recording: true })
    const me = world.device()
    const keep = seed({ roomID: 'room_a', roomCreator: me.userID, startTime: START, segments: [4] })
    const drop = seed({ roomID: 'room_a', roomCreator: me.userID, startTime: START + MINUTE, segments: [4] })
    const list = await openList(me)

    world.shim.configure({ modalAnswer: 'cancel' })
    expect(await list.remove(drop.recordingID)).toBe(false)
    expect(world.shim.records.modals.at(-1)).toMatchObject({ title: '删除回放', confirmText: '删除' })
    expect(list.recordings.value).toHaveLength(2)

    world.shim.configure({ modalAnswer: 'confirm' })
    expect(await list.remove(drop.recordingID)).toBe(true)
    expect(list.recordings.value.map((r) => r.recordingID)).toEqual([keep.recordingID])
    expect(world.shim.records.toasts.at(-1)?.title).toBe(RECORDINGS_TEXT.deleted)
    expect(fs.existsSync(path.join(world.service.recordDir!, drop.recordingID))).toBe(false)
    expect((await me.client.getRecordings()).map((r) => r.recordingID)).toEqual([keep.recordingID])
  })

  it('counts a delete whose answer was lost as done (the repeat finds it gone)', async () => {
    world = await RoomWorld.start({ recording: true })
    const me = world.device()
    const drop = seed({ roomID: 'room_a', roomCreator: me.userID, segments: [4] })
    let lost = false
    const client = new RoomServiceClient({
      baseUrl: 'http://room-service.test',
      sleep: async () => undefined,
      transport: async (...args) => {
        const reply = await world!.service.transport(...args)
        if (args[3] === 'delete_recording' && !lost) {
          lost = true // the service deleted it; the phone never heard back
          throw new RoomServiceError(ErrorCode.NETWORK_ERROR, '无法连接房间服务，请检查网络或服务地址', args[3])
        }
        return reply
      },
    })
    const list = await openList(me, {}, { client })
    world.shim.configure({ modalAnswer: 'confirm' })

    expect(await list.remove(drop.recordingID)).toBe(true)
    expect(lost).toBe(true)
    expect(list.recordings.value).toEqual([])
    expect(world.shim.records.toasts.map((t) => t.title)).toEqual([RECORDINGS_TEXT.deleted])
  })

  it('tells why a delete failed and keeps the row', async () => {
    world = await RoomWorld.start({ recording: true })
    const me = world.device()
    const drop = seed({ roomID: 'room_a', roomCreator: me.userID, segments: [4] })
    const list = await openList(me)
    world.shim.configure({ modalAnswer: 'confirm' })
    world.service.setReachable(false)

    expect(await list.remove(drop.recordingID)).toBe(false)
    expect(world.shim.records.toasts.at(-1)?.title).toBe('无法连接房间服务，请检查网络或服务地址')
    expect(list.recordings.value).toHaveLength(1)
  })

  it('opens a playable recording on the replay page, and says why another cannot be played', async () => {
    world = await RoomWorld.start({ recording: true })
    const me = world.device()
    const playable = seed({ roomID: 'room_a', roomCreator: me.userID, startTime: START, segments: [4] })
    const failed = seed({ roomID: 'room_a', roomCreator: me.userID, startTime: START + MINUTE, status: 'failed', message: 'no media was received' })
    const starting = seed({ roomID: 'room_a', roomCreator: me.userID, startTime: START + 2 * MINUTE, status: 'recording' })
    const list = await openList(me)

    list.play(playable.recordingID)
    expect(world.shim.records.navigations).toEqual([
      expect.objectContaining({ kind: 'navigateTo', path: 'live/replay/replay', query: { roomID: 'room_a', recordingID: playable.recordingID } }),
    ])

    list.play(failed.recordingID)
    list.play(starting.recordingID)
    expect(world.shim.records.navigations).toHaveLength(1)
    expect(world.shim.records.toasts.map((t) => t.title)).toEqual([RECORDINGS_TEXT.notPlayable, RECORDINGS_TEXT.notPlayableYet])
  })
})
