// The app in the background, for both sides of a room. WeChat suspends a mini-program's JS a few
// seconds after it leaves the screen, so an anchor's heartbeats stop then, while its <live-pusher>
// goes on pushing its waiting image (for about 3 minutes). So on hide the anchor stops beating and,
// within a short deadline, tells the service (set_anchor_away: the room waits up to the away limit
// instead of the heartbeat timeout) and the room (IM anchorAway); on show it says it is back, beats
// again, and starts the push again if WeChat stopped it meanwhile. Viewers see 主播暂时离开 while the
// anchor is away (at once by IM; by get_anchors when entering meanwhile). A viewer's own player
// stops while its app is hidden, and plays again on return.
import { onScopeDispose } from 'vue'
import { ErrorCode } from '@liveroom/protocol/errors'
import type { LiveEndReason } from '@liveroom/protocol/roomService'
import { RoomServiceError, type RoomServiceClient } from '@/adapters/roomService'
import type { ImClient } from '@/adapters/im/types'
import { onAppVisibility } from '@/adapters/uni/appVisibility'
import { isActive } from '@/media/status'
import type { RoomState, RoomStateActions } from './roomState'
import type { LivePlayer } from './useLivePlayer'
import type { LivePusher } from './useLivePusher'

export const ANCHOR_AWAY_TEXT = {
  away: '主播暂时离开',
  ended: '主播离开太久，直播已结束',
} as const

/** The ended overlay's text for a room that ended for `reason`, when it says more than the notice; else null. */
export function awayEndText(reason: LiveEndReason | null | undefined): string | null {
  return reason === 'anchor_away' ? ANCHOR_AWAY_TEXT.ended : null
}

/** 主播暂时离开 for a viewer of a live room whose anchor is away; else null. */
export function awayNotice(room: RoomState): string | null {
  return room.role === 'audience' && room.phase === 'live' && room.details?.anchorAway === true ? ANCHOR_AWAY_TEXT.away : null
}

export interface UseAnchorAwayOptions {
  roomService: Pick<RoomServiceClient, 'call'>
  im: Pick<ImClient, 'notifyAnchorAway' | 'on'>
  room: RoomState
  actions: Pick<RoomStateActions, 'update'>
  pusher: Pick<LivePusher, 'configure' | 'start' | 'status'>
  player: Pick<LivePlayer, 'play' | 'stop' | 'status'>
  /** What the pusher shows viewers while the app is in the background; null: WeChat's default. */
  waitingImageUrl: string | null
  /** Heartbeats: paused while away (a beat would say we are back), resumed on return; resolves once a beat on its way has its answer. */
  stopBeating(): Promise<void>
  resumeBeating(): void
  /** Reads the room again (the anchor may have left or come back while we were away). */
  refreshAnchors(): Promise<void>
  /** The room is over for us: `notice` says why. */
  onEnded(notice: string): void
  /** How long going away may take before the JS is suspended, ms (WeChat allows about 5 s). */
  deadlineMs?: number
}

const isCode = (err: unknown, code: ErrorCode) => err instanceof RoomServiceError && err.code === code

export function useAnchorAway(options: UseAnchorAwayOptions): void {
  const { roomService, im, room, actions, pusher, player, deadlineMs = 3000 } = options
  if (options.waitingImageUrl) pusher.configure({ waitingImage: options.waitingImageUrl })
  const liveRoomID = () => (room.phase === 'live' ? (room.details?.roomID ?? null) : null)
  /** The room this app was in when it went to the background. */
  let awayFrom: string | null = null
  /** A viewer's player was playing then (and was stopped). */
  let wasPlaying = false
  /** The anchor's away call and notice, settled or given up on: back waits for it, so back comes last. */
  let toldAway: Promise<unknown> = Promise.resolve()

  /** Best effort, and bounded: the app may be suspended before an answer comes. */
  function tellAway(roomID: string, beatSettled: Promise<void>): void {
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)))
    // After a heartbeat already on its way: answered after set_anchor_away, it would end the away.
    const marked = beatSettled.then(() => roomService.call('set_anchor_away', { roomID, away: true })).catch(() => {
      // Not marked away: beat on while the JS still runs, or the room would close at the usual timeout.
      if (awayFrom === roomID) options.resumeBeating()
    })
    const told = Promise.allSettled([marked, im.notifyAnchorAway(roomID, true)])
    toldAway = Promise.race([told, late]).finally(() => clearTimeout(timer))
  }

  async function anchorBack(roomID: string): Promise<void> {
    await toldAway
    try {
      await roomService.call('set_anchor_away', { roomID, away: false })
    } catch (err) {
      // Past the away limit the room is gone; other failures leave it to the next heartbeat.
      if (isCode(err, ErrorCode.ROOM_NOT_FOUND)) return options.onEnded(ANCHOR_AWAY_TEXT.ended)
    }
    if (liveRoomID() !== roomID) return
    options.resumeBeating()
    im.notifyAnchorAway(roomID, false).catch(() => undefined)
    if (!isActive(pusher.status.value)) await pusher.start()
  }

  function hidden(): void {
    const roomID = liveRoomID()
    if (!roomID) return
    awayFrom = roomID
    if (room.role === 'anchor') {
      tellAway(roomID, options.stopBeating())
      return
    }
    wasPlaying = isActive(player.status.value)
    if (wasPlaying) player.stop()
  }

  function shown(): void {
    const roomID = awayFrom
    awayFrom = null
    if (!roomID || liveRoomID() !== roomID) return
    if (room.role === 'anchor') return void anchorBack(roomID)
    if (wasPlaying) void player.play()
    void options.refreshAnchors()
  }

  const offVisibility = onAppVisibility(hidden, shown)
  const offIm = im.on('anchorAway', (e) => {
    // Only the room's creator speaks for it.
    if (e.roomID === liveRoomID() && e.userID === room.details?.creator) actions.update({ anchorAway: e.away })
  })
  onScopeDispose(() => {
    offVisibility()
    offIm()
  })
}
