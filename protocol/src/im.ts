// IM signalling messages, compatible with the MLVB native apps.
//
// Every message is a JSON document `{"cmd": ..., "data": {...}}` carried in the
// `data` field of an IM custom element. Encoders write the fields in the order
// the native apps write them; decoders accept foreign input of any shape and
// return a typed result or a typed error, never throw.
//
// Where a field is missing in input from another client, decoders are lenient
// only for display fields (nick names, avatars, reasons, free text), which
// default to ''. Identity, routing and timing fields (cmd, type, roomID,
// userID, result, action, timestamp) are required.

// ---------------------------------------------------------------- results

export type ImDecodeErrorCode = 'NOT_JSON' | 'NOT_OBJECT' | 'UNKNOWN_CMD' | 'BAD_FIELD'

export interface ImDecodeError {
  code: ImDecodeErrorCode
  /** What was wrong, for logs (English, not shown to users). */
  detail: string
  /** Dotted path of the offending field, e.g. `data.timestamp`, when there is one. */
  field?: string
}

export type ImDecodeResult<T> = { ok: true; value: T } | { ok: false; error: ImDecodeError }

// ---------------------------------------------------------------- group messages

/** Header element of a group chat message: the sender's display profile. */
export interface CustomTextMsgData {
  nickName: string
  headPic: string
}
export interface CustomTextMsg {
  cmd: 'CustomTextMsg'
  data: CustomTextMsgData
}

/** A room command from a user (likes, gifts, danmaku). `cmd` is the kind, `msg` its argument. */
export interface CustomCmdMsgData {
  userName: string
  userAvatar: string
  cmd: string
  msg: string
}
export interface CustomCmdMsg {
  cmd: 'CustomCmdMsg'
  data: CustomCmdMsgData
}

/** Tells the room that its pusher list changed (a co-anchor joined or left): refresh it. */
export interface NotifyPusherChange {
  cmd: 'notifyPusherChange'
  data: { userID: string }
}

/**
 * The room's creator went to the background (`away`) or came back. Ours, not MLVB's (its apps
 * drop group commands they do not know); believed only from the room's creator.
 */
export interface AnchorAway {
  cmd: 'anchorAway'
  data: { away: boolean }
}

export type GroupCustomMessage = CustomTextMsg | CustomCmdMsg | NotifyPusherChange | AnchorAway

/**
 * Values of `CustomCmdMsg.data.cmd` that the MLVB apps use. They send the
 * number of their `IMCMD_*` constant as a decimal string (e.g. a like is
 * `sendRoomCustomMsg(String.valueOf(IMCMD_PRAISE), "")`, IMCMD_PRAISE = 4) and
 * parse it back with `Integer.valueOf`, so a non-numeric cmd such as "like"
 * would break them. We send and recognise these numbers.
 */
export const ROOM_CMD = {
  /** Plain text sent as a command (IMCMD_PAILN_TEXT). */
  text: '1',
  /** A user entered (IMCMD_ENTER_LIVE). */
  enter: '2',
  /** A user left (IMCMD_EXIT_LIVE). */
  exit: '3',
  /** A like (IMCMD_PRAISE); `msg` is empty. */
  like: '4',
  /** Danmaku (IMCMD_DANMU); `msg` is the text. */
  danmaku: '5',
} as const

export type RoomCmdKind = keyof typeof ROOM_CMD

/** The kind of a `CustomCmdMsg.data.cmd`, or null for one this app does not know. */
export function roomCmdKind(cmd: string): RoomCmdKind | null {
  const trimmed = cmd.trim()
  for (const kind of Object.keys(ROOM_CMD) as RoomCmdKind[]) {
    if (ROOM_CMD[kind] === trimmed) return kind
  }
  return null
}

// ---------------------------------------------------------------- C2C messages

