// Co-anchoring (连麦) over C2C `linkmic` commands (SPEC §5), wire-compatible with MLVB apps.
//
// Audience: request → (accept) play the anchor's low-latency stream, push our own in RTC,
// add_anchor, beat like a pusher → quit or kicked → back to the mixed stream.
// Anchor: answer requests within the timeout (at most `maxCoAnchors` linked), show co-anchors
// in windows, and have the service mix them into the room's stream.
import { computed, onScopeDispose, ref, watch } from 'vue'
import type { LinkMicData, LinkMicRequest } from '@liveroom/protocol/im'
import { isRequestCurrent } from '@liveroom/protocol/im'
import type { PusherInfo } from '@liveroom/protocol/roomService'
import { RoomServiceError } from '@/adapters/roomService'
import { useLinkMicStore, type LinkMicPhase } from '@/stores/linkMic'
import { useSessionStore } from '@/stores/session'
import type { LivePlayerHandle, LivePusherHandle, useRoom } from './useRoom'
import { useProfile } from './useProfile'
import { untilPushing } from './untilPushing'

export interface UseLinkMicOptions {
  room: ReturnType<typeof useRoom>
  pusher: LivePusherHandle
  player: LivePlayerHandle
  /** How long a request waits for an answer (SPEC: 10 s). */
  timeoutMs?: number
  maxCoAnchors?: number
  pushStartTimeoutMs?: number
}

export const LINKMIC_TEXT = {
  timeout: '连麦超时',
  full: '主播连麦人数已满',
  busy: '主播正在处理其他连麦请求',
  refused: '主播拒绝了连麦',
  kicked: '主播已结束与你的连麦',
  dropped: '连麦已断开（与房间服务的连接中断）',
  networkLost: '网络断开，连麦已结束',
  sendFailed: '连麦请求发送失败，请稍后重试',
  admitFailed: '连麦未能建立',
} as const

/** Co-anchor push settings of SPEC §3: RTC, 200–300 kbps. */
const CO_ANCHOR_PUSH = { mode: 'RTC', minBitrate: 200, maxBitrate: 300, aspect: '9:16', audioOnly: false } as const

/** How long an outcome (a refusal, 连麦超时, a kick) stays on screen. */
export const LINKMIC_NOTICE_MS = 5000

/** Thrown inside a link being set up once the user quit or was kicked: the setup stops. */
class LinkCancelled extends Error {}

function messageOf(err: unknown): string {
  if (err instanceof RoomServiceError) return err.userMessage
  return err instanceof Error ? err.message : String(err)
}

