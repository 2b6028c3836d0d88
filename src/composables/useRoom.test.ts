// useRoom against the real room service (in-process) and the IM fake: two devices, anchor and audience.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, type EffectScope } from 'vue'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { parseConfig } from '@/config'
import { RoomServiceClient } from '@/adapters/roomService/client'
import { RoomServiceError } from '@/adapters/roomService/errors'
import { ErrorCode } from '@/protocol/errors'
import type { ImClient } from '@/adapters/im/types'
import { createWxShim, type WxShim } from '../../test/support/wxShim'
import { FakeImServer } from '../../test/support/fakeIm'
import { clearPageHooks, uniLifecycleMock } from '../../test/support/uniLifecycle'
import { HARNESS_SDKAPPID, HARNESS_SECRET_KEY, startRoomServiceHarness, type RoomServiceHarness } from '../../test/support/roomServiceHarness'
import { useProfileStore } from '@/stores/profile'
import { useLivePlayer } from './useLivePlayer'
import { useLivePusher } from './useLivePusher'
import { ROOM_MESSAGES, useRoom, type RoomTiming } from './useRoom'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

const debugConfig = parseConfig({
  VITE_SDKAPPID: String(HARNESS_SDKAPPID),
  VITE_ROOM_SERVICE_URL: 'http://room-service.test',
  secretKey: HARNESS_SECRET_KEY,
  debugBuild: true,
})
const FAST: Partial<RoomTiming> = { heartbeatFirstMs: 20, heartbeatEveryMs: 40, audienceCheckMs: 40, mediaRetryDelayMs: 5, pushStartTimeoutMs: 500 }

let service: RoomServiceHarness
let imServer: FakeImServer
let shim: WxShim
const scopes: EffectScope[] = []

interface Device {
  pinia: Pinia
  /** Cuts this phone off the network (room service and IM). */
  goOffline(): void
  client: RoomServiceClient
  im: ImClient
  /** Runs `fn` with this device's pinia active (each device is one phone). */
  run<T>(fn: () => T): T
}

let deviceCount = 0

/** One phone: its own pinia and its own user (the shim's storage is shared, so the profile is set here). */
function device(): Device {
  const pinia = createPinia()
  setActivePinia(pinia)
  deviceCount++
  useProfileStore().set({ userId: `user_${deviceCount}`, nickname: `用户${deviceCount}` })
  let online = true
  const client = new RoomServiceClient({
    baseUrl: 'http://room-service.test',
    transport: (...args) => (online ? service.transport(...args) : Promise.reject(new RoomServiceError(ErrorCode.NETWORK_ERROR, 'offline', args[3]))),
    sleep: async () => undefined,
  })
  const im = imServer.createClient()
  const userId = `user_${deviceCount}`
  const scope = effectScope()
  scopes.push(scope)
  return {
    pinia,
    goOffline: () => {
      online = false
      imServer.setNetState('disconnected', userId)
    },
    client,
    im,
    run: (fn) => {
      setActivePinia(pinia)
      return scope.run(fn)!
    },
  }
}

function anchorDevice(timing: Partial<RoomTiming> = FAST) {
  const d = device()
  const pusher = d.run(() => useLivePusher({ stopOnHide: false }))
  const room = d.run(() => useRoom({ pusher, client: d.client, im: d.im, config: debugConfig, timing }))
  return { ...d, pusher, room }
}

function audienceDevice(timing: Partial<RoomTiming> = FAST) {
  const d = device()
  const player = d.run(() => useLivePlayer({ stopOnHide: false }))
  const room = d.run(() => useRoom({ player, client: d.client, im: d.im, config: debugConfig, timing }))
  return { ...d, player, room }
}

async function until(check: () => boolean, what: string, ms = 2000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}

/** Answers the native pusher's start with 1002, as WeChat does once connected. */
async function pushConnects(anchor: ReturnType<typeof anchorDevice>): Promise<void> {
  await until(() => shim.records.pushers.some((p) => p.called('start')), 'pusher start')
  anchor.pusher.onStateChange({ detail: { code: 1002 } })
  await nextTick()
}