export interface LinkMicRequest {
  type: 'request'
  roomID: string
  userID: string
  userName: string
  userAvatar: string
  timestamp: number
}
export type LinkMicResult = 'accept' | 'reject'
export interface LinkMicResponse {
  type: 'response'
  result: LinkMicResult
  reason: string
  roomID: string
  timestamp: number
}
export interface LinkMicKickout {
  type: 'kickout'
  roomID: string
  timestamp: number
}
export type LinkMicData = LinkMicRequest | LinkMicResponse | LinkMicKickout
export interface LinkMicCommand {
  cmd: 'linkmic'
  data: LinkMicData
}

export type PkAction = 'start' | 'stop'
export interface PkRequest {
  type: 'request'
  action: PkAction
  roomID: string
  userID: string
  userName: string
  userAvatar: string
  accelerateURL: string
  timestamp: number
}
export interface PkResponse {
  type: 'response'
  result: LinkMicResult
  reason: string
  roomID: string
  accelerateURL: string
  timestamp: number
}
export type PkData = PkRequest | PkResponse
export interface PkCommand {
  cmd: 'pk'
  data: PkData
}

/**
 * The room's creator removed the receiver: `kick` from room `roomID`, `ban` from all its rooms (sent
 * from room `roomID`). Ours, not MLVB's; the receiver believes it only from the room's creator.
 */
export type RemovalKind = 'kick' | 'ban'
export interface RemovalData {
  type: RemovalKind
  roomID: string
  timestamp: number
}
export interface RemovalCommand {
  cmd: 'removed'
  data: RemovalData
}

export type C2CCommand = LinkMicCommand | PkCommand | RemovalCommand

// ---------------------------------------------------------------- encoders
// Objects are rebuilt field by field so the output has exactly the documented
// keys in the documented order, whatever extra properties the input carries.

export function encodeGroupCustom(message: GroupCustomMessage): string {
  switch (message.cmd) {
    case 'CustomTextMsg':
      return JSON.stringify({
        cmd: message.cmd,
        data: { nickName: message.data.nickName, headPic: message.data.headPic },
      })
    case 'CustomCmdMsg': {
      const d = message.data
      return JSON.stringify({
        cmd: message.cmd,
        data: { userName: d.userName, userAvatar: d.userAvatar, cmd: d.cmd, msg: d.msg },
      })
    }
    case 'notifyPusherChange':
      return JSON.stringify({ cmd: message.cmd, data: { userID: message.data.userID } })
    case 'anchorAway':
      return JSON.stringify({ cmd: message.cmd, data: { away: message.data.away } })
  }
}

function linkMicFields(d: LinkMicData): Record<string, string | number> {
  switch (d.type) {
    case 'request':
      return {
        type: d.type,
        roomID: d.roomID,
        userID: d.userID,
        userName: d.userName,
        userAvatar: d.userAvatar,
        timestamp: d.timestamp,
      }
    case 'response':
      return { type: d.type, result: d.result, reason: d.reason, roomID: d.roomID, timestamp: d.timestamp }
    case 'kickout':
      return { type: d.type, roomID: d.roomID, timestamp: d.timestamp }
  }
}

function pkFields(d: PkData): Record<string, string | number> {
  switch (d.type) {
    case 'request':
      return {
        type: d.type,
        action: d.action,
        roomID: d.roomID,
        userID: d.userID,
        userName: d.userName,
        userAvatar: d.userAvatar,
        accelerateURL: d.accelerateURL,
        timestamp: d.timestamp,
      }
    case 'response':
      return {
        type: d.type,
        result: d.result,
        reason: d.reason,
        roomID: d.roomID,
        accelerateURL: d.accelerateURL,
        timestamp: d.timestamp,
      }
  }
}

export function encodeC2CCommand(command: C2CCommand): string {
  switch (command.cmd) {
    case 'linkmic':
      return JSON.stringify({ cmd: command.cmd, data: linkMicFields(command.data) })
    case 'pk':
      return JSON.stringify({ cmd: command.cmd, data: pkFields(command.data) })
    case 'removed': {
      const d = command.data
      return JSON.stringify({ cmd: command.cmd, data: { type: d.type, roomID: d.roomID, timestamp: d.timestamp } })
    }
  }
}

