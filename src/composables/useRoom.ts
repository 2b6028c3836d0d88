// A live room from entering to leaving, as anchor or audience (SPEC §3–§5):
// room-service bookkeeping, the IM group, heartbeats, and what the user sees when it ends.
import { onUnload } from '@dcloudio/uni-app'
import { onScopeDispose, watch } from 'vue'
import { ErrorCode } from '@liveroom/protocol/errors'
import type { GetAnchorsReply } from '@liveroom/protocol/roomService'
import { roomService, RoomServiceError, type RoomServiceClient } from '@/adapters/roomService'
import { resolveImClient } from '@/adapters/im/inject'
import { KICKED_OUT_TEXT } from '@/adapters/im/errors'
import type { ImClient, KickedOutReason, Unsubscribe } from '@/adapters/im/types'
import { useRoomStore, type RoomDetails, type RoomRole } from '@/stores/room'
import { createRepeater } from '@/utils/repeater'
import { singleFlight } from '@/utils/singleFlight'
import type { useLivePlayer } from './useLivePlayer'
import type { useLivePusher } from './useLivePusher'
import { useProfile } from './useProfile'
import { useSession, type UseSessionOptions } from './useSession'
import { PUSH_TIMEOUT_MESSAGE, untilPushing } from './untilPushing'

export type LivePusherHandle = ReturnType<typeof useLivePusher>
export type LivePlayerHandle = ReturnType<typeof useLivePlayer>

export interface RoomTiming {
  /** First anchor heartbeat after going live (SPEC §4: 3 s), then every `heartbeatEveryMs` (7 s). */
  heartbeatFirstMs: number
  heartbeatEveryMs: number
  /** How often the audience checks in (add_audience again): counted as present, and told if the room closed. */
  audienceCheckMs: number
  /** How long the anchor waits for the pusher's 1002 before giving up. */
  pushStartTimeoutMs: number
  /** Restarts of a pusher/player after the network is lost for good (-1307 / -2301). */
  mediaRetries: number
  mediaRetryDelayMs: number
}

export const DEFAULT_ROOM_TIMING: RoomTiming = {
  heartbeatFirstMs: 3000,
  heartbeatEveryMs: 7000,
  audienceCheckMs: 10000,
  pushStartTimeoutMs: 15000,
  mediaRetries: 2,
  mediaRetryDelayMs: 2000,
}

export interface UseRoomOptions extends Omit<UseSessionOptions, 'im'> {
  /** A room always needs IM (its chat group). */
  im?: ImClient
  pusher?: LivePusherHandle
  player?: LivePlayerHandle
  timing?: Partial<RoomTiming>
}

export interface GoLiveOptions {
  roomName: string
  audioOnly?: boolean
  /** Keep the live as a replay (the service answers 5006 when it does not record). */
  record?: boolean
}

/** Anchor pusher settings of SPEC §3: RTC mode, 850 kbps, 9:16. */
const ANCHOR_PUSH = { mode: 'RTC', minBitrate: 850, maxBitrate: 850, aspect: '9:16' } as const

export const ROOM_MESSAGES = {
  anchorEnded: '主播已结束直播',
  roomGone: '直播间已关闭',
  pushTimeout: PUSH_TIMEOUT_MESSAGE,
  heartbeatLost: '与房间服务的连接已断开，直播已结束',
} as const

const kickedOutNotice = (reason: KickedOutReason) => `${KICKED_OUT_TEXT[reason]}，已退出直播间`

/** Thrown inside an entry's steps once the user has left: the entry stops and undoes what it did. */
class EntryCancelled extends Error {}

