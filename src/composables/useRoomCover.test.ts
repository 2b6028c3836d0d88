// The room's cover: the anchor's snapshots (first a few seconds after going live, then every few
// minutes, bounded, none once the live ends or for audio only), uploaded from the file's bytes;
// the share card's picture for anchor and viewer. On fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, type EffectScope } from 'vue'
import { installWeChat } from '../../test/support/unitWeChat'
import { SNAPSHOT_JPEG, type WxShim } from '../../test/support/wxShim'
import { createRoomState, type RoomDetails } from './roomState'
import { useRoomCover, type UseRoomCoverReturn } from './useRoomCover'

const TIMING = { firstMs: 5_000, everyMs: 60_000, maxSnapshots: 3 }
const DEFAULT_IMAGE = 'https://svc.test/static/waiting.png'
const DETAILS: RoomDetails = { roomID: 'r1', roomName: '周五晚课', creator: 'anchor', mixedPlayURL: '', pushers: [], audienceCount: 0 }

let shim: WxShim
let scope: EffectScope
let taken: number
let snapshotFails: boolean
const uploads: { roomID: string; bytes: Uint8Array }[] = []
let uploadFails: boolean

beforeEach(() => {
  vi.useFakeTimers()
  shim = installWeChat()
  taken = 0
  snapshotFails = false
  uploadFails = false
  uploads.length = 0
})
afterEach(() => {
  scope?.stop()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

function setup(role: 'anchor' | 'audience', audioOnly = false) {
  const { state: room, actions } = createRoomState()
  const pusher = {
    settings: { audioOnly },
    async snapshot() {
      if (snapshotFails) return null
      const path = `wxfile://tmp/snap-${++taken}.jpg`
      shim.config.files[path] = SNAPSHOT_JPEG
      return path
    },
  }
  const roomService = {
    async uploadCover(roomID: string, image: ArrayBuffer) {
      if (uploadFails) throw new Error('网络错误')
      uploads.push({ roomID, bytes: new Uint8Array(image) })
      return `/covers/${roomID}.x.jpg`
    },
    imageUrl: (path: string) => (path ? `https://svc.test${path}` : ''),
  }
  scope = effectScope()
  const cover = scope.run(() => useRoomCover({ roomService, room, pusher, defaultImage: DEFAULT_IMAGE, timing: TIMING })) as UseRoomCoverReturn
  actions.enter(role)
  return { cover, room, actions }
}

describe('useRoomCover', () => {
  it('snaps the anchor’s picture a few seconds after going live, then every few minutes, a bounded number of times', async () => {
    const { cover, actions } = setup('anchor')
    expect(cover.cardImage.value).toBe(DEFAULT_IMAGE)
    actions.live(DETAILS)
    await vi.advanceTimersByTimeAsync(TIMING.firstMs - 1)
    expect(taken).toBe(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(taken).toBe(1)
    expect(uploads).toEqual([{ roomID: 'r1', bytes: SNAPSHOT_JPEG }])
    expect(cover.cardImage.value).toBe('wxfile://tmp/snap-1.jpg')

    await vi.advanceTimersByTimeAsync(TIMING.everyMs)
    expect(taken).toBe(2)
    expect(cover.cardImage.value).toBe('wxfile://tmp/snap-2.jpg')
    await vi.advanceTimersByTimeAsync(10 * TIMING.everyMs)
    expect(taken).toBe(TIMING.maxSnapshots)
    expect(uploads).toHaveLength(TIMING.maxSnapshots)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('keeps snapping after a failed snapshot or upload (each counts toward the bound)', async () => {
    const { cover, actions } = setup('anchor')
    snapshotFails = true
    actions.live(DETAILS)
    await vi.advanceTimersByTimeAsync(TIMING.firstMs)
    expect(cover.cardImage.value).toBe(DEFAULT_IMAGE)
    snapshotFails = false
    uploadFails = true
    await vi.advanceTimersByTimeAsync(TIMING.everyMs)
    expect(taken).toBe(1)
    expect(uploads).toEqual([])
    // The anchor's own card shows its snapshot even when the service did not take it.
    expect(cover.cardImage.value).toBe('wxfile://tmp/snap-1.jpg')
    uploadFails = false
    await vi.advanceTimersByTimeAsync(TIMING.everyMs)
    expect(uploads).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(10 * TIMING.everyMs)
    expect(taken).toBe(2)
  })

  it('stops when the live ends, and when the page goes', async () => {
    const { actions } = setup('anchor')
    actions.live(DETAILS)
    await vi.advanceTimersByTimeAsync(TIMING.firstMs)
    expect(taken).toBe(1)
    actions.close('主播已结束直播')
    await vi.advanceTimersByTimeAsync(10 * TIMING.everyMs)
    expect(taken).toBe(1)
    expect(vi.getTimerCount()).toBe(0)

    const again = setup('anchor')
    again.actions.live(DETAILS)
    scope.stop()
    await vi.advanceTimersByTimeAsync(10 * TIMING.everyMs)
    expect(taken).toBe(1)
  })

  it('takes no snapshot of an audio-only room: its card shows the default picture', async () => {
    const { cover, actions } = setup('anchor', true)
    actions.live(DETAILS)
    await vi.advanceTimersByTimeAsync(10 * TIMING.everyMs)
    expect(taken).toBe(0)
    expect(uploads).toEqual([])
    expect(cover.cardImage.value).toBe(DEFAULT_IMAGE)
  })

  it("shows a viewer the service's cover, else the default picture, and snaps nothing", async () => {
    const { cover, actions } = setup('audience')
    actions.live(DETAILS)
    expect(cover.cardImage.value).toBe(DEFAULT_IMAGE)
    actions.update({ coverURL: '/covers/r1.abc.jpg' })
    expect(cover.cardImage.value).toBe('https://svc.test/covers/r1.abc.jpg')
    await vi.advanceTimersByTimeAsync(10 * TIMING.everyMs)
    expect(taken).toBe(0)
  })
})