export function useLinkMic(options: UseLinkMicOptions) {
  const { room, pusher, player } = options
  const timeoutMs = options.timeoutMs ?? 10_000
  const maxCoAnchors = options.maxCoAnchors ?? 3
  const store = useLinkMicStore()
  const session = useSessionStore()
  const { profile } = useProfile()

  let requestTimer: ReturnType<typeof setTimeout> | null = null
  let incomingTimer: ReturnType<typeof setTimeout> | null = null
  // Drives the anchor dialog's countdown while a request waits.
  const clock = ref(Date.now())
  let ticker: ReturnType<typeof setInterval> | null = null
  let mergedKey = ''
  /** Numbers link setups; ending a link moves it on, which cancels a setup under way. */
  let linkNumber = 0

  const self = () => session.userID ?? ''
  const roomID = () => room.store.details?.roomID ?? ''
  const creator = () => room.store.details?.creator ?? ''
  const pushers = () => room.store.details?.pushers ?? []
  const serverNow = () => room.client().serverNow()
  const isAnchor = () => room.store.role === 'anchor'
  const phase = (): LinkMicPhase => store.phase

  function clearTimer(timer: ReturnType<typeof setTimeout> | null) {
    if (timer) clearTimeout(timer)
  }

  async function send(to: string, data: LinkMicData): Promise<void> {
    await room.im().sendC2CCommand(to, { cmd: 'linkmic', data })
  }

  // ---------------------------------------------------------------- anchor side

  function respond(to: string, result: 'accept' | 'reject', reason: string) {
    void send(to, { type: 'response', result, reason, roomID: roomID(), timestamp: serverNow() }).catch(() => undefined)
  }

  function onRequest(from: string, request: LinkMicRequest) {
    if (!isAnchor() || room.store.phase !== 'live' || request.roomID !== roomID()) return
    if (!isRequestCurrent(request.timestamp, serverNow(), timeoutMs)) return // stale: its asker gave up already
    const linked = pushers().filter((p) => p.userID !== self()).length
    if (linked >= maxCoAnchors) return respond(from, 'reject', LINKMIC_TEXT.full)
    if (store.incoming && store.incoming.request.userID !== from) return respond(from, 'reject', LINKMIC_TEXT.busy)
    clearTimer(incomingTimer)
    // The asker's own timer started when it sent the request: answer within what is left of it.
    const left = timeoutMs - Math.max(0, serverNow() - request.timestamp)
    store.setIncoming({ request: { ...request, userID: from }, deadline: Date.now() + left })
    incomingTimer = setTimeout(() => {
      if (store.incoming?.request.userID === from) {
        store.setIncoming(null)
        store.setNotice(LINKMIC_TEXT.timeout)
        // Whichever side's timer fires first, the asker reads 连麦超时.
        respond(from, 'reject', LINKMIC_TEXT.timeout)
      }
    }, left)
  }

  /**
   * The anchor's answer to the request on screen. Accepting first admits the asker on the
   * service, which lets no one else join the room's pushers.
   */
  async function answer(accept: boolean): Promise<void> {
    const pending = store.incoming
    if (!pending) return
    clearTimer(incomingTimer)
    store.setIncoming(null)
    const asker = pending.request.userID
    // A plain refusal carries no reason: the asker's own text already says the anchor refused.
    if (!accept) return respond(asker, 'reject', '')
    try {
      await room.client().call('admit_anchor', { roomID: roomID(), userID: asker })
    } catch (err) {
      store.setNotice(`${LINKMIC_TEXT.admitFailed}：${messageOf(err)}`)
      return respond(asker, 'reject', LINKMIC_TEXT.admitFailed)
    }
    respond(asker, 'accept', '')
  }

  /** The anchor ends a co-anchor's link: tell it, and remove it on the service in case it cannot. */
  async function kick(userID: string): Promise<void> {
    if (!isAnchor()) return
    await send(userID, { type: 'kickout', roomID: roomID(), timestamp: serverNow() }).catch(() => undefined)
    await room.client().call('delete_anchor', { roomID: roomID(), userID }).catch(() => undefined)
    await room.im().notifyPusherChange(roomID(), userID).catch(() => undefined)
    await room.refreshAnchors()
  }

  /** Mixes the co-anchors over the anchor's stream whenever who is linked changes. */
  async function mix(coAnchors: PusherInfo[]): Promise<void> {
    const streams = coAnchors.map((p) => p.accelerateURL)
    const key = streams.join('|')
    if (key === mergedKey) return
    try {
      await room.client().call('merge_stream', { roomID: roomID(), mergeParams: { streams } })
      mergedKey = key
    } catch {
      // Retried on the next pusher-list change (every heartbeat brings one).
      return
    }
    // The audience refreshes the room: a self-hosted mix is a stream of its own, which starts
    // (and stops) only now, so the room's mixedPlayURL has moved.
    await room.im().notifyPusherChange(roomID(), self()).catch(() => undefined)
  }

  // ---------------------------------------------------------------- audience side

  function finishRequest(next: 'idle' | 'connecting', notice: string | null) {
    clearTimer(requestTimer)
    requestTimer = null
    store.setPhase(next, notice)
  }

  /** Asks the anchor to co-anchor; the outcome shows in `phase`/`notice`. */
  async function request(): Promise<void> {
    if (isAnchor() || room.store.phase !== 'live' || store.phase !== 'idle') return
    store.setPhase('requesting')
    // Co-anchoring needs the camera and microphone: settle that before the anchor is asked.
    if (!(await pusher.permission.ensure(['scope.camera', 'scope.record']))) {
      if (phase() === 'requesting') finishRequest('idle', pusher.permission.explanation.value)
      return
    }
    if (phase() !== 'requesting') return
    requestTimer = setTimeout(() => store.phase === 'requesting' && finishRequest('idle', LINKMIC_TEXT.timeout), timeoutMs)
    try {
      await send(creator(), {
        type: 'request',
        roomID: roomID(),
        userID: self(),
        userName: profile.value.nickname,
        userAvatar: '',
        timestamp: serverNow(),
      })
    } catch {
      // The phase may have moved on while sending (an answer can beat the send's own reply).
      if (phase() === 'requesting') finishRequest('idle', LINKMIC_TEXT.sendFailed)
    }
  }

  /** Takes us off the room's pushers (we were one) and has the others refresh their lists. */
  async function leavePushers(id: string): Promise<void> {
    await room.client().call('delete_anchor', { roomID: id }).catch(() => undefined)
    await room.im().notifyPusherChange(id, self()).catch(() => undefined)
  }

  /**
   * Accepted: play the anchor in RTC, push our own stream, and join the pushers once it is up.
   * Each step first checks that the user has not quit (or been kicked) meanwhile.
   */
  async function startLink(): Promise<void> {
    finishRequest('connecting', null)
    const mine = ++linkNumber
    const stillConnecting = () => {
      if (linkNumber !== mine) throw new LinkCancelled()
    }
    let joined = false
    try {
      // The list may be old: its signed play URLs expire, and the anchor must still be pushing.
      await room.refreshAnchors()
      stillConnecting()
      const anchor = pushers().find((p) => p.userID === creator())
      if (!anchor) throw new Error('主播已不在推流')
      player.setMode('RTC')
      await player.play(anchor.accelerateURL)
      stillConnecting()
      const urls = await room.client().call('get_anchor_url', {})
      stillConnecting()
      pusher.reset(CO_ANCHOR_PUSH)
      if (!(await pusher.start(urls.pushURL))) throw new Error(pusher.session.message ?? '推流未能开始')
      await untilPushing(pusher, options.pushStartTimeoutMs ?? 15_000)
      stillConnecting()
      await room.client().call('add_anchor', { roomID: roomID(), userName: profile.value.nickname, userAvatar: '', pushURL: urls.pushURL })
      joined = true
      stillConnecting()
      await room.im().notifyPusherChange(roomID(), self()).catch(() => undefined)
      stillConnecting()
      room.beginPusherHeartbeat(() => void endLink(LINKMIC_TEXT.dropped))
      store.setPhase('linked')
      await room.refreshAnchors()
    } catch (err) {
      if (linkNumber === mine && !(err instanceof LinkCancelled)) return endLink(messageOf(err))
      // Ended while setting up: endLink went back to the mixed stream; undo what came after it.
      pusher.stop()
      if (joined) await leavePushers(roomID())
    }
  }

  /**
   * Stops a link that is up or being set up (a setup under way stops at its next step): no more
   * heartbeats or push. Returns the phase it stopped, null when there was no link.
   */
  function stopLink(): 'connecting' | 'linked' | null {
    const was = store.phase
    if (was !== 'connecting' && was !== 'linked') return null
    linkNumber++
    room.endPusherHeartbeat()
    pusher.stop()
    return was
  }

  /** The room ended, or the page went away, with a link: there is no mixed stream to go back to. */
  function abandonLink(): void {
    const was = stopLink()
    if (!was) return
    store.reset()
    if (was === 'linked') void leavePushers(roomID())
  }

  /** Back to watching the mixed stream; `notice` says why, null when the user chose to. */
  async function endLink(notice: string | null): Promise<void> {
    const was = stopLink()
    if (!was) return
    store.setPhase('idle', notice)
    // The user sees the mixed stream again at once; the service is tidied up after.
    let backToMixed: Promise<boolean> | null = null
    if (room.store.phase === 'live') {
      player.setMode('live')
      backToMixed = player.play(room.store.details?.mixedPlayURL ?? '')
    }
    if (was === 'linked') await leavePushers(roomID())
    await backToMixed
  }

  function refusalText(reason: string): string {
    if (reason === LINKMIC_TEXT.timeout) return LINKMIC_TEXT.timeout
    return reason ? `${LINKMIC_TEXT.refused}：${reason}` : LINKMIC_TEXT.refused
  }

  function onCommand(from: string, data: LinkMicData) {
    if (data.type === 'request') return onRequest(from, data)
    if (from !== creator() || data.roomID !== roomID()) return
    if (data.type === 'response' && store.phase === 'requesting') {
      if (data.result === 'accept') void startLink()
      else finishRequest('idle', refusalText(data.reason))
    } else if (data.type === 'kickout') {
      void endLink(LINKMIC_TEXT.kicked)
    }
  }

  // ---------------------------------------------------------------- wiring

  const offCommands = room.im().on('c2cCommand', (e) => {
    if (e.command.cmd === 'linkmic') onCommand(e.fromUserID, e.command.data)
  })

  // Windows: every other pusher; a co-anchor's main stage already plays the anchor.
  watch(
    () => [pushers(), store.phase] as const,
    ([list]) => {
      const others = list.filter((p) => p.userID !== self() && (isAnchor() || p.userID !== creator()))
      store.setWindows(store.phase === 'linked' || isAnchor() ? others : [])
      if (isAnchor() && room.store.phase === 'live') void mix(others)
    },
  )

  watch(
    () => store.incoming,
    (incoming) => {
      if (ticker) clearInterval(ticker)
      ticker = incoming ? setInterval(() => (clock.value = Date.now()), 250) : null
      clock.value = Date.now()
    },
  )
  const secondsLeft = computed(() => (store.incoming ? Math.max(0, Math.ceil((store.incoming.deadline - clock.value) / 1000)) : 0))

  watch(pusher.status, (status) => {
    if (!isAnchor() && status === 'failed' && store.phase === 'linked') void endLink(LINKMIC_TEXT.networkLost)
  })

  watch(
    () => room.store.phase,
    (phase) => {
      if (phase === 'live') return
      clearTimer(requestTimer)
      clearTimer(incomingTimer)
      mergedKey = ''
      abandonLink()
      store.reset()
    },
  )

  // Outcomes pass after a while, so that they do not hide what comes next.
  let noticeTimer: ReturnType<typeof setTimeout> | null = null
  watch(
    () => store.notice,
    (notice) => {
      clearTimer(noticeTimer)
      noticeTimer = notice ? setTimeout(() => store.notice === notice && store.setNotice(null), LINKMIC_NOTICE_MS) : null
    },
  )

  onScopeDispose(() => {
    offCommands()
    clearTimer(requestTimer)
    clearTimer(incomingTimer)
    clearTimer(noticeTimer)
    if (ticker) clearInterval(ticker)
    // The page went away (back gesture, unload) with a link up: nothing else will end it.
    abandonLink()
  })

  return { store, secondsLeft, request, quit: () => endLink(null), answer, kick }
}
