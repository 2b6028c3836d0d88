// Entering a room, as anchor (get a push URL, push, create the room and its chat group) or as
// audience (join the chat group, count in, play the mixed stream). Each step first checks the
// entry's AbortSignal: once the user has left, the entry stops and undoes what it did.
import { ErrorCode } from '@liveroom/protocol/errors'
import type { GetAnchorsReply } from '@liveroom/protocol/roomService'
import { RoomServiceError, type RoomServiceClient } from '@/adapters/roomService'
import type { ImClient } from '@/adapters/im/types'
import type { AbortSignalLike } from '@/utils/abort'
import type { RoomDetails } from './roomState'
import type { LivePlayer } from './useLivePlayer'
import type { LivePusher } from './useLivePusher'
import { untilPushing } from './untilPushing'

export interface GoLiveOptions {
  roomName: string
  audioOnly?: boolean
  /** Keep the live as a replay (the service answers 5006 when it does not record). */
  record?: boolean
  /** Go live again in this room of ours (its audience and co-anchors stay) instead of a new one. */
  resumeRoomID?: string
  /** The room service refused `roomName` (TEXT_BLOCKED), before anything was created; going live fails too. */
  onNameRefused?: () => void
}

export interface UseRoomEntryOptions {
  roomService: RoomServiceClient
  im: ImClient
  /** Logs in (room service and IM) and says who we are. */
  login: () => Promise<string>
  nickname: () => string
  /** The user's avatar URL ('' for none), shown next to them in the room. */
  avatar: () => string
  pusher: LivePusher
  player: LivePlayer
  pushStartTimeoutMs: number
  /** This visit is entering `roomID` as audience. */
  claim: (roomID: string) => void
  /** Whether this visit may take the user out of `roomID` (no newer visit of it has entered). */
  mayLeave: (roomID: string) => boolean
}

export interface UseRoomEntryReturn {
  /** Resolves the new room's details once live; rejects with why not (or once `signal` aborts). */
  goLive(options: GoLiveOptions, signal: AbortSignalLike): Promise<RoomDetails>
  watchRoom(roomID: string, signal: AbortSignalLike): Promise<RoomDetails>
  /** How the user shows up in a room's audience list. */
  audienceInfo(): string
}

/** Anchor push settings: RTC mode, 850 kbps, 9:16. */
const ANCHOR_PUSH = { mode: 'RTC', minBitrate: 850, maxBitrate: 850, aspect: '9:16' } as const

/** Why the service would not let us back into the room. */
const RESUME_REFUSED: Partial<Record<number, string>> = {
  [ErrorCode.ROOM_NOT_FOUND]: '这场直播已经结束，无法继续直播',
  [ErrorCode.NOT_ROOM_CREATOR]: '这不是你开的直播间，无法继续直播',
}

/** Entering a room that has ended or never existed (an old share card, a stale list). */
const ROOM_GONE_TEXT = '这场直播已结束'

function detailsFrom(reply: GetAnchorsReply): RoomDetails {
  const { roomID, roomName, roomCreator: creator, mixedPlayURL, pushers, audienceCount, anchorAway, coverURL } = reply
  return { roomID, roomName, creator, mixedPlayURL, pushers, audienceCount, anchorAway, coverURL }
}

