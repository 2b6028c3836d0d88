// What a group message (Tencent IM's MsgBody: elements of MsgType and MsgContent) says that
// others read, and what it counts as: chat (text, and the text or danmaku room commands) or likes.
// Custom elements carry the kit's messages (see @liveroom/protocol/im).
import { decodeGroupCustom, roomCmdKind } from '@liveroom/protocol/im'

export interface MsgElement {
  MsgType: string
  MsgContent: Record<string, unknown>
}

export interface MessageReading {
  /** Texts shown to others: chat text, command text, display names. */
  texts: string[]
  /** Whether the message is a chat line (counted as a message). */
  chat: boolean
  likes: number
}

export function readMessage(body: readonly MsgElement[]): MessageReading {
  const r: MessageReading = { texts: [], chat: false, likes: 0 }
  for (const el of body) {
    const c = el.MsgContent
    if (el.MsgType === 'TIMTextElem' && typeof c.Text === 'string') {
      r.texts.push(c.Text)
      r.chat = true
    } else if (el.MsgType === 'TIMCustomElem' && typeof c.Data === 'string') {
      readCustom(c.Data, r)
    }
  }
  r.texts = r.texts.filter((t) => t.trim() !== '')
  return r
}

function readCustom(data: string, r: MessageReading): void {
  const m = decodeGroupCustom(data)
  if (!m.ok) return
  if (m.value.cmd === 'CustomTextMsg') {
    r.texts.push(m.value.data.nickName)
  } else if (m.value.cmd === 'CustomCmdMsg') {
    const d = m.value.data
    r.texts.push(d.userName, d.msg)
    const kind = roomCmdKind(d.cmd)
    if (kind === 'like') r.likes += 1
    if (kind === 'text' || kind === 'danmaku') r.chat = true
  }
}