// ---------------------------------------------------------------- decoders

type Obj = Record<string, unknown>

class FieldError {
  constructor(
    readonly field: string,
    readonly detail: string,
  ) {}
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A required non-empty string (identifiers). */
function id(o: Obj, key: string, path: string): string {
  const v = o[key]
  if (typeof v !== 'string' || v.length === 0) throw new FieldError(`${path}.${key}`, `expected a non-empty string`)
  return v
}

/** A display string: missing or null is '', numbers are tolerated, other types are an error. */
function text(o: Obj, key: string, path: string): string {
  const v = o[key]
  if (v === undefined || v === null) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  throw new FieldError(`${path}.${key}`, 'expected a string')
}

/** A ms timestamp: a finite non-negative number, or a string of digits (some clients send longs as strings). */
function timestamp(o: Obj, path: string): number {
  const v = o.timestamp
  const n = typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new FieldError(`${path}.timestamp`, 'expected a non-negative number of milliseconds')
  }
  return n
}

function oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
  const v = o[key]
  if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T
  throw new FieldError(`${path}.${key}`, `expected one of ${allowed.join(', ')}`)
}

function parseEnvelope(input: unknown): ImDecodeResult<{ cmd: string; data: Obj }> {
  let doc: unknown = input
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input)
    } catch {
      return { ok: false, error: { code: 'NOT_JSON', detail: 'not valid JSON' } }
    }
  }
  if (!isObj(doc)) return { ok: false, error: { code: 'NOT_OBJECT', detail: 'expected a JSON object' } }
  if (typeof doc.cmd !== 'string') {
    return { ok: false, error: { code: 'BAD_FIELD', field: 'cmd', detail: 'expected a string' } }
  }
  if (!isObj(doc.data)) {
    return { ok: false, error: { code: 'BAD_FIELD', field: 'data', detail: 'expected an object' } }
  }
  return { ok: true, value: { cmd: doc.cmd, data: doc.data } }
}

function guard<T>(build: () => T): ImDecodeResult<T> {
  try {
    return { ok: true, value: build() }
  } catch (e) {
    if (e instanceof FieldError) return { ok: false, error: { code: 'BAD_FIELD', field: e.field, detail: e.detail } }
    throw e
  }
}

/**
 * Decodes the `data` of a group custom element (a JSON string, or an already
 * parsed value). Commands other than the group commands (CustomTextMsg,
 * CustomCmdMsg, notifyPusherChange, anchorAway) are `UNKNOWN_CMD`.
 */
export function decodeGroupCustom(input: unknown): ImDecodeResult<GroupCustomMessage> {
  const env = parseEnvelope(input)
  if (!env.ok) return env
  const { cmd, data } = env.value
  switch (cmd) {
    case 'CustomTextMsg':
      return guard<CustomTextMsg>(() => ({
        cmd,
        data: { nickName: text(data, 'nickName', 'data'), headPic: text(data, 'headPic', 'data') },
      }))
    case 'CustomCmdMsg':
      return guard<CustomCmdMsg>(() => ({
        cmd,
        data: {
          userName: text(data, 'userName', 'data'),
          userAvatar: text(data, 'userAvatar', 'data'),
          cmd: id(data, 'cmd', 'data'),
          msg: text(data, 'msg', 'data'),
        },
      }))
    case 'notifyPusherChange':
      // The native apps send the changed user; an empty or missing one still means "refresh".
      return guard<NotifyPusherChange>(() => ({ cmd, data: { userID: text(data, 'userID', 'data') } }))
    case 'anchorAway':
      if (typeof data.away !== 'boolean') return { ok: false, error: { code: 'BAD_FIELD', field: 'data.away', detail: 'expected a boolean' } }
      return { ok: true, value: { cmd, data: { away: data.away } } }
    default:
      return { ok: false, error: { code: 'UNKNOWN_CMD', field: 'cmd', detail: `unknown group cmd "${cmd}"` } }
  }
}

