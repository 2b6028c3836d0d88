// The live room page's view model: what the page shows of one visit (stage, overlays, the
// co-anchor dialog, controls) as flat values, and what its controls do. The page only renders it.
import { computed, ref, watch } from 'vue'
import { confirm, navigateBack, redirectTo, toast } from '@/adapters/uni/ui'
import type { LiveRoomAudience, LiveRoomControls, LiveRoomEntry, LiveRoomOverlays, LiveRoomStage, UseLiveRoomReturn } from './liveRoomView'
import { avatarOrNone } from '@/utils/avatar'
import { moderationMenu } from './moderationMenu'
import { useChatComposer } from './useChatComposer'
import { useDanmaku } from './useDanmaku'
import { refusedNameUrl } from './useNewRoom'
import { summaryRows } from './useLiveSummary'
import { awayEndText, awayNotice } from './useAnchorAway'
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
  /** The one panel open above the bar: the bar has room for one. */
  const panel = ref<'beauty' | 'emoji' | 'more' | null>(null)
  const togglePanel = (name: 'beauty' | 'emoji' | 'more') => (panel.value = panel.value === name ? null : name)
  const danmaku = useDanmaku({ log: chat.log })
  const composer = useChatComposer({ chat })
  // A co-anchor's beauty panel (for its own pusher) goes with its link.
  watch(guest.phase, (phase) => {
    if (phase !== 'linked' && !isAnchor() && panel.value === 'beauty') panel.value = null
  })

  /** The media the user's own screen is about: their pusher when they push, else the player. */
  const media = () => (isAnchor() || linking() ? pusher : player)
  const ended = () =>
    room.phase === 'closed' || room.phase === 'failed' ? (awayEndText(visit.summary.value?.endReason) ?? (room.notice || '直播已结束')) : null
  const permission = () => (isAnchor() || askedToLink.value ? pusher.permission.explanation.value : null)

  const stage = computed<LiveRoomStage>(() => ({
    pusher,
    pusherClass: isAnchor() ? 'stage' : linking() ? 'self-window' : null,
    player,
    playerShown: role.value === 'audience',
    windows: visit.windows.value.map((p, i) => ({ ...p, userAvatar: avatarOrNone(p.userAvatar), index: i + (linking() ? 1 : 0), kickable: isAnchor() })),
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
      anchorAway: awayNotice(room),
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
    const { userName, userID, userAvatar } = incoming.request
    return { text: `${userName || userID} 请求与你连麦（${host.secondsLeft.value}s）`, avatar: avatarOrNone(userAvatar) }
  })

  const linkMicButton = (): LiveRoomControls['linkMic'] => {
    if (role.value !== 'audience' || room.phase !== 'live') return null
    return guest.phase.value === 'idle' ? 'request' : guest.phase.value === 'requesting' ? 'waiting' : 'quit'
  }
  const controls = computed<LiveRoomControls>(() => ({
    role: role.value,
    linkMic: linkMicButton(),
    muted: pusher.settings.muted,
    coAnchor: guest.phase.value === 'linked' ? { muted: pusher.settings.muted, mutedByAnchor: guest.mutedByAnchor.value } : null,
    beauty: panel.value === 'beauty' ? { beauty: pusher.settings.beauty, whiteness: pusher.settings.whiteness } : null,
    more: panel.value === 'more' ? { mirror: isAnchor(), danmaku: danmaku.enabled.value, stats: showStats.value } : null,
    emoji: panel.value === 'emoji' ? { draft: composer.draft.value } : null,
    reminder: visit.reminder.state.value ? { subscribed: visit.reminder.state.value === 'subscribed' } : null,
  }))

  const audienceView = computed<LiveRoomAudience | null>(() =>
    audience.shown.value ? { total: audience.total.value, members: [...audience.members.value], error: audience.error.value, moderates: moderation.allowed() } : null,
  )

  function open(entry: LiveRoomEntry): Promise<boolean> {
    role.value = entry.role
    if (entry.role === 'audience') return visit.watchRoom(entry.roomID)
    anchorEntry = entry
    const { roomName, audioOnly, record = false, resumeRoomID } = entry
    // A refused name is fixed on the new-room form: back there with the name marked.
    const onNameRefused = () => void redirectTo(refusedNameUrl({ roomName, audioOnly, record }))
    return visit.goLive({ roomName, audioOnly, record, resumeRoomID, onNameRefused })
  }

  /** 说点什么… (and 文字 in the emoji panel): the prompt, with the draft in it. */
  async function compose(): Promise<void> {
    if ((await composer.write()) && panel.value === 'emoji') panel.value = null
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
    share: () => roomShareCard(room.details, visit.cover.cardImage.value),
    // Replaces the room: a page opened from a share card has nothing to go back to.
    otherLives: () => void redirectTo('/live/rooms/rooms'),
    openSettings,
    compose,
    like,
    remind: () => visit.reminder.subscribe(),
    requestLink() {
      askedToLink.value = true
      return guest.request()
    },
    quitLink: () => guest.quit(),
    answer: (accept) => host.answer(accept),
    kick: (userID) => host.kick(userID),
    muteCoAnchor: (userID, muted) => host.setMuted(userID, muted),
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
    toggleBeauty: () => void togglePanel('beauty'),
    toggleMore: () => void togglePanel('more'),
    danmaku: danmaku.feed,
    toggleDanmaku: danmaku.toggle,
    toggleEmoji: () => void togglePanel('emoji'),
    pickEmoji: composer.pick,
    eraseEmoji: composer.erase,
    async sendDraft() {
      if ((await composer.send()) && panel.value === 'emoji') panel.value = null
    },
    moderate: moderationMenu(moderation),
    openAudience: () => audience.open(),
    closeAudience: () => audience.close(),
  }
}
