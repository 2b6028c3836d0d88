// What the live room page shows, as flat values (useLiveRoom makes them), and the page's query.
import type { ComputedRef } from 'vue'
import type { PusherInfo } from '@liveroom/protocol/roomService'
import type { ChatLog } from './chatLog'
import type { DanmakuFeed } from './useDanmaku'
import type { RoomShareCard } from './roomShare'
import type { LiveSummaryRow } from './useLiveSummary'
import type { LivePlayer } from './useLivePlayer'
import type { LivePusher } from './useLivePusher'

/** What the page was opened for (its query). */
export type LiveRoomEntry = { role: 'anchor'; roomName: string; audioOnly: boolean; record?: boolean; resumeRoomID?: string } | { role: 'audience'; roomID: string }

/** The page's query as a LiveRoomEntry: `role=anchor&name=..&audioOnly=1&record=1` (`&resume=1&roomID=..`: back into our room), or `roomID=..`. */
export function liveRoomEntry(query: Record<string, string | undefined>): LiveRoomEntry {
  if (query.role === 'anchor') {
    const roomName = decodeURIComponent(query.name ?? '')
    const resume = query.resume === '1' && query.roomID ? { resumeRoomID: decodeURIComponent(query.roomID) } : {}
    return { role: 'anchor', roomName, audioOnly: query.audioOnly === '1', ...(query.record === '1' ? { record: true } : {}), ...resume }
  }
  return { role: 'audience', roomID: decodeURIComponent(query.roomID ?? '') }
}

// The stage's media objects are bound by <LivePusherView>/<LivePlayerView> only: a v-if on one would
// send the whole object to the render thread, so whether each shows is a value of its own.
export interface LiveRoomStage {
  pusher: LivePusher
  /** Where the user's own pusher shows: full screen (the anchor), a small window (a co-anchor), or not at all. */
  pusherClass: 'stage' | 'self-window' | null
  player: LivePlayer
  playerShown: boolean
  /** The co-anchor windows, stacked upward from the bottom right. */
  /** `kickable`: the anchor's window, with 断开 and 静音 (audioMuted: its player is muted too). */
  windows: Array<PusherInfo & { index: number; kickable: boolean }>
  roomName: string
  /** Online now: the IM group's count once known, else the room service's audience count. */
  online: number
  likes: number
}

export interface LiveRoomOverlays {
  /** While entering: 正在开播… / 正在进入直播间… */
  entering: string | null
  /** Why the room ended or could not be entered. */
  ended: string | null
  /** A viewer's 主播暂时离开 while the anchor's app is in the background. */
  anchorAway: string | null
  /** Once the room has ended, its live-end figures (the audience: the duration only), when the service had them. */
  summary: LiveSummaryRow[] | null
  /** Camera or microphone refused where this page needs them (with 去设置). */
  permission: string | null
  /** A media problem or a co-anchoring outcome, and which. */
  toast: { kind: 'media' | 'linkmic'; text: string } | null
  /** The stats overlay: status and one line of figures, when shown. */
  stats: { status: string; figures: string } | null
}

export interface LiveRoomControls {
  role: 'anchor' | 'audience' | null
  /** The audience's co-anchor button, null when there is none. */
  linkMic: 'request' | 'waiting' | 'quit' | null
  muted: boolean
  /** A linked co-anchor's own controls in its window (camera, microphone, beauty, end link), else null; `mutedByAnchor`: 主播已将你静音. */
  coAnchor: { muted: boolean; mutedByAnchor: boolean } | null
  /** The beauty panel (the anchor's, or a linked co-anchor's for its own pusher), when shown: levels 0–9. */
  beauty: { beauty: number; whiteness: number } | null
  /** The 更多 panel, when open: 镜像 (the anchor's), and whether 弹幕 and 统计 are on. */
  more: { mirror: boolean; danmaku: boolean; stats: boolean } | null
  /** The emoji panel, when open, with the draft it builds. */
  emoji: { draft: string } | null
  /** 开播提醒 for a viewer (in the bar while live, on the ended overlay after), null when not offered. */
  reminder: { subscribed: boolean } | null
}

/** The audience panel, when open: the newest viewers (at most 100) and how many there are. */
export interface LiveRoomAudience {
  total: number
  members: Array<{ userID: string; nickName: string; avatar: string }>
  /** The anchor may tap a member for the moderation menu. */
  moderates: boolean
  /** Why the list could not be fetched, or null. */
  error: string | null
}

export interface UseLiveRoomReturn {
  stage: ComputedRef<LiveRoomStage>
  overlays: ComputedRef<LiveRoomOverlays>
  /** The anchor's dialog for a co-anchor request (its countdown in the text, the requester's avatar URL or ''), or null. */
  dialog: ComputedRef<{ text: string; avatar: string } | null>
  controls: ComputedRef<LiveRoomControls>
  /** null while the panel is closed: the page then renders (and is sent) nothing of it. */
  audience: ComputedRef<LiveRoomAudience | null>
  /** The chat list's feed: one stable object, so a new message re-renders the list only. */
  chat: ChatLog
  /** Enters the room the page was opened for; false with the reason on screen when it cannot. */
  open(entry: LiveRoomEntry): Promise<boolean>
  /** ✕: the anchor confirms ending the live and stays for its summary; anyone linked leaves the link first. */
  close(): Promise<void>
  back(): void
  /** The share card (转发) for the room on screen. */
  share(): RoomShareCard
  /** 看看其他直播: a viewer whose room is over goes to the room list instead. */
  otherLives(): void
  /** 去设置: once camera and microphone are allowed, an anchor whose live could not start goes live. */
  openSettings(): Promise<void>
  /** 说点什么… (and 文字 in the emoji panel): the chat prompt with the draft in it; sent, the panel closes. */
  compose(): Promise<void>
  like(): Promise<void>
  /** 开播提醒: asks WeChat from the tap, then the room service. */
  remind(): Promise<void>
  /** 连麦: ask the anchor to co-anchor. */
  requestLink(): Promise<void>
  quitLink(): Promise<void>
  answer(accept: boolean): Promise<void>
  kick(userID: string): Promise<void>
  /** The anchor leaves a co-anchor's audio out of the mix, or puts it back. */
  muteCoAnchor(userID: string, muted: boolean): Promise<void>
  switchCamera(): Promise<void>
  toggleMute(): void
  toggleMirror(): void
  /** Beauty or whiteness one step up (+1) or down (-1). */
  step(level: 'beauty' | 'whiteness', delta: 1 | -1): void
  toggleStats(): void
  /** Each opens its panel (closing any other panel) or closes it. */
  toggleBeauty(): void
  toggleMore(): void
  /** The danmaku layer's feed: one stable object, like `chat`. */
  danmaku: DanmakuFeed
  toggleDanmaku(): void
  /** 😊: opens or closes the emoji panel (its draft stays). */
  toggleEmoji(): void
  pickEmoji(emoji: string): void
  /** ⌫: the draft's last character, a whole emoji. */
  eraseEmoji(): void
  /** 发送 in the emoji panel: sends the draft and closes the panel. */
  sendDraft(): Promise<void>
  /** The anchor's menu for a viewer (mute, kick, ban); nothing for anyone else. */
  moderate(userID: string, nickName: string): Promise<void>
  openAudience(): Promise<void>
  closeAudience(): void
}
