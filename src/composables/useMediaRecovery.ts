// A visit's media when the network fails: after -1307 (push) or -2301 (play) the stream is restarted
// a few times, then the visit ends with the component's message. A camera or microphone that failed
// will not come back, so the anchor's live ends with it at once.
import { watch } from 'vue'
import type { RoomState } from './roomState'
import type { LivePlayer } from './useLivePlayer'
import type { LivePusher } from './useLivePusher'

export interface MediaRetryTiming {
  /** Restarts of a pusher/player after the network is lost for good. */
  mediaRetries: number
  mediaRetryDelayMs: number
}

export interface UseMediaRecoveryOptions {
  room: RoomState
  pusher: LivePusher
  player: LivePlayer
  timing: MediaRetryTiming
  /** The room's pusher list may tell why playing failed (the anchor left). */
  refreshAnchors: () => Promise<void>
  /** The media cannot go on: `notice` says why. */
  onGiveUp: (notice: string) => void
}

export interface UseMediaRecoveryReturn {
  /** A new entry: the retries start afresh. */
  reset(): void
}

export function useMediaRecovery(options: UseMediaRecoveryOptions): UseMediaRecoveryReturn {
  const { room, pusher, player, timing } = options
  let retriesLeft = timing.mediaRetries
  const live = () => room.phase === 'live'

  async function recover(media: LivePusher | LivePlayer, restart: () => Promise<boolean>): Promise<void> {
    if (!live()) return
    if (retriesLeft <= 0) {
      if (media === player) await options.refreshAnchors()
      if (live()) options.onGiveUp(media.session.message ?? '网络异常')
      return
    }
    retriesLeft--
    await new Promise((resolve) => setTimeout(resolve, timing.mediaRetryDelayMs))
    if (live()) await restart()
  }

  watch(pusher.status, (status) => {
    if (status === 'live') retriesLeft = timing.mediaRetries
    if (room.role !== 'anchor' || status !== 'failed' || !live()) return
    if (pusher.session.lastCode === -1307) void recover(pusher, () => pusher.start())
    else options.onGiveUp(pusher.session.message ?? '推流失败')
  })
  watch(player.status, (status) => {
    if (status === 'live') retriesLeft = timing.mediaRetries
    if (status === 'failed' && player.session.lastCode === -2301) void recover(player, () => player.play())
  })

  return {
    reset() {
      retriesLeft = timing.mediaRetries
    },
  }
}