function decodeLinkMicData(d: Obj): LinkMicData {
  const type = oneOf(d, 'type', 'data', ['request', 'response', 'kickout'] as const)
  switch (type) {
    case 'request':
      return {
        type,
        roomID: id(d, 'roomID', 'data'),
        userID: id(d, 'userID', 'data'),
        userName: text(d, 'userName', 'data'),
        userAvatar: text(d, 'userAvatar', 'data'),
        timestamp: timestamp(d, 'data'),
      }
    case 'response':
      return {
        type,
        result: oneOf(d, 'result', 'data', ['accept', 'reject'] as const),
        reason: text(d, 'reason', 'data'),
        roomID: id(d, 'roomID', 'data'),
        timestamp: timestamp(d, 'data'),
      }
    case 'kickout':
      return { type, roomID: id(d, 'roomID', 'data'), timestamp: timestamp(d, 'data') }
  }
}

function decodePkData(d: Obj): PkData {
  const type = oneOf(d, 'type', 'data', ['request', 'response'] as const)
  if (type === 'request') {
    return {
      type,
      action: oneOf(d, 'action', 'data', ['start', 'stop'] as const),
      roomID: id(d, 'roomID', 'data'),
      userID: id(d, 'userID', 'data'),
      userName: text(d, 'userName', 'data'),
      userAvatar: text(d, 'userAvatar', 'data'),
      accelerateURL: text(d, 'accelerateURL', 'data'),
      timestamp: timestamp(d, 'data'),
    }
  }
  return {
    type,
    result: oneOf(d, 'result', 'data', ['accept', 'reject'] as const),
    reason: text(d, 'reason', 'data'),
    roomID: id(d, 'roomID', 'data'),
    accelerateURL: text(d, 'accelerateURL', 'data'),
    timestamp: timestamp(d, 'data'),
  }
}

function decodeRemovalData(d: Obj): RemovalData {
  return { type: oneOf(d, 'type', 'data', ['kick', 'ban'] as const), roomID: id(d, 'roomID', 'data'), timestamp: timestamp(d, 'data') }
}

/** Decodes the `data` of a C2C custom element: a `linkmic`, `pk` or `removed` command. */
export function decodeC2CCommand(input: unknown): ImDecodeResult<C2CCommand> {
  const env = parseEnvelope(input)
  if (!env.ok) return env
  const { cmd, data } = env.value
  if (cmd === 'linkmic') return guard<LinkMicCommand>(() => ({ cmd, data: decodeLinkMicData(data) }))
  if (cmd === 'pk') return guard<PkCommand>(() => ({ cmd, data: decodePkData(data) }))
  if (cmd === 'removed') return guard<RemovalCommand>(() => ({ cmd, data: decodeRemovalData(data) }))
  return { ok: false, error: { code: 'UNKNOWN_CMD', field: 'cmd', detail: `unknown C2C cmd "${cmd}"` } }
}

// ---------------------------------------------------------------- timing

/**
 * Whether a request stamped `timestamp` (server-synchronised ms) is still
 * current at `serverNow`, given its timeout. Stale requests are ignored, so a
 * request that arrives after its asker gave up is not answered. A stamp slightly in the future (clock skew) counts as current.
 */
export function isRequestCurrent(timestamp: number, serverNow: number, timeoutMs: number): boolean {
  return serverNow - timestamp <= timeoutMs
}

// ---------------------------------------------------------------- refusals by the room service

/**
 * Codes of a group message the room service refused (its IM before-send callback): the sender's
 * `sendMessage` fails with this code, and a Chinese text a person can read as its message.
 * Tencent IM passes codes from 120001 to 130000 through to the sender.
 */
export const IM_REFUSAL = {
  /** The text did not pass the content check. */
  textBlocked: 120001,
  /** The room's creator banned the sender from their rooms. */
  banned: 120002,
  /** The room's creator removed the sender from this room. */
  kicked: 120003,
} as const