export function useRoomEntry(options: UseRoomEntryOptions): UseRoomEntryReturn {
  const { roomService, im, pusher, player } = options
  const audienceInfo = () => JSON.stringify({ userName: options.nickname(), userAvatar: options.avatar() })

  async function push(pushURL: string, audioOnly: boolean, signal: AbortSignalLike): Promise<void> {
    pusher.configure({ ...ANCHOR_PUSH, audioOnly })
    if (!(await pusher.start(pushURL))) throw new Error(pusher.session.message ?? '推流未能开始')
    signal.throwIfAborted()
    await untilPushing(pusher, options.pushStartTimeoutMs)
    signal.throwIfAborted()
  }

  /** Back in our own open room with a fresh push; a failure leaves the room as it is (it times out by itself). */
  async function resume(roomID: string, audioOnly: boolean, signal: AbortSignalLike): Promise<RoomDetails> {
    const creator = await options.login()
    signal.throwIfAborted()
    const reply = await roomService.call('resume_room', { roomID, userName: options.nickname(), userAvatar: options.avatar() }).catch((err: unknown) => {
      const refused = err instanceof RoomServiceError ? RESUME_REFUSED[err.code] : undefined
      throw refused ? new Error(refused) : err
    })
    signal.throwIfAborted()
    await push(reply.pushURL, audioOnly, signal)
    await im.joinRoomGroup(roomID, { create: false })
    signal.throwIfAborted()
    const { roomName, pushers, audienceCount } = reply
    return { roomID, roomName, creator, mixedPlayURL: reply.flvPlayURL, pushers, audienceCount }
  }

  async function goLive({ roomName, audioOnly = false, record = false, resumeRoomID, onNameRefused }: GoLiveOptions, signal: AbortSignalLike): Promise<RoomDetails> {
    if (resumeRoomID) return resume(resumeRoomID, audioOnly, signal)
    const creator = await options.login()
    signal.throwIfAborted()
    const urls = await roomService.call('get_anchor_url', {})
    signal.throwIfAborted()
    await push(urls.pushURL, audioOnly, signal)
    const { roomID } = await roomService
      .call('create_room', { roomInfo: roomName, roomName, requireAdmission: true, ...(record ? { record: true } : {}) })
      .catch((err: unknown) => {
        if (err instanceof RoomServiceError && err.code === ErrorCode.TEXT_BLOCKED) onNameRefused?.()
        throw err
      })
    try {
      signal.throwIfAborted()
      await roomService.call('add_anchor', { roomID, userName: options.nickname(), userAvatar: options.avatar(), pushURL: urls.pushURL })
      signal.throwIfAborted()
      await im.joinRoomGroup(roomID, { create: true, name: roomName })
      signal.throwIfAborted()
    } catch (err) {
      await Promise.allSettled([roomService.call('destroy_room', { roomID }), im.dismissRoomGroup(roomID)])
      throw err
    }
    return { roomID, roomName, creator, mixedPlayURL: urls.flvPlayURL, pushers: [], audienceCount: 0 }
  }

  async function watchRoom(roomID: string, signal: AbortSignalLike): Promise<RoomDetails> {
    options.claim(roomID)
    await options.login()
    signal.throwIfAborted()
    const details = detailsFrom(
      await roomService.call('get_anchors', { roomID }).catch((err: unknown) => {
        // A shared card outlives its room: say the live is over rather than "room not found".
        throw err instanceof RoomServiceError && err.code === ErrorCode.ROOM_NOT_FOUND ? new Error(ROOM_GONE_TEXT) : err
      }),
    )
    signal.throwIfAborted()
    // Sent ahead of the join, not awaited: the join tip then names us in the room's enter notices,
    // and entering waits for no extra round trip (a failure only leaves the name out).
    im.setNickName(options.nickname()).catch(() => undefined)
    await im.joinRoomGroup(roomID, { create: false })
    try {
      signal.throwIfAborted()
      const { audienceCount } = await roomService.call('add_audience', { roomID, userInfo: audienceInfo() })
      signal.throwIfAborted()
      player.setMode('live')
      if (!(await player.play(details.mixedPlayURL))) throw new Error(player.session.message ?? '播放未能开始')
      signal.throwIfAborted()
      return { ...details, audienceCount }
    } catch (err) {
      if (options.mayLeave(roomID)) await Promise.allSettled([roomService.call('delete_audience', { roomID }), im.quitRoomGroup(roomID)])
      throw err
    }
  }

  return { goLive, watchRoom, audienceInfo }
}
