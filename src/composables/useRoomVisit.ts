// One visit of one room, owned by the page that opens it: its room state, pusher, player, chat and
// co-anchoring, and its stay in the room from entering to leaving. The visit ends with the page's
// scope (unload, back gesture): what is under way is aborted and the room is left.
import { onScopeDispose, type ComputedRef } from 'vue'
import { ErrorCode } from '@liveroom/protocol/errors'
import type { PusherInfo } from '@liveroom/protocol/roomService'
import { RoomServiceError, type RoomServiceClient } from '@/adapters/roomService'
import { KICKED_OUT_TEXT } from '@/adapters/im/errors'
import type { ImClient, Unsubscribe } from '@/adapters/im/types'
import { appConfig, type AppConfig } from '@/config'
import { useCurrentVisitStore } from '@/stores/currentVisit'
import { createAbortController, type AbortControllerLike, type AbortSignalLike } from '@/utils/abort'
import { errorText } from '@/utils/errorText'
import { singleFlight } from '@/utils/singleFlight'
import { createRoomState, type RoomDetails, type RoomRole, type RoomState } from './roomState'
import { listenForRemoval } from './removalNotice'
import { useAudience, type UseAudienceReturn } from './useAudience'
import { useModeration, type UseModerationReturn } from './useModeration'
import { useFollowMixedStream } from './useFollowMixedStream'
import { useIMChat, type UseIMChatOptions, type UseIMChatReturn } from './useIMChat'
import type { UseLinkMicGuestReturn } from './useLinkMicGuest'
import type { UseLinkMicHostReturn } from './useLinkMicHost'
import { useCoAnchoring } from './useCoAnchoring'
import { ROOM_PLAYER_SETTINGS, useLivePlayer, type LivePlayer } from './useLivePlayer'
import { useLivePusher, type LivePusher } from './useLivePusher'
import { useLiveReminder, type UseLiveReminderReturn } from './useLiveReminder'
import { useLiveSummary, type UseLiveSummaryReturn } from './useLiveSummary'
import { useMediaRecovery } from './useMediaRecovery'
import { readAnchorLook } from './anchorLook'
import { useAnchorAway } from './useAnchorAway'
import { useProfile } from './useProfile'
import { useRoomEntry, type GoLiveOptions } from './useRoomEntry'
import { useRoomCover, type UseRoomCoverReturn } from './useRoomCover'
import { PRESENCE_TEXT, useRoomPresence } from './useRoomPresence'
import { DEFAULT_ROOM_TIMING, type RoomTiming } from './roomTiming'
import { useSession } from './useSession'
import { PUSH_TIMEOUT_MESSAGE } from './untilPushing'

export const ROOM_MESSAGES = { anchorEnded: '主播已结束直播', pushTimeout: PUSH_TIMEOUT_MESSAGE, ...PRESENCE_TEXT } as const

export interface UseRoomVisitOptions {
  roomService: RoomServiceClient
  im: ImClient
  config?: AppConfig
  timing?: Partial<RoomTiming>
  /** A co-anchor request waits `timeoutMs` (10 s) for an answer; at most `maxCoAnchors` (3) at once. */
  linkMic?: { timeoutMs?: number; maxCoAnchors?: number }
  chat?: Pick<UseIMChatOptions, 'flushIntervalMs' | 'limit' | 'enterNoticeMs'>
}

export interface RoomVisit {
  room: RoomState
  pusher: LivePusher
  player: LivePlayer
  chat: UseIMChatReturn
  host: UseLinkMicHostReturn
  guest: UseLinkMicGuestReturn
  /** The audience panel (empty while closed). */
  audience: UseAudienceReturn
  moderation: UseModerationReturn
  /** The live-end figures once the room has closed. */
  summary: UseLiveSummaryReturn['summary']
  /** 开播提醒 of the room's anchor, offered to its audience. */
  reminder: UseLiveReminderReturn
  /** The share card's picture (the anchor's snapshot, the room's cover, or the default). */
  cover: UseRoomCoverReturn
  /** Streams shown in the co-anchor windows, in window order (bottom-right upward). */
  windows: ComputedRef<readonly PusherInfo[]>
  /** Each resolves false with the room's notice saying why; a second call while one is under way joins it. */
  goLive(options: GoLiveOptions): Promise<boolean>
  watchRoom(roomID: string): Promise<boolean>
  /** Leaves the room, or stops the entry under way; safe at any time and more than once. */
  leave(): Promise<void>
  refreshAnchors(): Promise<void>
}

