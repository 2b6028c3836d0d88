// The live room page's view model: what the page shows of one visit (stage, overlays, the
// co-anchor dialog, controls) as flat values, and what its controls do. The page only renders it.
import { computed, ref } from 'vue'
import { confirm, navigateBack, promptText, redirectTo, toast } from '@/adapters/uni/ui'
import type { LiveRoomAudience, LiveRoomControls, LiveRoomEntry, LiveRoomOverlays, LiveRoomStage, UseLiveRoomReturn } from './liveRoomView'
import { moderationMenu } from './moderationMenu'
import { summaryRows } from './useLiveSummary'
import { roomShareCard } from './roomShare'
import type { RoomVisit } from './useRoomVisit'

export { liveRoomEntry, type LiveRoomEntry } from './liveRoomView'

export function useLiveRoom(visit: RoomVisit): UseLiveRoomReturn {
  const { room, pusher, player, chat, host, guest, audience, moderation } = visit
  // null until open(): the page mounts before onLoad, and rendering a stage for a guessed role would
  // send a player (or pusher) to the render thread only to remove it again.
  const role = ref<'anchor' | 'audience' | null>(null)
  const isAnchor = () => role.value === 'anchor'
  /** An audience member on its way to, or in, a co-anchor link: its own pusher shows in a window. */
  const linking = () => guest.phase.value === 'connecting' || guest.phase.value === 'linked'
  let anchorEntry: Extract<LiveRoomEntry, { role: 'anchor' }> | null = null
  /** Asked to co-anchor on this page (camera and microphone then matter to the audience too). */
  const askedToLink = ref(false)
  const showStats = ref(false)
  const showBeauty = ref(false)

  /** The media the user's own screen is about: their pusher when they push, else the player. */
  const media = () => (isAnchor() || linking() ? pusher : player)
  const ended = () => (room.phase === 'closed' || room.phase === 'failed' ? room.notice || '直播已结束' : null)
  const permission = () => (isAnchor() || askedToLink.value ? pusher.permission.explanation.value : null)

  const stage = computed<LiveRoomStage>(() => ({
    pusher,
    pusherClass: isAnchor() ? 'stage' : linking() ? 'self-window' : null,
    player,
    playerShown: role.value === 'audience',
    windows: visit.windows.value.map((p, i) => ({ ...p, index: i + (linking() ? 1 : 0), kickable: isAnchor() })),
    roomName: room.details?.roomName ?? anchorEntry?.roomName ?? '',
    online: chat.onlineCount.value ?? room.details?.audienceCount ?? 0,
    likes: chat.likeCount.value,
  }))

  const overlays = computed<LiveRoomOverlays>(() => {
    const mediaMessage = media().session.message
    const linkMicNotice = host.notice.value ?? guest.notice.value
    const latest = media().session.history.at(-1) ?? { kbps: 0, fps: 0, rtt: null }
    return {
      entering: room.phase === 'entering' ? (isAnchor() ? '正在开播…' : '正在进入直播间…') : null,
      ended: ended(),
      summary: visit.summary.value && ended() ? summaryRows(visit.summary.value, role.value) : null,
      permission: permission(),
      toast: mediaMessage ? { kind: 'media', text: mediaMessage } : linkMicNotice ? { kind: 'linkmic', text: linkMicNotice } : null,
      stats: showStats.value
        ? { status: media().statusText.value, figures: `码率 ${latest.kbps} kbps · ${latest.fps} fps${latest.rtt === null ? '' : ` · RTT ${latest.rtt} ms`}` }
        : null,
    }
  })

  /** The anchor's dialog for a co-anchor request, or null. */
  const dialog = computed(() => {
    const incoming = host.incoming.value
    if (!incoming) return null
    return { text: `${incoming.request.userName || incoming.request.userID} 请求与你连麦（${host.secondsLeft.value}s）` }
  })

  const linkMicButton = (): LiveRoomControls['linkMic'] => {
    if (role.value !== 'audience' || room.phase !== 'live') return null
    return guest.phase.value === 'idle' ? 'request' : guest.phase.value === 'requesting' ? 'waiting' : 'quit'
  }
  const controls = computed<LiveRoomControls>(() => ({
    role: role.value,
    linkMic: linkMicButton(),
    muted: pusher.settings.muted,
    coAnchor: guest.phase.value === 'linked' ? { muted: pusher.settings.muted } : null,
    beauty: showBeauty.value ? { beauty: pusher.settings.beauty, whiteness: pusher.settings.whiteness } : null,
  }))

  const audienceView = computed<LiveRoomAudience | null>(() =>
    audience.shown.value ? { total: audience.total.value, members: [...audience.members.value], error: audience.error.value, moderates: moderation.allowed() } : null,
  )

  function open(entry: LiveRoomEntry): Promise<boolean> {
    role.value = entry.role
    if (entry.role === 'audience') return visit.watchRoom(entry.roomID)
    anchorEntry = entry
    return visit.goLive({ roomName: entry.roomName, audioOnly: entry.audioOnly, record: entry.record, resumeRoomID: entry.resumeRoomID })
  }

  async function compose(): Promise<void> {
    const text = await promptText('发送消息', `最多 ${chat.maxLength} 字`)
    if (text === null) return
    const result = await chat.send(text)
    if (!result.ok) toast(result.error.message)
  }

  async function like(): Promise<void> {
    const result = await chat.like()
    if (!result.ok && result.error.code !== 'RATE_LIMITED') toast(result.error.message)
  }

  /** ✕: the anchor confirms ending the live and stays for its summary; anyone linked leaves the link first. */
  async function close(): Promise<void> {
    const ending = isAnchor() && room.phase === 'live'
    if (ending && !(await confirm('结束直播', '确定结束本场直播吗？', '结束', '继续直播'))) return
    if (linking()) await guest.quit()
    await visit.leave()
    if (!ending) navigateBack()
  }

  /** 去设置: once camera and microphone are allowed, an anchor whose live could not start goes live. */
  async function openSettings(): Promise<void> {
    if (!(await pusher.permission.openSettings())) return
    if (anchorEntry && room.phase === 'failed') void open(anchorEntry)
  }

  return {
    stage,
    overlays,
    dialog,
    controls,
    audience: audienceView,
    chat: chat.log,
    open,
    close,
    back: navigateBack,
    share: () => roomShareCard(room.details),
    // Replaces the room: a page opened from a share card has nothing to go back to.
    otherLives: () => void redirectTo('/live/rooms/rooms'),
    openSettings,
    compose,
    like,
    requestLink() {
      askedToLink.value = true
      return guest.request()
    },
    quitLink: () => guest.quit(),
    answer: (accept) => host.answer(accept),
    kick: (userID) => host.kick(userID),
    switchCamera: () => pusher.switchCamera(),
    toggleMute: () => pusher.toggleMute(),
    toggleMirror: () => pusher.toggleMirror(),
    step(level, delta) {
      if (level === 'beauty') pusher.setBeauty(pusher.settings.beauty + delta)
      else pusher.setWhiteness(pusher.settings.whiteness + delta)
    },
    toggleStats() {
      showStats.value = !showStats.value
    },
    toggleBeauty() {
      showBeauty.value = !showBeauty.value
    },
    moderate: moderationMenu(moderation),
    openAudience: () => audience.open(),
    closeAudience: () => audience.close(),
  }
}
