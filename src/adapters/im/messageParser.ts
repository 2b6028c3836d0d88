// Turns messages delivered by tim-wx-sdk (MESSAGE_RECEIVED) into the app's IM
// events. Input is whatever the SDK handed out, typed by its shape and checked
// field by field: other clients write these messages, so nothing is trusted.
//
// Shapes handled (tim-wx-sdk 2.27.x):
// - A received message carries all of its elements in `getElements()` (also
//   exposed as `elements`); `type`/`payload` are those of the first element.
//   The native apps send group chat as ONE message with two elements,
//   [custom {"cmd":"CustomTextMsg",...}, text]: the header gives the sender's
//   nick name for the text after it.
// - Clients that cannot build two-element messages send the same pair as two
//   messages in a row, header first. A header with no text after it in its own
//   message is kept per (room, sender) for a short while and applied to that
//   sender's next text-only message.
// - A text with no header (web clients, older versions) shows the IM nick of
//   the sender, or the user ID.
// - Group system notices arrive in the system conversation: operationType 5
//   (dismissed) and 11 (recycled) close the room; 255 is a server-side custom
//   notice whose `userDefinedField` may hold notifyPusherChange (how the older
//   native room service announced pusher changes).
// - Group tips for member join/quit of an AVChatRoom carry `memberNum`, the
//   online count, and who: `userIDList`, with their profiles (`nick`) in
//   `memberList` when the IM server has them.
import { decodeC2CCommand, decodeGroupCustom, type CustomTextMsgData } from '@liveroom/protocol/im'
import { GROUP_SYSTEM_NOTICE, TIM_TYPES, type TimElement } from './sdkTypes'
import type { GroupMember, ImEventMap } from './types'

export type ParsedEventName =
  | 'groupText'
  | 'groupCommand'
  | 'pusherChanged'
  | 'anchorAway'
  | 'c2cCommand'
  | 'groupDismissed'
  | 'memberCountChanged'
  | 'membersChanged'

export type ParsedImEvent = { [K in ParsedEventName]: { event: K; payload: ImEventMap[K] } }[ParsedEventName]

export interface MessageParserOptions {
  /** How long a lone CustomTextMsg header waits for its text message, ms. Default 10 s. */
  headerTtlMs?: number
  /** Most lone headers kept at once (oldest dropped). Default 256. */
  maxPendingHeaders?: number
  /** Clock for messages without a time; ms. */
  now?: () => number
}

export interface MessageParser {
  /** Events carried by one SDK message, in element order. Never throws. */
  parse(message: unknown): ParsedImEvent[]
  /** Forget pending headers (on logout or room change). */
  reset(): void
}

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null
const str = (v: unknown): string => (typeof v === 'string' ? v : '')

function readElements(message: Obj): TimElement[] {
  let list: unknown
  if (typeof message.getElements === 'function') {
    try {
      list = (message.getElements as () => unknown).call(message)
    } catch {
      list = undefined
    }
  }
  if (!Array.isArray(list)) list = Array.isArray(message.elements) ? message.elements : message._elements
  if (!Array.isArray(list) || list.length === 0) list = [{ type: message.type, content: message.payload }]
  const out: TimElement[] = []
  for (const el of list as unknown[]) {
    if (isObj(el) && typeof el.type === 'string') out.push({ type: el.type, content: el.content })
  }
  return out
}

function groupIDOf(message: Obj): string {
  const to = str(message.to)
  if (to) return to
  const conv = str(message.conversationID)
  return conv.startsWith(TIM_TYPES.CONV_GROUP) ? conv.slice(TIM_TYPES.CONV_GROUP.length) : ''
}

function customData(content: unknown): string | null {
  return isObj(content) && typeof content.data === 'string' ? content.data : null
}

function textOf(content: unknown): string | null {
  return isObj(content) && typeof content.text === 'string' ? content.text : null
}

function memberCountOf(content: unknown): number | null {
  if (!isObj(content)) return null
  const n = content.memberNum ?? content.memberCount
  const v = typeof n === 'string' && /^\d+$/.test(n) ? Number(n) : n
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null
}

const MEMBER_CHANGES: Readonly<Record<number, 'joined' | 'left'>> = { [TIM_TYPES.GRP_TIP_MBR_JOIN]: 'joined', [TIM_TYPES.GRP_TIP_MBR_QUIT]: 'left' }

function membersOf(content: unknown): GroupMember[] {
  if (!isObj(content)) return []
  const nicks = new Map<string, string>()
  for (const m of Array.isArray(content.memberList) ? (content.memberList as unknown[]) : []) {
    if (isObj(m) && str(m.userID)) nicks.set(str(m.userID), str(m.nick))
  }
  const ids = Array.isArray(content.userIDList) ? (content.userIDList as unknown[]).map(str).filter(Boolean) : [...nicks.keys()]
  return [...new Set(ids)].map((userID) => ({ userID, nickName: nicks.get(userID) ?? '' }))
}

interface PendingHeader {
  header: CustomTextMsgData
  at: number
}

