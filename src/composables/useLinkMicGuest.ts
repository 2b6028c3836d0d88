// Co-anchoring (连麦) as an audience member: request → (accepted) play the anchor's low-latency
// stream, push our own in RTC, join the pushers and beat like one → quit or kicked → back to the
// mixed stream. A link being set up stops at its next step once it is ended (its AbortSignal).
import { computed, onScopeDispose, readonly, ref, watch, type ComputedRef, type Ref } from 'vue'
import type { LinkMicData } from '@liveroom/protocol/im'
import { createAbortController, type AbortControllerLike } from '@/utils/abort'
import { errorText } from '@/utils/errorText'
import type { LinkMicPort } from './linkMicPort'
import { LINKMIC_NOTICE_MS, LINKMIC_TEXT } from './linkMicText'
import type { RoomState } from './roomState'
import type { LivePlayer } from './useLivePlayer'
import type { LivePusher } from './useLivePusher'
import type { UseRoomPresenceReturn } from './useRoomPresence'
import { useTransientNotice } from './useTransientNotice'
import { untilPushing } from './untilPushing'

/** idle → requesting → connecting → linked → idle. */
export type LinkMicPhase = 'idle' | 'requesting' | 'connecting' | 'linked'

/** Co-anchor push settings: RTC, 200–300 kbps. */
const CO_ANCHOR_PUSH = { mode: 'RTC', minBitrate: 200, maxBitrate: 300, aspect: '9:16', audioOnly: false } as const

export interface UseLinkMicGuestOptions {
  port: LinkMicPort
  room: RoomState
  pusher: LivePusher
  player: LivePlayer
  presence: Pick<UseRoomPresenceReturn, 'beat' | 'stopBeating'>
  /** Who we are: our user ID, and the name and avatar URL (absent or '': none) the anchor and the room see. */
  self: () => { userID: string; userName: string; userAvatar?: string }
  timeoutMs: number
  pushStartTimeoutMs: number
  refreshAnchors: () => Promise<void>
}

export interface UseLinkMicGuestReturn {
  phase: Readonly<Ref<LinkMicPhase>>
  notice: Readonly<Ref<string | null>>
  /** Linked, and the anchor left our audio out of the mix (set_pusher_muted). */
  mutedByAnchor: ComputedRef<boolean>
  /** Asks the anchor; the outcome shows in `phase` and `notice`. */
  request(): Promise<void>
  /** Ends the link by choice: back to the mixed stream. */
  quit(): Promise<void>
}

function refusalText(reason: string): string {
  if (reason === LINKMIC_TEXT.timeout) return LINKMIC_TEXT.timeout
  return reason ? `${LINKMIC_TEXT.refused}：${reason}` : LINKMIC_TEXT.refused
}