async function goLive(name = '周五晚课') {
  const anchor = anchorDevice()
  const live = anchor.room.goLive({ roomName: name })
  await pushConnects(anchor)
  expect(await live).toBe(true)
  return anchor
}

beforeEach(async () => {
  service = await startRoomServiceHarness()
  imServer = new FakeImServer()
  shim = createWxShim()
  vi.stubGlobal('uni', shim.api)
  clearPageHooks()
})

afterEach(async () => {
  scopes.splice(0).forEach((s) => s.stop())
  vi.unstubAllGlobals()
  await service.close()
})

describe('useRoom: anchor', () => {
  it('goes live only after 1002, with the RTC push settings, and lists the room', async () => {
    const anchor = anchorDevice()
    const live = anchor.room.goLive({ roomName: '周五晚课' })
    await until(() => shim.records.pushers.some((p) => p.called('start')), 'pusher start')
    expect(anchor.room.store.phase).toBe('entering')
    expect(anchor.pusher.settings).toMatchObject({ mode: 'RTC', minBitrate: 850, maxBitrate: 850, aspect: '9:16' })
    expect(anchor.pusher.settings.url).toMatch(/^rtmp:\/\/push\.example\.com\/live\/.+txSecret=[0-9a-f]{32}&txTime=[0-9A-F]+$/)

    anchor.pusher.onStateChange({ detail: { code: 1002 } })
    expect(await live).toBe(true)
    expect(anchor.room.store.phase).toBe('live')
    const roomID = anchor.room.store.details!.roomID
    expect(imServer.group(roomID)?.ownerID).toBe(anchor.client.userID)

    const viewer = audienceDevice()
    await viewer.client.login(HARNESS_SDKAPPID, 'viewer1', (await import('@/utils/usersig')).genUserSig({ sdkAppId: HARNESS_SDKAPPID, secretKey: HARNESS_SECRET_KEY, userId: 'viewer1' }))
    const { rooms } = await viewer.client.call('get_room_list', {})
    expect(rooms.map((r) => [r.roomID, r.roomName])).toEqual([[roomID, '周五晚课']])
  })

  it('keeps the room alive with heartbeats and closes it with its group when leaving', async () => {
    const anchor = await goLive()
    const roomID = anchor.room.store.details!.roomID
    service.advance(20_000)
    await new Promise((r) => setTimeout(r, 120)) // several heartbeats on the service clock
    service.advance(20_000)
    await service.sweep()
    expect(anchor.room.store.phase).toBe('live')

    await anchor.room.leave()
    expect(anchor.room.store.phase).toBe('closed')
    expect(imServer.group(roomID)).toBeNull()
    await expect(anchor.client.call('get_anchors', { roomID })).rejects.toMatchObject({ userMessage: '房间不存在或已关闭' })
    expect(shim.lastPusher().methods()).toEqual(['start', 'stop'])
  })

  it('answers a second goLive while the first is under way with the same attempt (no hang, one room)', async () => {
    const anchor = anchorDevice()
    const first = anchor.room.goLive({ roomName: 'a' })
    const second = anchor.room.goLive({ roomName: 'a' })
    expect(second).toBe(first)
    await pushConnects(anchor)
    expect(await first).toBe(true)
    expect(shim.records.pushers.filter((p) => p.called('start'))).toHaveLength(1)
  })

  it('fails with the permission explanation when the camera is refused, creating nothing', async () => {
    shim.setPermission('scope.camera', 'refused')
    const anchor = anchorDevice()
    expect(await anchor.room.goLive({ roomName: 'x' })).toBe(false)
    expect(anchor.room.store.phase).toBe('failed')
    expect(anchor.room.store.notice).toContain('摄像头')
    expect(anchor.pusher.permission.explanation.value).toContain('去设置')
  })

  it('fails with a clear message when the room service is unreachable', async () => {
    service.setReachable(false)
    const anchor = anchorDevice()
    expect(await anchor.room.goLive({ roomName: 'x' })).toBe(false)
    expect(anchor.room.store.notice).toBe('登录失败：无法连接房间服务，请检查网络或服务地址')
  })

  it('gives up when the push never connects, and tells the user', async () => {
    const anchor = anchorDevice({ ...FAST, pushStartTimeoutMs: 30 })
    expect(await anchor.room.goLive({ roomName: 'x' })).toBe(false)
    expect(anchor.room.store.notice).toBe(ROOM_MESSAGES.pushTimeout)
  })

  it('restarts the push after -1307, then ends with the network message when it keeps failing', async () => {
    const anchor = await goLive()
    anchor.pusher.onStateChange({ detail: { code: -1307 } })
    await until(() => shim.lastPusher().callsOf('start').length === 2, 'first restart')
    anchor.pusher.onStateChange({ detail: { code: -1307 } })
    await until(() => shim.lastPusher().callsOf('start').length === 3, 'second restart')
    anchor.pusher.onStateChange({ detail: { code: -1307 } })
    await until(() => anchor.room.store.phase === 'failed', 'giving up')
    expect(anchor.room.store.notice).toContain('网络断开')
  })

  it('learns that the service expired its room (heartbeats stopped) and says so', async () => {
    const anchor = await goLive()
    service.setReachable(false)
    service.advance(31_000)
    await service.sweep()
    service.setReachable(true)
    await until(() => anchor.room.store.phase === 'closed', 'heartbeat rejection')
    expect(anchor.room.store.notice).toBe(ROOM_MESSAGES.heartbeatLost)
  })
})

