// The replay page's composable over the real room service (in-process) with seeded recordings.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { clearPageHooks, firePageHook, uniLifecycleMock } from '../../test/support/uniLifecycle'
import { DEBUG_CONFIG, RoomWorld, type Device } from '../../test/support/roomWorld'
import { REPLAY_TEXT, replayErrorText, useReplay } from './useReplay'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let world: RoomWorld | undefined
afterEach(async () => {
  clearPageHooks()
  await world?.close()
  world = undefined
})

const START = new Date(2026, 11, 1, 20, 5).getTime()

/** The replay page opened by `device` with `query`, once its recording is looked up. */
async function openReplay(device: Device, query: Record<string, string>) {
  clearPageHooks()
  const replay = device.run(() => useReplay({ client: device.client, config: DEBUG_CONFIG }))
  await firePageHook('onLoad', query)
  await vi.waitFor(() => expect(replay.loading.value).toBe(false))
  return replay
}

describe('useReplay', () => {
  it('plays the recording’s playlist and shows its room name and length', async () => {
    world = await RoomWorld.start({ recording: true })
    const viewer = world.device()
    const seeded = world.service.seedRecording({ roomID: 'room_a', roomName: '周五晚课', roomCreator: 'teacher', startTime: START, status: 'complete', segments: [4, 4, 4.2] })
    world.service.seedRecording({ roomID: 'room_a', roomName: '周五晚课', roomCreator: 'teacher', startTime: START + 60_000, status: 'complete', segments: [2] })

    const replay = await openReplay(viewer, { roomID: 'room_a', recordingID: seeded.recordingID })

    expect(replay.error.value).toBeNull()
    expect(replay.src.value).toBe(seeded.playURL)
    expect(replay.src.value).toMatch(/^http:\/\/127\.0\.0\.1:8000\/recordings\/room_a\.\d{13}\/index\.m3u8$/)
    expect(replay.roomName.value).toBe('周五晚课')
    expect(replay.durationText.value).toBe('00:12')
    expect(replay.startText.value).toBe('2026-12-01 20:05')
    expect(replay.statusText.value).toBe('已完成')
  })

  it('says so when the recording is gone, or kept nothing playable', async () => {
    world = await RoomWorld.start({ recording: true })
    const viewer = world.device()
    const failed = world.service.seedRecording({ roomID: 'room_a', roomName: '周五晚课', roomCreator: 'teacher', startTime: START, status: 'failed', message: 'no media was received' })

    const gone = await openReplay(viewer, { roomID: 'room_a', recordingID: 'room_a.1700000000000' })
    expect(gone.error.value).toBe('回放不存在或已过期删除')
    expect(gone.src.value).toBe('')

    const empty = await openReplay(viewer, { roomID: 'room_a', recordingID: failed.recordingID })
    expect(empty.error.value).toBe(REPLAY_TEXT.notPlayable)
    expect(empty.statusText.value).toBe('录制失败：no media was received')
    expect(empty.src.value).toBe('')

    const incomplete = await openReplay(viewer, { roomID: 'room_a' })
    expect(incomplete.error.value).toBe(REPLAY_TEXT.missing)
  })

  it('explains why the video failed (binderror), and clears it once it plays again', async () => {
    world = await RoomWorld.start({ recording: true })
    const viewer = world.device()
    const seeded = world.service.seedRecording({ roomID: 'room_a', roomName: '周五晚课', roomCreator: 'teacher', startTime: START, status: 'interrupted', segments: [4] })
    const replay = await openReplay(viewer, { roomID: 'room_a', recordingID: seeded.recordingID })

    replay.onVideoError({ detail: { errMsg: 'MEDIA_ERR_NETWORK' } })
    expect(replay.playError.value).toBe(REPLAY_TEXT.network)
    replay.onVideoPlay()
    expect(replay.playError.value).toBeNull()
    replay.onVideoError({ detail: { errMsg: 'MEDIA_ERR_SRC_NOT_SUPPORTED' } })
    expect(replay.playError.value).toBe(REPLAY_TEXT.format)
  })

  it('shows why the recording could not be looked up, and finds it on retry', async () => {
    world = await RoomWorld.start({ recording: true })
    const viewer = world.device()
    const seeded = world.service.seedRecording({ roomID: 'room_a', roomName: '周五晚课', roomCreator: 'teacher', startTime: START, status: 'complete', segments: [4] })
    world.service.setReachable(false)
    const replay = await openReplay(viewer, { roomID: 'room_a', recordingID: seeded.recordingID })
    expect(replay.error.value).toBe('登录失败：无法连接房间服务，请检查网络或服务地址')

    world.service.setReachable(true)
    await replay.retry()
    expect(replay.error.value).toBeNull()
    expect(replay.src.value).toBe(seeded.playURL)
  })
})

describe('replayErrorText', () => {
  it('names the cause when the video says it, and passes on what it does not know', () => {
    expect(replayErrorText('MEDIA_ERR_NETWORK')).toBe(REPLAY_TEXT.network)
    expect(replayErrorText('MEDIA_ERR_DECODE')).toBe(REPLAY_TEXT.format)
    expect(replayErrorText('something odd')).toBe(`${REPLAY_TEXT.failed}（something odd）`)
    expect(replayErrorText(undefined)).toBe(REPLAY_TEXT.failed)
  })
})
