// Several simulated phones running a room visit against the real room service (in-process) and
// the IM fake. Each phone has its own pinia, user, room-service client and IM client; they share one `uni` shim (storage included), so each phone's profile is set here.
// The test file must mock '@dcloudio/uni-app' (see uniLifecycle.ts).
import { vi } from 'vitest'
import { effectScope, nextTick, type EffectScope } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { parseConfig } from '../../src/config/index.ts'
import { RoomServiceClient } from '../../src/adapters/roomService/client.ts'
import { RoomServiceError } from '../../src/adapters/roomService/errors.ts'
import type { ImClient } from '../../src/adapters/im/types.ts'
import { ErrorCode } from '@liveroom/protocol/errors'
import { useProfileStore } from '../../src/stores/profile.ts'
import type { LivePlayer } from '../../src/composables/useLivePlayer.ts'
import type { LivePusher } from '../../src/composables/useLivePusher.ts'
import { useLiveRoom } from '../../src/composables/useLiveRoom.ts'
import type { UseLiveRoomReturn } from '../../src/composables/liveRoomView.ts'
import type { RoomTiming } from '../../src/composables/roomTiming.ts'
import { useRoomVisit, type RoomVisit, type UseRoomVisitOptions } from '../../src/composables/useRoomVisit.ts'
import type { Env } from '../../server/config.ts'
import type { WxShim } from './wxShim.ts'
import { installWeChat } from './unitWeChat.ts'
import { FakeImServer } from './fakeIm.ts'
import {
  HARNESS_SDKAPPID,
  HARNESS_SECRET_KEY,
  startRoomServiceHarness,
  type RoomServiceHarness,
  type RoomServiceHarnessOptions,
} from './roomServiceHarness.ts'

/** A debug build's configuration: UserSig signed on the phone with the harness key. */
export const DEBUG_CONFIG = parseConfig({
  VITE_SDKAPPID: String(HARNESS_SDKAPPID),
  VITE_ROOM_SERVICE_URL: 'http://room-service.test',
  secretKey: HARNESS_SECRET_KEY,
  debugBuild: true,
})

/** Room rhythm sped up for tests (the service clock is moved by hand for expiry). */
export const FAST_TIMING: Partial<RoomTiming> = {
  heartbeatFirstMs: 20,
  heartbeatEveryMs: 40,
  audienceCheckMs: 40,
  mediaRetryDelayMs: 5,
  pushStartTimeoutMs: 500,
}

/** One phone: its own WeChat user, pinia, room-service client and IM client. */
export interface Device {
  userID: string
  client: RoomServiceClient
  im: ImClient
  /** Runs `fn` in this phone's pinia and effect scope (for composables made later). */
  run<T>(fn: () => T): T
  /** Cuts this phone off the network (room service and IM). */
  goOffline(): void
  /** The phone goes away: its scope ends (page unload). */
  close(): void
}

/** A phone with a visit of a room (as the live room page makes it). */
export interface Phone extends Device {
  visit: RoomVisit
  pusher: LivePusher
  player: LivePlayer
}

/** A phone showing the live room page: its visit and the page's view model of it. */
export interface LivePagePhone extends Phone {
  live: UseLiveRoomReturn
}

/** How a test's visit differs from the app's: sped-up timing (over FAST_TIMING), co-anchoring limits. */
export type VisitSetup = Pick<UseRoomVisitOptions, 'timing' | 'linkMic'>

export async function until(check: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 2))
  }
}

export class RoomWorld {
  private readonly scopes: EffectScope[] = []
  private phones = 0

  private constructor(
    readonly service: RoomServiceHarness,
    readonly imServer: FakeImServer,
    readonly shim: WxShim,
  ) {}

  /**
   * `service` chooses the room service's setup (recording, where mixes go; see
   * RoomServiceHarnessOptions) and `env` adds to its environment.
   */
  static async start(service: RoomServiceHarnessOptions & { env?: Env } = {}): Promise<RoomWorld> {
    const shim = installWeChat()
    const { env = {}, ...options } = service
    return new RoomWorld(await startRoomServiceHarness(env, options), new FakeImServer(), shim)
  }