export function createMessageParser(options: MessageParserOptions = {}): MessageParser {
  const ttl = options.headerTtlMs ?? 10_000
  const maxPending = options.maxPendingHeaders ?? 256
  const now = options.now ?? Date.now
  const pending = new Map<string, PendingHeader>()

  function keepHeader(key: string, header: CustomTextMsgData): void {
    pending.delete(key)
    pending.set(key, { header, at: now() })
    while (pending.size > maxPending) {
      const oldest = pending.keys().next().value
      if (oldest === undefined) break
      pending.delete(oldest)
    }
  }

  function takeHeader(key: string): CustomTextMsgData | null {
    const p = pending.get(key)
    if (!p) return null
    pending.delete(key)
    return now() - p.at <= ttl ? p.header : null
  }

  function parseGroup(message: Obj, base: Base): ParsedImEvent[] {
    const roomID = groupIDOf(message)
    if (!roomID) return []
    const events: ParsedImEvent[] = []
    const key = `${roomID}\u0000${base.from}`
    let header: CustomTextMsgData | null = null
    let sawText = false
    for (const [index, el] of base.elements.entries()) {
      const messageID = index === 0 ? base.id : `${base.id}#${index}`
      if (el.type === TIM_TYPES.MSG_CUSTOM) {
        const data = customData(el.content)
        if (data === null) continue
        const decoded = decodeGroupCustom(data)
        if (!decoded.ok) continue
        const m = decoded.value
        if (m.cmd === 'CustomTextMsg') header = m.data
        else if (m.cmd === 'CustomCmdMsg') {
          events.push({
            event: 'groupCommand',
            payload: { roomID, messageID, userID: base.from, data: m.data, time: base.time },
          })
        } else if (m.cmd === 'anchorAway') {
          events.push({ event: 'anchorAway', payload: { roomID, userID: base.from, away: m.data.away } })
        } else events.push({ event: 'pusherChanged', payload: { roomID, userID: m.data.userID } })
      } else if (el.type === TIM_TYPES.MSG_TEXT) {
        const text = textOf(el.content)
        if (text === null) continue
        sawText = true
        const h: CustomTextMsgData | null = header ?? takeHeader(key)
        events.push({
          event: 'groupText',
          payload: {
            roomID,
            messageID,
            userID: base.from,
            nickName: h?.nickName || base.nick || base.from,
            headPic: h?.headPic || base.avatar,
            text,
            time: base.time,
          },
        })
      } else if (el.type === TIM_TYPES.MSG_GRP_TIP) {
        const count = memberCountOf(el.content)
        if (count !== null) events.push({ event: 'memberCountChanged', payload: { roomID, count } })
        const change = isObj(el.content) && typeof el.content.operationType === 'number' ? MEMBER_CHANGES[el.content.operationType] : undefined
        const members = change ? membersOf(el.content) : []
        if (change && members.length > 0) events.push({ event: 'membersChanged', payload: { roomID, change, members } })
      }
    }
    if (header && !sawText) keepHeader(key, header)
    return events
  }

  function parseC2C(base: Base): ParsedImEvent[] {
    const events: ParsedImEvent[] = []
    for (const [index, el] of base.elements.entries()) {
      if (el.type !== TIM_TYPES.MSG_CUSTOM) continue
      const data = customData(el.content)
      if (data === null) continue
      const decoded = decodeC2CCommand(data)
      if (!decoded.ok) continue
      events.push({
        event: 'c2cCommand',
        payload: {
          fromUserID: base.from,
          messageID: index === 0 ? base.id : `${base.id}#${index}`,
          command: decoded.value,
          time: base.time,
        },
      })
    }
    return events
  }

  function parseSystem(base: Base): ParsedImEvent[] {
    const events: ParsedImEvent[] = []
    for (const el of base.elements) {
      if (el.type !== TIM_TYPES.MSG_GRP_SYS_NOTICE || !isObj(el.content)) continue
      const c = el.content
      const profile = isObj(c.groupProfile) ? c.groupProfile : {}
      const roomID = str(profile.groupID) || str(c.groupID)
      if (!roomID) continue
      const op = c.operationType
      if (op === GROUP_SYSTEM_NOTICE.DISMISSED || op === GROUP_SYSTEM_NOTICE.RECYCLED) {
        events.push({ event: 'groupDismissed', payload: { roomID, operatorID: str(c.operatorID) } })
      } else if (op === GROUP_SYSTEM_NOTICE.CUSTOM) {
        const decoded = decodeGroupCustom(str(c.userDefinedField))
        if (decoded.ok && decoded.value.cmd === 'notifyPusherChange') {
          events.push({ event: 'pusherChanged', payload: { roomID, userID: decoded.value.data.userID } })
        }
      }
    }
    return events
  }

  return {
    parse(message: unknown): ParsedImEvent[] {
      if (!isObj(message)) return []
      const seconds = message.time
      const base: Base = {
        id: str(message.ID) || `${str(message.from)}-${String(seconds)}-${Math.random().toString(36).slice(2, 10)}`,
        from: str(message.from),
        nick: str(message.nick),
        avatar: str(message.avatar),
        time: typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : now(),
        elements: readElements(message),
      }
      switch (message.conversationType) {
        case TIM_TYPES.CONV_GROUP:
          return base.from ? parseGroup(message, base) : []
        case TIM_TYPES.CONV_C2C:
          return base.from ? parseC2C(base) : []
        case TIM_TYPES.CONV_SYSTEM:
          return parseSystem(base)
        default:
          return []
      }
    },
    reset(): void {
      pending.clear()
    },
  }
}

interface Base {
  id: string
  from: string
  nick: string
  avatar: string
  time: number
  elements: TimElement[]
}
