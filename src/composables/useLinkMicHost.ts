// Co-anchoring (连麦) as the anchor: answer requests within the timeout (at most `maxCoAnchors`
// linked at once), end a co-anchor's link, and have the service mix the co-anchors' streams.
import { computed, onScopeDispose, readonly, ref, watch, type ComputedRef, type Ref } from 'vue'
import { isRequestCurrent, type LinkMicData, type LinkMicRequest } from '@liveroom/protocol/im'
import type { PusherInfo } from '@liveroom/protocol/roomService'
import { errorText } from '@/utils/errorText'
import type { LinkMicPort } from './linkMicPort'
import { LINKMIC_NOTICE_MS, LINKMIC_TEXT } from './linkMicText'
import type { RoomState } from './roomState'
import { useTransientNotice } from './useTransientNotice'

export interface IncomingLinkMic {
  request: LinkMicRequest
  /** Local ms after which the request is answered with a reject. */
  deadline: number
}

export interface UseLinkMicHostOptions {
  port: LinkMicPort
  room: RoomState
  /** The co-anchors on the anchor's windows: everyone pushing but the anchor. */
  coAnchors: () => PusherInfo[]
  /** How long a request waits for an answer, counted from when it was sent. */
  timeoutMs: number
  maxCoAnchors: number
  refreshAnchors: () => Promise<void>
}

export interface UseLinkMicHostReturn {
  /** The request on screen, or null. */
  incoming: Readonly<Ref<IncomingLinkMic | null>>
  /** Seconds left to answer it. */
  secondsLeft: ComputedRef<number>
  notice: Readonly<Ref<string | null>>
  answer(accept: boolean): Promise<void>
  kick(userID: string): Promise<void>
  /** Leaves the co-anchor's audio out of the mix (`muted`) or puts it back; a failure shows in `notice`. */
  setMuted(userID: string, muted: boolean): Promise<void>
}

export function useLinkMicHost(options: UseLinkMicHostOptions): UseLinkMicHostReturn {
  const { port, room, timeoutMs } = options
  const incoming = ref<IncomingLinkMic | null>(null)
  const notice = useTransientNotice(LINKMIC_NOTICE_MS)
  const clock = ref(Date.now())
  let expiry: ReturnType<typeof setTimeout> | null = null
  let ticker: ReturnType<typeof setInterval> | null = null
  let mixed = ''

  const hosting = () => room.role === 'anchor' && room.phase === 'live'
  const roomID = () => room.details?.roomID ?? ''

  function respond(to: string, result: 'accept' | 'reject', reason: string): void {
    port.send(to, { type: 'response', result, reason, roomID: roomID(), timestamp: port.serverNow() }).catch(() => undefined)
  }

  function show(next: IncomingLinkMic | null): void {
    if (expiry) clearTimeout(expiry)
    if (ticker) clearInterval(ticker)
    incoming.value = next
    clock.value = Date.now()
    // The dialog's countdown.
    ticker = next ? setInterval(() => (clock.value = Date.now()), 250) : null
  }

  function onRequest(from: string, request: LinkMicRequest): void {
    if (!hosting() || request.roomID !== roomID()) return
    if (!isRequestCurrent(request.timestamp, port.serverNow(), timeoutMs)) return // stale: its asker gave up already
    if (options.coAnchors().length >= options.maxCoAnchors) return respond(from, 'reject', LINKMIC_TEXT.full)
    if (incoming.value && incoming.value.request.userID !== from) return respond(from, 'reject', LINKMIC_TEXT.busy)
    // The asker's own timer started when it sent the request: answer within what is left of it.
    const left = timeoutMs - Math.max(0, port.serverNow() - request.timestamp)
    show({ request: { ...request, userID: from }, deadline: Date.now() + left })
    expiry = setTimeout(() => {
      show(null)
      notice.show(LINKMIC_TEXT.timeout)
      // Whichever side's timer fires first, the asker reads 连麦超时.
      respond(from, 'reject', LINKMIC_TEXT.timeout)
    }, left)
  }

  /** Accepting first admits the asker on the service, which lets no one else join the room's pushers. */
  async function answer(accept: boolean): Promise<void> {
    const pending = incoming.value
    if (!pending) return
    show(null)
    const asker = pending.request.userID
    // A plain refusal carries no reason: the asker's own text already says the anchor refused.
    if (!accept) return respond(asker, 'reject', '')
    try {
      await port.admit(roomID(), asker)
    } catch (err) {
      notice.show(`${LINKMIC_TEXT.admitFailed}：${errorText(err)}`)
      return respond(asker, 'reject', LINKMIC_TEXT.admitFailed)
    }
    respond(asker, 'accept', '')
  }

  /** Tells the co-anchor, and removes it on the service in case it cannot. */
  async function kick(userID: string): Promise<void> {
    if (room.role !== 'anchor') return
    await port.send(userID, { type: 'kickout', roomID: roomID(), timestamp: port.serverNow() }).catch(() => undefined)
    await port.leavePushers(roomID(), userID).catch(() => undefined)
    await port.notifyPusherChange(roomID(), userID).catch(() => undefined)
    await options.refreshAnchors()
  }

  /** Everyone refreshes the pushers to learn it: the co-anchor is told, windows mute its player. */
  async function setMuted(userID: string, muted: boolean): Promise<void> {
    if (room.role !== 'anchor') return
    try {
      await port.setAudioMuted(roomID(), userID, muted)
    } catch (err) {
      notice.show(errorText(err))
      return
    }
    await port.notifyPusherChange(roomID(), userID).catch(() => undefined)
    await options.refreshAnchors()
  }

  async function mix(streams: string[]): Promise<void> {
    const key = streams.join('|')
    if (key === mixed) return
    // Counted as mixed from the request on: the same list arriving again meanwhile asks nothing more.
    const before = mixed
    mixed = key
    try {
      await port.mix(roomID(), streams)
    } catch {
      mixed = before // retried on the next pusher-list change (every heartbeat brings one)
      return
    }
    // A self-hosted mix is a stream of its own, which starts (and stops) only now: the audience
    // refreshes the room to follow it.
    await port.notifyPusherChange(roomID(), room.details?.creator ?? '').catch(() => undefined)
  }

  const offCommands = port.onCommand((from, data: LinkMicData) => {
    if (data.type === 'request') onRequest(from, data)
  })
  watch(options.coAnchors, (coAnchors) => {
    if (hosting()) void mix(coAnchors.map((p) => p.accelerateURL))
  })
  watch(
    () => room.phase,
    (phase) => {
      if (phase === 'live') return
      show(null)
      notice.show(null)
      mixed = ''
    },
  )
  onScopeDispose(() => {
    offCommands()
    show(null)
  })

  return {
    incoming: readonly(incoming),
    secondsLeft: computed(() => (incoming.value ? Math.max(0, Math.ceil((incoming.value.deadline - clock.value) / 1000)) : 0)),
    notice: notice.text,
    answer,
    kick,
    setMuted,
  }
}