/** A play URL without its query: the same stream signed again is not another stream. */
function streamOf(url: string): string {
  return url.split(/[?#]/, 1)[0]
}

function messageOf(err: unknown): string {
  if (err instanceof RoomServiceError) return err.userMessage
  return err instanceof Error ? err.message : String(err)
}

export function useRoom(options: UseRoomOptions = {}) {
  const store = useRoomStore()
  const session = useSession(options)
  const { profile } = useProfile()
  const timing: RoomTiming = { ...DEFAULT_ROOM_TIMING, ...options.timing }
  const client = (): RoomServiceClient => options.client ?? roomService()
  const im = (): ImClient => resolveImClient(options.im)

  let subscriptions: Unsubscribe[] = []
  const entering = singleFlight<boolean>()
  /** The store's entry number this page holds; once another page enters, this one holds nothing. */
  let myEntry = -1
  const holdsRoom = () => store.entry === myEntry
  let mediaRetriesLeft = timing.mediaRetries

  const roomID = () => store.details?.roomID ?? null

  // Anyone pushing in the room (the anchor, and co-anchors) beats; the audience checks the room exists.
  const heartbeats = createRepeater(timing.heartbeatFirstMs, timing.heartbeatEveryMs, () => heartbeat())
  const roomChecks = createRepeater(timing.audienceCheckMs, timing.audienceCheckMs, () => checkIn())
  /** What losing our place as a pusher means: the end of the room for the anchor, of the link for a co-anchor. */
  let onPusherLost: () => void = () => end(ROOM_MESSAGES.heartbeatLost)

  function stopTimers() {
    heartbeats.stop()
    roomChecks.stop()
  }

  function listen(id: string) {
    const client = im()
    subscriptions = [
      client.on('groupDismissed', (e) => e.roomID === id && end(ROOM_MESSAGES.anchorEnded)),
      client.on('kickedOut', (e) => end(kickedOutNotice(e.reason))),
      client.on('pusherChanged', (e) => e.roomID === id && void refreshAnchors()),
    ]
  }

  function unlisten() {
    subscriptions.forEach((off) => off())
    subscriptions = []
  }

  /** The room ended for a reason outside the user's hands: stop media, leave, say why. */
  function end(reason: string, outcome: 'closed' | 'failed' = 'closed') {
    if (store.phase !== 'live') return
    void leave({ outcome, reason })
  }

  function detailsFrom(reply: GetAnchorsReply): RoomDetails {
    return {
      roomID: reply.roomID,
      roomName: reply.roomName,
      creator: reply.roomCreator,
      mixedPlayURL: reply.mixedPlayURL,
      pushers: reply.pushers,
      audienceCount: reply.audienceCount,
    }
  }

  async function refreshAnchors(): Promise<void> {
    const id = roomID()
    if (!id) return
    try {
      const reply = await client().call('get_anchors', { roomID: id })
      store.update({ pushers: reply.pushers, audienceCount: reply.audienceCount, mixedPlayURL: reply.mixedPlayURL })
    } catch (err) {
      if (err instanceof RoomServiceError && err.code === ErrorCode.ROOM_NOT_FOUND) end(ROOM_MESSAGES.roomGone)
    }
  }

  const audienceInfo = () => JSON.stringify({ userName: profile.value.nickname, userAvatar: '' })

  /** The audience's sign of life; the service drops members that stop checking in. */
  async function checkIn(): Promise<void> {
    const id = roomID()
    if (!id || store.phase !== 'live') return
    try {
      const { audienceCount } = await client().call('add_audience', { roomID: id, userInfo: audienceInfo() })
      store.update({ audienceCount })
    } catch (err) {
      if (err instanceof RoomServiceError && err.code === ErrorCode.ROOM_NOT_FOUND) end(ROOM_MESSAGES.roomGone)
    }
  }

  async function heartbeat(): Promise<void> {
    const id = roomID()
    if (!id || store.phase !== 'live') return
    try {
      const reply = await client().call('anchor_heartbeat', { roomID: id, roomStatusCode: 0 })
      store.update({ pushers: reply.pushers })
    } catch (err) {
      if (err instanceof RoomServiceError && err.code === ErrorCode.ROOM_NOT_FOUND) end(ROOM_MESSAGES.heartbeatLost)
      else if (err instanceof RoomServiceError && err.code === ErrorCode.PUSHER_NOT_FOUND) onPusherLost()
      // Any other miss is not fatal: the service allows several before it expires a pusher.
    }
  }

  /** A co-anchor beats like the anchor while it pushes; `lost` runs if the service dropped it. */
  function beginPusherHeartbeat(lost: () => void): void {
    onPusherLost = lost
    heartbeats.start()
  }

  function endPusherHeartbeat(): void {
    heartbeats.stop()
  }

  /** Stops the media this role uses (the pusher for the anchor, the player for the audience). */
  function stopMedia(role: RoomRole): void {
    if (role === 'anchor') options.pusher?.stop()
    else options.player?.stop()
  }

  /**
   * Enters as `role` (leaving any room first) and runs `steps`, which call `stillEntering()` after
   * each wait: once the user has left (or another page has entered), it throws and the steps undo
   * what they did. A failure stops the media and is shown as the room's notice. One entry at a
   * time: a second call while one is under way joins it.
   */
  function enter(role: RoomRole, target: string | null, steps: (stillEntering: () => void) => Promise<void>): Promise<boolean> {
    return entering(async () => {
      if (store.phase === 'live') await leave()
      const mine = store.enter(role, target)
      myEntry = mine
      const stillEntering = () => {
        if (store.entry !== mine) throw new EntryCancelled()
      }
      mediaRetriesLeft = timing.mediaRetries
      try {
        await steps(stillEntering)
        return true
      } catch (err) {
        if (store.entry === mine && !(err instanceof EntryCancelled)) {
          stopTimers()
          unlisten()
          stopMedia(role)
          store.fail(messageOf(err))
        } else if (holdsRoom()) {
          // Left while entering: media started after leave() stopped it must stop too. (When
          // another page has entered since, the media are its own now.)
          stopMedia(role)
        }
        return false
      }
    })
  }

  /** Whether undoing a cancelled entry of `roomID` would take the user out of a newer entry of it. */
  const enteredAgain = (roomID: string) => !holdsRoom() && store.target === roomID

  /** Anchor: get a push URL, go live, create the room and its chat group, then keep it alive. */
  function goLive({ roomName, audioOnly = false, record = false }: GoLiveOptions): Promise<boolean> {
    const pusher = options.pusher
    if (!pusher) throw new Error('useRoom: goLive needs the pusher handle')
    return enter('anchor', null, async (stillEntering) => {
      await session.ensureLoggedIn()
      stillEntering()
      const urls = await client().call('get_anchor_url', {})
      stillEntering()
      pusher.reset({ ...ANCHOR_PUSH, audioOnly })
      if (!(await pusher.start(urls.pushURL))) throw new Error(pusher.session.message ?? '推流未能开始')
      stillEntering()
      await untilPushing(pusher, timing.pushStartTimeoutMs)
      stillEntering()
      const { roomID: id } = await client().call('create_room', {
        roomInfo: roomName,
        roomName,
        requireAdmission: true,
        ...(record ? { record: true } : {}),
      })
      try {
        stillEntering()
        await client().call('add_anchor', { roomID: id, userName: profile.value.nickname, userAvatar: '', pushURL: urls.pushURL })
        stillEntering()
        await im().joinRoomGroup(id, { create: true, name: roomName })
        stillEntering()
      } catch (err) {
        await Promise.allSettled([client().call('destroy_room', { roomID: id }), im().dismissRoomGroup(id)])
        throw err
      }
      const creator = session.store.userID ?? ''
      store.live({ roomID: id, roomName, creator, mixedPlayURL: urls.flvPlayURL, pushers: [], audienceCount: 0 })
      listen(id)
      onPusherLost = () => end(ROOM_MESSAGES.heartbeatLost)
      heartbeats.start()
    })
  }

  /** Audience: join the chat group, count in, and play the room's mixed stream. */
  function watchRoom(id: string): Promise<boolean> {
    const player = options.player
    if (!player) throw new Error('useRoom: watchRoom needs the player handle')
    if (holdsRoom() && store.phase === 'live' && roomID() === id) return Promise.resolve(true)
    return enter('audience', id, async (stillEntering) => {
      await session.ensureLoggedIn()
      stillEntering()
      const details = detailsFrom(await client().call('get_anchors', { roomID: id }))
      stillEntering()
      await im().joinRoomGroup(id, { create: false })
      let audienceCount: number
      try {
        stillEntering()
        ;({ audienceCount } = await client().call('add_audience', { roomID: id, userInfo: audienceInfo() }))
        stillEntering()
        player.setMode('live')
        if (!(await player.play(details.mixedPlayURL))) throw new Error(player.session.message ?? '播放未能开始')
        stillEntering()
      } catch (err) {
        if (!enteredAgain(id)) await Promise.allSettled([client().call('delete_audience', { roomID: id }), im().quitRoomGroup(id)])
        throw err
      }
      store.live({ ...details, audienceCount })
      listen(id)
      roomChecks.start()
    })
  }

  /**
   * Leaves the room the way the role requires, or cancels the entry under way (which then undoes
   * itself); safe to call at any time and more than once. A page that another page has entered
   * after only drops its own timers and listeners: the room is the other page's now.
   */
  async function leave(why: { outcome: 'closed' | 'failed'; reason: string } = { outcome: 'closed', reason: '' }): Promise<void> {
    stopTimers()
    unlisten()
    if (!holdsRoom()) return
    myEntry = store.cancelEntry()
    const id = roomID()
    const role = store.role
    const wasIn = store.phase === 'live'
    options.pusher?.stop()
    options.player?.stop()
    if (store.phase === 'entering') store.close(why.reason)
    if (!id || !wasIn) return
    if (why.outcome === 'failed') store.fail(why.reason)
    else store.close(why.reason)
    const steps: Promise<unknown>[] =
      role === 'anchor'
        ? [client().call('destroy_room', { roomID: id }), im().dismissRoomGroup(id)]
        : [client().call('delete_audience', { roomID: id }), im().quitRoomGroup(id)]
    await Promise.allSettled(steps)
  }

  /** -1307 / -2301: restart the media a few times, then give up with the component's message. */
  async function recoverMedia(kind: 'pusher' | 'player'): Promise<void> {
    if (store.phase !== 'live') return
    if (mediaRetriesLeft <= 0) {
      if (kind === 'player') await refreshAnchors()
      const message = (kind === 'pusher' ? options.pusher : options.player)?.session.message ?? '网络异常'
      end(message, 'failed')
      return
    }
    mediaRetriesLeft--
    await new Promise((resolve) => setTimeout(resolve, timing.mediaRetryDelayMs))
    if (store.phase !== 'live') return
    if (kind === 'pusher') await options.pusher?.start()
    else await options.player?.play()
  }

  if (options.pusher) {
    const pusher = options.pusher
    watch(pusher.status, (status) => {
      if (status === 'live') mediaRetriesLeft = timing.mediaRetries
      if (store.role !== 'anchor' || status !== 'failed' || store.phase !== 'live') return
      // The network gone for good may come back; a camera or microphone that failed will not.
      if (pusher.session.lastCode === -1307) void recoverMedia('pusher')
      else end(pusher.session.message ?? '推流失败', 'failed')
    })
  }
  if (options.player) {
    const player = options.player
    watch(player.status, (status) => {
      if (status === 'failed' && player.session.lastCode === -2301) void recoverMedia('player')
      if (status === 'live') mediaRetriesLeft = timing.mediaRetries
    })
    // The room's mixed stream can move while it is watched (a self-hosted mix is published as a
    // stream of its own, and ends with the co-anchoring): a viewer playing it follows it. A
    // co-anchor, playing the others in RTC rather than the mix, keeps its streams.
    watch(
      () => store.details?.mixedPlayURL ?? '',
      (next, previous) => {
        if (!holdsRoom() || store.role !== 'audience' || store.phase !== 'live') return
        if (!next || !previous || streamOf(next) === streamOf(previous)) return
        if (player.settings.mode !== 'live' || streamOf(player.settings.url) !== streamOf(previous)) return
        void player.play(next)
      },
    )
  }

  onUnload(() => void leave())
  onScopeDispose(() => void leave())

  return { store, client, im, goLive, watchRoom, leave, refreshAnchors, beginPusherHeartbeat, endPusherHeartbeat }
}
