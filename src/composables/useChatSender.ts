// Sending to the room's chat: text (trimmed, not empty, at most `maxLength` characters, not closer
// than `minSendIntervalMs`) and likes (the native apps' like command), each refusal with a message
// that can be shown as is. The SDK does not echo our own messages, so a sent one is added here.
import { readonly, ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue'
import type { ImClient, ImError } from '@/adapters/im/types'
import { ROOM_CMD } from '@liveroom/protocol/im'
import { visibleLength } from '@liveroom/protocol/text'
import type { ChatBatcher } from './chatBatcher'

export interface ChatSender {
  userID: string
  nickName: string
  headPic: string
}

export type ChatErrorCode = 'EMPTY' | 'TOO_LONG' | 'RATE_LIMITED' | 'NO_ROOM' | 'ROOM_CLOSED' | 'IM'

export interface ChatError {
  code: ChatErrorCode
  /** Chinese, for the user. */
  message: string
  /** The IM failure behind an `IM` error. */
  cause?: ImError
}

export type ChatResult = { ok: true } | { ok: false; error: ChatError }

export interface UseChatSenderOptions {
  client: ImClient
  batcher: ChatBatcher
  roomID: () => string | null
  /** Nothing more can be sent (the room ended). */
  closed: () => boolean
  /** The chat still shows this room (a reply that comes back later is not shown in another). */
  showing: (roomID: string) => boolean
  sender: MaybeRefOrGetter<ChatSender>
  maxLength: number
  minSendIntervalMs: number
  minLikeIntervalMs: number
  now: () => number
}

export interface UseChatSenderReturn {
  sending: Readonly<Ref<boolean>>
  error: Readonly<Ref<ChatError | null>>
  /** Why `text` cannot be sent now, or null. Lets the page disable its send button. */
  validate(text: string): ChatError | null
  send(text: string): Promise<ChatResult>
  like(): Promise<ChatResult>
  clearError(): void
}

const imMessage = (cause: ImError, fallback: string) => (cause instanceof Error ? cause.message : fallback)

export function useChatSender(options: UseChatSenderOptions): UseChatSenderReturn {
  const { client, batcher, roomID, now } = options
  const sending = ref(false)
  const error = ref<ChatError | null>(null)
  let lastSendAt = Number.NEGATIVE_INFINITY
  let lastLikeAt = Number.NEGATIVE_INFINITY

  function fail(code: ChatErrorCode, message: string, cause?: ImError): ChatResult {
    const e: ChatError = cause ? { code, message, cause } : { code, message }
    error.value = e
    return { ok: false, error: e }
  }

  function validate(text: string): ChatError | null {
    if (!roomID()) return { code: 'NO_ROOM', message: '还没有进入直播间' }
    if (options.closed()) return { code: 'ROOM_CLOSED', message: '直播已结束，无法发送消息' }
    const trimmed = text.trim()
    if (!trimmed) return { code: 'EMPTY', message: '请输入消息内容' }
    if (visibleLength(trimmed) > options.maxLength) return { code: 'TOO_LONG', message: `消息不能超过 ${options.maxLength} 个字` }
    return null
  }

  async function send(text: string): Promise<ChatResult> {
    const invalid = validate(text)
    if (invalid) return fail(invalid.code, invalid.message)
    const wait = lastSendAt + options.minSendIntervalMs - now()
    if (wait > 0) return fail('RATE_LIMITED', `发言太频繁，请 ${Math.ceil(wait / 1000)} 秒后再发送`)
    const room = roomID() as string
    const trimmed = text.trim()
    const me = toValue(options.sender)
    lastSendAt = now()
    sending.value = true
    try {
      const sent = await client.sendGroupText(room, trimmed, { nickName: me.nickName, headPic: me.headPic })
      error.value = null
      if (options.showing(room)) {
        batcher.add({ id: sent.messageID, kind: 'text', userID: me.userID, nickName: me.nickName || me.userID, avatar: me.headPic, text: trimmed, time: sent.time })
        batcher.flush()
      }
      return { ok: true }
    } catch (e) {
      const cause = e as ImError
      return fail('IM', imMessage(cause, '消息发送失败，请重试'), cause)
    } finally {
      sending.value = false
    }
  }

  async function like(): Promise<ChatResult> {
    const room = roomID()
    if (!room) return fail('NO_ROOM', '还没有进入直播间')
    if (options.closed()) return fail('ROOM_CLOSED', '直播已结束')
    if (now() - lastLikeAt < options.minLikeIntervalMs) return fail('RATE_LIMITED', '点赞太快了，歇一会儿吧')
    lastLikeAt = now()
    const me = toValue(options.sender)
    try {
      const sent = await client.sendGroupCommand(room, { userName: me.nickName, userAvatar: me.headPic, cmd: ROOM_CMD.like, msg: '' })
      if (options.showing(room)) batcher.addLike({ id: sent.messageID, userID: me.userID, nickName: me.nickName || me.userID, avatar: me.headPic, time: sent.time })
      return { ok: true }
    } catch (e) {
      const cause = e as ImError
      return fail('IM', imMessage(cause, '点赞失败'), cause)
    }
  }

  return {
    sending: readonly(sending),
    error: readonly(error),
    validate,
    send,
    like,
    clearError() {
      error.value = null
    },
  }
}
