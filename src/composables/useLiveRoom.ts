// The live room page's behaviour: one room (as anchor or audience) with its pusher, player, chat
// and co-anchoring, the view state the page shows, and what its controls do. The page renders.
import { computed, ref } from 'vue'
import { confirm, navigateBack, promptText, toast } from '@/adapters/uni/ui'
import type { RoomRole } from '@/stores/room'
import { useSessionStore } from '@/stores/session'
import { useIMChat, type UseIMChatOptions } from './useIMChat'
import { useLinkMic, type UseLinkMicOptions } from './useLinkMic'
import { useLivePlayer } from './useLivePlayer'
import { useLivePusher } from './useLivePusher'
import { useProfile } from './useProfile'
import { useRoom, type UseRoomOptions } from './useRoom'

/** What the page was opened for (its query). */
export type LiveRoomEntry = { role: 'anchor'; roomName: string; audioOnly: boolean; record?: boolean } | { role: 'audience'; roomID: string }

export interface UseLiveRoomOptions {
  /** Room-service client, IM client, configuration and timing (tests pass their own). */
  room?: Omit<UseRoomOptions, 'pusher' | 'player'>
  linkMic?: Pick<UseLinkMicOptions, 'timeoutMs' | 'maxCoAnchors' | 'pushStartTimeoutMs'>
  chat?: Pick<UseIMChatOptions, 'client' | 'flushIntervalMs' | 'limit'>
}

/** The page's query as a LiveRoomEntry: `role=anchor&name=..&audioOnly=1&record=1`, or `roomID=..`. */
export function liveRoomEntry(query: Record<string, string | undefined>): LiveRoomEntry {
  if (query.role === 'anchor') {
    const roomName = decodeURIComponent(query.name ?? '')
    return { role: 'anchor', roomName, audioOnly: query.audioOnly === '1', ...(query.record === '1' ? { record: true } : {}) }
  }
  return { role: 'audience', roomID: decodeURIComponent(query.roomID ?? '') }
}

export function useLiveRoom(options: UseLiveRoomOptions = {}) {
  const pusher = useLivePusher({ id: 'pusher', stopOnHide: false })
  const player = useLivePlayer({ id: 'player', stopOnHide: false })
  const room = useRoom({ ...options.room, pusher, player })
  const linkMic = useLinkMic({ ...options.linkMic, room, pusher, player })
  const session = useSessionStore()
  const { profile } = useProfile()
  const chat = useIMChat({
    ...options.chat,
    client: options.chat?.client ?? options.room?.im,
    // The chat stays on screen after the room ends (with why it ended), read-only.
    roomID: () => room.store.details?.roomID ?? null,
    closed: () => room.store.phase !== 'live',
    sender: () => ({ userID: session.userID ?? '', nickName: profile.value.nickname, headPic: '' }),
  })

  // null until open(): the page mounts before onLoad, and rendering a stage for a guessed role would
  // send a player (or pusher) to the render thread only to remove it again.
  const role = ref<RoomRole | null>(null)
  const isAnchor = computed(() => role.value === 'anchor')
  const isAudience = computed(() => role.value === 'audience')
  /** An audience member on its way to, or in, a co-anchor link: its own pusher shows in a window. */
  const linking = computed(() => linkMic.store.phase === 'connecting' || linkMic.store.phase === 'linked')
  let anchorEntry: Extract<LiveRoomEntry, { role: 'anchor' }> | null = null

  const roomName = computed(() => room.store.details?.roomName ?? anchorEntry?.roomName ?? '')
  const onlineCount = computed(() => chat.onlineCount.value ?? room.store.details?.audienceCount ?? 0)
  /** The media the user's own screen is about: their pusher when they push, else the player. */
  const media = computed(() => (isAnchor.value || linking.value ? pusher : player))
  const latestStats = computed(() => media.value.session.history.at(-1) ?? { kbps: 0, fps: 0, rtt: null })
  /** Why the room ended or could not be entered; null while it goes on. */
  const endedNotice = computed(() =>
    room.store.phase === 'closed' || room.store.phase === 'failed' ? room.store.notice || '直播已结束' : null,
  )
  /** Asked to co-anchor on this page (camera and microphone then matter to the audience too). */
  const askedToLink = ref(false)
  /** Camera or microphone refused where this page needs them: the page offers 去设置 with why. */
  const permissionNotice = computed(() => (isAnchor.value || askedToLink.value ? pusher.permission.explanation.value : null))

  function open(entry: LiveRoomEntry): Promise<boolean> {
    role.value = entry.role
    if (entry.role === 'audience') return room.watchRoom(entry.roomID)
    anchorEntry = entry
    return room.goLive({ roomName: entry.roomName, audioOnly: entry.audioOnly, record: entry.record })
  }

  /** 连麦: ask the anchor to co-anchor. */
  function requestLink(): Promise<void> {
    askedToLink.value = true
    return linkMic.request()
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

  /** ✕: the anchor confirms ending the live; anyone linked leaves the link first. */
  async function close(): Promise<void> {
    if (isAnchor.value && room.store.phase === 'live' && !(await confirm('结束直播', '确定结束本场直播吗？', '结束', '继续直播'))) return
    if (linking.value) await linkMic.quit()
    await room.leave()
    navigateBack()
  }

  /** 去设置: once camera and microphone are allowed, an anchor whose live could not start goes live. */
  async function openSettings(): Promise<void> {
    if (!(await pusher.permission.openSettings())) return
    if (anchorEntry && room.store.phase === 'failed') void open(anchorEntry)
  }

  return {
    pusher,
    player,
    room,
    linkMic,
    chat,
    role,
    isAnchor,
    isAudience,
    linking,
    roomName,
    onlineCount,
    media,
    latestStats,
    endedNotice,
    permissionNotice,
    open,
    requestLink,
    compose,
    like,
    close,
    back: navigateBack,
    openSettings,
  }
}