describe('useRoom: audience', () => {
  it('enters, plays the mixed stream, counts in, and sees the anchor end the room', async () => {
    const anchor = await goLive()
    const roomID = anchor.room.store.details!.roomID
    const viewer = audienceDevice()
    const ok = await viewer.room.watchRoom(roomID)
    expect(viewer.room.store.notice).toBeNull()
    expect(ok).toBe(true)
    expect(viewer.player.settings).toMatchObject({ mode: 'live', minCache: 1, maxCache: 3 })
    expect(viewer.player.settings.url).toBe(anchor.room.store.details!.mixedPlayURL)
    expect(shim.lastPlayer('player').methods()).toEqual(['play'])
    expect(viewer.room.store.details?.audienceCount).toBe(1)
    expect(imServer.group(roomID)?.members).toContain(viewer.client.userID)

    await anchor.room.leave()
    await until(() => viewer.room.store.phase === 'closed', 'dismissal notice')
    expect(viewer.room.store.notice).toBe(ROOM_MESSAGES.anchorEnded)
    expect(shim.lastPlayer('player').methods()).toEqual(['play', 'stop'])
  })

  it('leaves cleanly: audience count back to zero, out of the group', async () => {
    const anchor = await goLive()
    const roomID = anchor.room.store.details!.roomID
    const viewer = audienceDevice()
    await viewer.room.watchRoom(roomID)
    await viewer.room.leave()
    const { audienceCount } = await anchor.client.call('get_audiences', { roomID })
    expect(audienceCount).toBe(0)
    expect(imServer.group(roomID)?.members).not.toContain(viewer.client.userID)
  })

  it('sees the room closed when the anchor vanishes without ending (heartbeat expiry)', async () => {
    const anchor = await goLive()
    const roomID = anchor.room.store.details!.roomID
    const viewer = audienceDevice()
    await viewer.room.watchRoom(roomID)
    anchor.goOffline() // the anchor's phone goes dark: no more heartbeats, no dismissal
    service.advance(31_000)
    await service.sweep()
    await until(() => viewer.room.store.phase === 'closed', 'room check')
    expect(viewer.room.store.notice).toBe(ROOM_MESSAGES.roomGone)
  })

  it('explains an unknown room', async () => {
    const viewer = audienceDevice()
    expect(await viewer.room.watchRoom('no_such_room')).toBe(false)
    expect(viewer.room.store.notice).toBe('房间不存在或已关闭')
  })

  it('entering the same room twice does not hang and joins once', async () => {
    const anchor = await goLive()
    const roomID = anchor.room.store.details!.roomID
    const viewer = audienceDevice()
    const [a, b] = await Promise.all([viewer.room.watchRoom(roomID), viewer.room.watchRoom(roomID)])
    expect([a, b]).toEqual([true, true])
    expect(await viewer.room.watchRoom(roomID)).toBe(true)
    expect(shim.records.players.flatMap((p) => p.callsOf('play'))).toHaveLength(1)
  })
})
