// What the chat hears from IM for its room: text, likes and danmaku into the batch; the room
// closing, the account logged in elsewhere, the network lost and back as system lines and refs.
import { onScopeDispose, readonly, ref, type Ref } from 'vue'
import { KICKED_OUT_TEXT, type KickedOutReason } from '@/adapters/im/errors'
import type { ImClient, NetState } from '@/adapters/im/types'
import { roomCmdKind } from '@liveroom/protocol/im'
import { avatarOrNone } from '@/utils/avatar'
import type { ChatBatcher } from './chatBatcher'

export const SYSTEM_TEXT = {
  roomClosed: '直播已结束',
  networkLost: '网络已断开，正在重新连接…',
  networkBack: '网络已恢复',
  chatLost: '聊天连接已断开，请重新进入直播间',
} as const

const kickedOutSystemText = (reason: KickedOutReason) => `${KICKED_OUT_TEXT[reason]}，聊天已断开`

export interface UseChatIntakeOptions {
  client: ImClient
  batcher: ChatBatcher
  /** The room whose chat is followed, or null. */
  roomID: () => string | null
}

export interface UseChatIntakeReturn {
  /** The room's group was dismissed (or is gone): its chat is over. */
  dismissed: Readonly<Ref<boolean>>
  kickedOut: Readonly<Ref<boolean>>
  netState: Readonly<Ref<NetState>>
  /** The room changed: what was heard of the old one no longer counts. */
  reset(): void
  stop(): void
}

export function useChatIntake({ client, batcher, roomID }: UseChatIntakeOptions): UseChatIntakeReturn {
  const dismissed = ref(false)
  const kickedOut = ref(false)
  const netState = ref<NetState>('connected')
  /** Between a 'disconnected' and the next 'connected' (through any 'connecting'). */
  let networkLost = false

  function roomClosed(): void {
    dismissed.value = true
    batcher.system(SYSTEM_TEXT.roomClosed)
  }

  const subscriptions = [
    client.on('groupText', (m) => {
      if (m.roomID !== roomID()) return
      batcher.add({ id: m.messageID, kind: 'text', userID: m.userID, nickName: m.nickName, avatar: avatarOrNone(m.headPic), text: m.text, time: m.time })
    }),
    client.on('groupCommand', (c) => {
      if (c.roomID !== roomID()) return
      const sender = { userID: c.userID, nickName: c.data.userName || c.userID, avatar: avatarOrNone(c.data.userAvatar) }
      const kind = roomCmdKind(c.data.cmd)
      if (kind === 'like') batcher.addLike({ id: c.messageID, ...sender, time: c.time })
      else if ((kind === 'danmaku' || kind === 'text') && c.data.msg) {
        batcher.add({ id: c.messageID, kind: 'text', ...sender, text: c.data.msg, time: c.time })
      }
    }),
    client.on('groupDismissed', (e) => {
      if (e.roomID === roomID() && !dismissed.value) roomClosed()
    }),
    client.on('rejoinFailed', (e) => {
      if (e.roomID !== roomID() || dismissed.value) return
      if (e.error.code === 'GROUP_NOT_FOUND') roomClosed()
      else batcher.system(SYSTEM_TEXT.chatLost)
    }),
    client.on('kickedOut', ({ reason }) => {
      if (kickedOut.value) return
      kickedOut.value = true
      if (roomID()) batcher.system(kickedOutSystemText(reason))
    }),
    client.on('netStateChanged', ({ state }) => {
      netState.value = state
      if (state === 'disconnected' && !networkLost) {
        networkLost = true
        if (roomID()) batcher.system(SYSTEM_TEXT.networkLost)
      } else if (state === 'connected' && networkLost) {
        networkLost = false
        if (roomID()) batcher.system(SYSTEM_TEXT.networkBack)
      }
    }),
    client.on('ready', () => {
      kickedOut.value = false
    }),
  ]

  let stopped = false
  function stop(): void {
    if (stopped) return
    stopped = true
    subscriptions.forEach((off) => off())
    batcher.discard()
  }
  onScopeDispose(stop)

  return {
    dismissed: readonly(dismissed),
    kickedOut: readonly(kickedOut),
    netState: readonly(netState),
    reset() {
      batcher.discard()
      dismissed.value = false
    },
    stop,
  }
}