export function useRoomVisit(options: UseRoomVisitOptions): RoomVisit {
  const { roomService, im } = options
  const timing: RoomTiming = { ...DEFAULT_ROOM_TIMING, ...options.timing }
  const session = useSession({ client: roomService, im, config: options.config })
  const { profile } = useProfile()
  const currentVisit = useCurrentVisitStore()
  const { state: room, actions } = createRoomState()
  // The look chosen in the new-room preview (or last time).
  const pusher = useLivePusher({ id: 'pusher', stopOnHide: false, settings: readAnchorLook() })
  const player = useLivePlayer({ id: 'player', stopOnHide: false, settings: ROOM_PLAYER_SETTINGS })
  const self = () => session.store.userID ?? ''
  const roomID = () => room.details?.roomID ?? null
  /** The stay in the room, from entering to leaving: aborting it stops an entry under way. */
  let stay: AbortControllerLike | null = null
  let listeners: Unsubscribe[] = []

  const entry = useRoomEntry({
    roomService,
    im,
    login: () => session.ensureLoggedIn().then(self),
    nickname: () => profile.value.nickname,
    avatar: () => roomService.imageUrl(profile.value.avatar),
    pusher,
    player,
    pushStartTimeoutMs: timing.pushStartTimeoutMs,
    claim: (id) => currentVisit.claim(room, id),
    mayLeave: (id) => currentVisit.mayLeave(room, id),
  })
  const presence = useRoomPresence({ roomService, room, actions, audienceInfo: entry.audienceInfo, timing, onLost: (notice) => end(notice) })
  const recovery = useMediaRecovery({ room, pusher, player, timing, refreshAnchors, onGiveUp: (notice) => end(notice, 'failed') })
  useFollowMixedStream(room, player)
  const beat = () => presence.beat(() => end(ROOM_MESSAGES.heartbeatLost))
  useAnchorAway({
    roomService, im, room, actions, pusher, player, refreshAnchors, onEnded: (notice) => end(notice),
    waitingImageUrl: (options.config ?? appConfig).waitingImageUrl, stopBeating: presence.stopBeating, resumeBeating: beat,
  })

  async function refreshAnchors(): Promise<void> {
    const id = roomID()
    if (!id) return
    try {
      const { pushers, audienceCount, mixedPlayURL, anchorAway, coverURL } = await roomService.call('get_anchors', { roomID: id })
      actions.update({ pushers, audienceCount, mixedPlayURL, anchorAway, coverURL })
    } catch (err) {
      if (err instanceof RoomServiceError && err.code === ErrorCode.ROOM_NOT_FOUND) end(ROOM_MESSAGES.roomGone)
    }
  }

  /** The room ended for a reason outside the user's hands: leave it and say why. */
  function end(reason: string, outcome: 'closed' | 'failed' = 'closed'): void {
    if (room.phase === 'live') void leave({ outcome, reason })
  }

  function listen({ roomID: id, creator }: RoomDetails): void {
    listeners = [
      listenForRemoval(im, { roomID: id, creator }, () => roomService.serverNow(), (notice) => end(notice)),
      im.on('groupDismissed', (e) => e.roomID === id && end(ROOM_MESSAGES.anchorEnded)),
      im.on('kickedOut', (e) => end(`${KICKED_OUT_TEXT[e.reason]}，已退出直播间`)),
      im.on('pusherChanged', (e) => e.roomID === id && void refreshAnchors()),
    ]
  }

  const entering = singleFlight<boolean>()
  function enter(role: RoomRole, run: (signal: AbortSignalLike) => ReturnType<typeof entry.goLive>): Promise<boolean> {
    return entering(async () => {
      if (room.phase === 'live') await leave()
      const current = (stay = createAbortController())
      actions.enter(role)
      recovery.reset()
      try {
        const details = await run(current.signal)
        actions.live(details)
        listen(details)
        if (role === 'anchor') beat()
        else presence.checkIn()
        return true
      } catch (err) {
        // Left while entering, the media started since must stop too; a failure is shown.
        if (role === 'anchor') pusher.stop()
        else player.stop()
        if (!current.signal.aborted) actions.fail(errorText(err))
        return false
      }
    })
  }

  async function leave(why: { outcome: 'closed' | 'failed'; reason: string } = { outcome: 'closed', reason: '' }): Promise<void> {
    stay?.abort()
    stay = null
    presence.stop()
    listeners.splice(0).forEach((off) => off())
    const id = roomID()
    const { role } = room
    const wasIn = room.phase === 'live'
    pusher.stop()
    player.stop()
    if (room.phase === 'entering') actions.close(why.reason)
    if (!id || !wasIn) return
    if (why.outcome === 'failed') actions.fail(why.reason)
    else actions.close(why.reason)
    if (!currentVisit.mayLeave(room, id)) return
    const steps =
      role === 'anchor'
        ? [roomService.call('destroy_room', { roomID: id }), im.dismissRoomGroup(id)]
        : [roomService.call('delete_audience', { roomID: id }), im.quitRoomGroup(id)]
    await Promise.allSettled(steps)
  }

  const { host, guest, windows } = useCoAnchoring({
    ...options.linkMic,
    roomService, im, room, pusher, player, presence,
    self: () => ({ userID: self(), userName: profile.value.nickname, userAvatar: roomService.imageUrl(profile.value.avatar) }),
    pushStartTimeoutMs: timing.pushStartTimeoutMs, refreshAnchors,
  })

  const chat = useIMChat({
    ...options.chat, client: im, roomID,
    // The chat stays on screen after the room ends (with why it ended), read-only.
    closed: () => room.phase !== 'live',
    sender: () => ({ userID: self(), nickName: profile.value.nickname, headPic: roomService.imageUrl(profile.value.avatar) }),
  })

  const audience = useAudience({ roomService, im, roomID })
  const moderation = useModeration({ roomService, im, roomID, self, isCreator: () => room.role === 'anchor', onRemoved: audience.remove })

  onScopeDispose(() => void leave())

  return {
    room, pusher, player, chat, host, guest, windows, audience, moderation,
    summary: useLiveSummary({ roomService, room }).summary,
    cover: useRoomCover({ roomService, room, pusher, defaultImage: (options.config ?? appConfig).waitingImageUrl }),
    reminder: useLiveReminder({ roomService, templateId: (options.config ?? appConfig).liveTemplateId, anchor: () => (room.role === 'audience' ? room.details?.creator ?? null : null) }),
    goLive: (goLiveOptions) => enter('anchor', (signal) => entry.goLive(goLiveOptions, signal)),
    watchRoom: (id) => (room.phase === 'live' && roomID() === id ? Promise.resolve(true) : enter('audience', (signal) => entry.watchRoom(id, signal))),
    leave: () => leave(),
    refreshAnchors,
  }
}