export function useLinkMicGuest(options: UseLinkMicGuestOptions): UseLinkMicGuestReturn {
  const { port, room, pusher, player, presence } = options
  const phase = ref<LinkMicPhase>('idle')
  const notice = useTransientNotice(LINKMIC_NOTICE_MS)
  let requestTimer: ReturnType<typeof setTimeout> | null = null
  /** The link up or being set up; aborting it stops the setup at its next step. */
  let link: AbortControllerLike | null = null

  const roomID = () => room.details?.roomID ?? ''
  const creator = () => room.details?.creator ?? ''

  function settle(next: 'idle' | 'connecting', text: string | null): void {
    if (requestTimer) clearTimeout(requestTimer)
    requestTimer = null
    phase.value = next
    notice.show(text)
  }

  async function request(): Promise<void> {
    if (room.role !== 'audience' || room.phase !== 'live' || phase.value !== 'idle') return
    phase.value = 'requesting'
    notice.show(null)
    // Co-anchoring needs the camera and microphone: settle that before the anchor is asked.
    if (!(await pusher.permission.ensure(['scope.camera', 'scope.record']))) {
      if (phase.value === 'requesting') settle('idle', pusher.permission.explanation.value)
      return
    }
    if (phase.value !== 'requesting') return
    requestTimer = setTimeout(() => settle('idle', LINKMIC_TEXT.timeout), options.timeoutMs)
    const { userID, userName, userAvatar = '' } = options.self()
    try {
      await port.send(creator(), { type: 'request', roomID: roomID(), userID, userName, userAvatar, timestamp: port.serverNow() })
    } catch {
      // The phase may have moved on while sending (an answer can beat the send's own reply).
      if (phase.value === 'requesting') settle('idle', LINKMIC_TEXT.sendFailed)
    }
  }

  /** Takes us off the room's pushers and has the others refresh their lists. */
  async function leavePushers(id: string): Promise<void> {
    await port.leavePushers(id).catch(() => undefined)
    await port.notifyPusherChange(id, options.self().userID).catch(() => undefined)
  }

  /** Accepted: play the anchor in RTC, push our own stream, and join the pushers once it is up. */
  async function startLink(): Promise<void> {
    settle('connecting', null)
    const controller = (link = createAbortController())
    const { signal } = controller
    let joined = false
    try {
      // The list may be old: its signed play URLs expire, and the anchor must still be pushing.
      await options.refreshAnchors()
      signal.throwIfAborted()
      const anchor = room.details?.pushers.find((p) => p.userID === creator())
      if (!anchor) throw new Error('主播已不在推流')
      player.setMode('RTC')
      await player.play(anchor.accelerateURL)
      signal.throwIfAborted()
      const pushURL = await port.pushURL()
      signal.throwIfAborted()
      pusher.configure(CO_ANCHOR_PUSH)
      if (!(await pusher.start(pushURL))) throw new Error(pusher.session.message ?? '推流未能开始')
      await untilPushing(pusher, options.pushStartTimeoutMs)
      signal.throwIfAborted()
      const { userName, userAvatar = '' } = options.self()
      await port.joinPushers(roomID(), { userName, userAvatar }, pushURL)
      joined = true
      signal.throwIfAborted()
      await port.notifyPusherChange(roomID(), options.self().userID).catch(() => undefined)
      signal.throwIfAborted()
      presence.beat(() => void endLink(LINKMIC_TEXT.dropped))
      phase.value = 'linked'
      await options.refreshAnchors()
    } catch (err) {
      if (!signal.aborted) return endLink(errorText(err))
      // Ended while setting up: endLink went back to the mixed stream; undo what came after it.
      pusher.stop()
      if (joined) await leavePushers(roomID())
    }
  }

  /** Stops a link that is up or being set up; returns the phase it stopped, null when there was none. */
  function stopLink(): 'connecting' | 'linked' | null {
    const was = phase.value
    if (was !== 'connecting' && was !== 'linked') return null
    link?.abort()
    link = null
    void presence.stopBeating()
    pusher.stop()
    return was
  }

  /** Back to watching the mixed stream; `text` says why, null when the user chose to. */
  async function endLink(text: string | null): Promise<void> {
    const was = stopLink()
    if (!was) return
    settle('idle', text)
    // The user sees the mixed stream again at once; the service is tidied up after.
    let backToMixed: Promise<boolean> | null = null
    if (room.phase === 'live') {
      player.setMode('live')
      backToMixed = player.play(room.details?.mixedPlayURL ?? '')
    }
    if (was === 'linked') await leavePushers(roomID())
    await backToMixed
  }

  /** The room ended, or the page went away, with a link: there is no mixed stream to go back to. */
  function abandonLink(): void {
    const was = stopLink()
    settle('idle', null)
    if (was === 'linked') void leavePushers(roomID())
  }

  function onCommand(from: string, data: LinkMicData): void {
    if (from !== creator() || data.roomID !== roomID()) return
    if (data.type === 'response' && phase.value === 'requesting') {
      if (data.result === 'accept') void startLink()
      else settle('idle', refusalText(data.reason))
    } else if (data.type === 'kickout') {
      void endLink(LINKMIC_TEXT.kicked)
    }
  }

  const offCommands = port.onCommand(onCommand)
  watch(pusher.status, (status) => {
    if (status === 'failed' && phase.value === 'linked') void endLink(LINKMIC_TEXT.networkLost)
  })
  watch(
    () => room.phase,
    (next) => {
      if (next !== 'live') abandonLink()
    },
  )
  onScopeDispose(() => {
    offCommands()
    abandonLink()
  })

  const mutedByAnchor = computed(
    () => phase.value === 'linked' && (room.details?.pushers ?? []).some((p) => p.userID === options.self().userID && p.audioMuted),
  )

  return { phase: readonly(phase), notice: notice.text, mutedByAnchor, request, quit: () => endLink(null) }
}