  /** A phone with no page yet: for composables made with `run` (its client, IM and profile are set). */
  device(): Device {
    const pinia = createPinia()
    const scope = effectScope()
    this.scopes.push(scope)
    const userID = `user_${++this.phones}`
    let online = true
    const client = new RoomServiceClient({
      baseUrl: 'http://room-service.test',
      transport: (...args) =>
        online ? this.service.transport(...args) : Promise.reject(new RoomServiceError(ErrorCode.NETWORK_ERROR, 'offline', args[3])),
      sleep: async () => undefined,
    })
    const im = this.imServer.createClient()
    const run = <T>(fn: () => T): T => {
      setActivePinia(pinia)
      return scope.run(fn) as T
    }
    run(() => useProfileStore().set({ userId: userID, nickname: `用户${this.phones}`, avatar: '' }))
    return {
      userID,
      client,
      im,
      run,
      goOffline: () => {
        online = false
        this.imServer.setNetState('disconnected', userID)
      },
      close: () => scope.stop(),
    }
  }

  /** A visit of `device` (a new page of its app), not yet in a room. */
  visit(device: Device, setup: VisitSetup = {}): RoomVisit {
    const { client, im } = device
    const timing = { ...FAST_TIMING, ...setup.timing }
    return device.run(() => useRoomVisit({ roomService: client, im, config: DEBUG_CONFIG, timing, linkMic: setup.linkMic, chat: { flushIntervalMs: 5 } }))
  }

  phone(setup: VisitSetup = {}): Phone {
    const device = this.device()
    const visit = this.visit(device, setup)
    return { ...device, visit, pusher: visit.pusher, player: visit.player }
  }

  /** A phone on the live room page, not yet opened (call `live.open`). */
  livePage(setup: VisitSetup = {}): LivePagePhone {
    const phone = this.phone(setup)
    return { ...phone, live: phone.run(() => useLiveRoom(phone.visit)) }
  }

  /** A live room page that has gone live in a new room. */
  async anchorPage(roomName = '晚间答疑'): Promise<LivePagePhone> {
    const page = this.livePage()
    const opened = page.live.open({ role: 'anchor', roomName, audioOnly: false })
    await this.pushConnects(page)
    if (!(await opened)) throw new Error(`could not go live: ${page.visit.room.notice}`)
    return page
  }

  /** A live room page watching `roomID`. */
  async audiencePage(roomID: string): Promise<LivePagePhone> {
    const page = this.livePage()
    if (!(await page.live.open({ role: 'audience', roomID }))) throw new Error(`could not enter: ${page.visit.room.notice}`)
    return page
  }

  /** Answers `phone`'s pusher start with 1002 once the native start was called, as WeChat does. */
  async pushConnects(phone: Pick<Phone, 'pusher'>): Promise<void> {
    await until(() => phone.pusher.status.value === 'connecting' && this.shim.records.pushers.some((p) => p.called('start')), 'pusher start')
    phone.pusher.onStateChange({ detail: { code: 1002 } })
    await nextTick()
  }

  /** A phone that has gone live in a new room. */
  async anchor(roomName = '周五晚课', setup: VisitSetup = {}): Promise<Phone> {
    const phone = this.phone(setup)
    const live = phone.visit.goLive({ roomName })
    await this.pushConnects(phone)
    if (!(await live)) throw new Error(`anchor could not go live: ${phone.visit.room.notice}`)
    return phone
  }

  /** A phone watching `roomID`. */
  async viewer(roomID: string, setup: VisitSetup = {}): Promise<Phone> {
    const phone = this.phone(setup)
    if (!(await phone.visit.watchRoom(roomID))) throw new Error(`viewer could not enter: ${phone.visit.room.notice}`)
    return phone
  }

  async close(): Promise<void> {
    this.scopes.splice(0).forEach((s) => s.stop())
    vi.unstubAllGlobals()
    await this.service.close()
  }
}
