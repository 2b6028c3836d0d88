// Errors of the IM layer: one typed error with a stable code, the SDK's numeric
// code when there was one, and a Chinese message that can be shown as is.
import { IM_REFUSAL } from '@liveroom/protocol/im'

export type ImErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_LOGGED_IN'
  | 'LOGIN_FAILED'
  | 'USERSIG_INVALID'
  | 'KICKED_OUT'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'GROUP_NOT_FOUND'
  | 'GROUP_ID_TAKEN'
  | 'NOT_IN_GROUP'
  | 'PERMISSION_DENIED'
  | 'MUTED'
  | 'GROUP_FULL'
  | 'PEER_UNAVAILABLE'
  | 'CONTENT_REJECTED'
  /** The room service refused a group message (IM_REFUSAL): its text says why. */
  | 'REFUSED'
  | 'RATE_LIMITED'
  | 'SEND_FAILED'
  | 'UNKNOWN'

const DEFAULT_MESSAGE: Readonly<Record<ImErrorCode, string>> = {
  INVALID_ARGUMENT: '参数错误',
  NOT_LOGGED_IN: '聊天服务未登录，请稍后重试',
  LOGIN_FAILED: '聊天服务登录失败，请稍后重试',
  USERSIG_INVALID: '登录凭证无效或已过期，请重新进入',
  KICKED_OUT: '你的账号已在其他地方登录',
  TIMEOUT: '聊天服务响应超时，请检查网络后重试',
  NETWORK: '网络异常，请检查网络后重试',
  GROUP_NOT_FOUND: '直播间不存在或已结束',
  GROUP_ID_TAKEN: '房间号已被他人占用',
  NOT_IN_GROUP: '你已不在直播间内',
  PERMISSION_DENIED: '没有权限执行此操作',
  MUTED: '你已被禁言',
  GROUP_FULL: '直播间人数已满',
  PEER_UNAVAILABLE: '对方不在线',
  CONTENT_REJECTED: '消息包含不允许的内容，发送失败',
  REFUSED: '消息未能发出',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  SEND_FAILED: '消息发送失败，请重试',
  UNKNOWN: '聊天服务出错，请稍后重试',
}

/** Why the IM login was ended from outside. */
export type KickedOutReason = 'multipleAccount' | 'multipleDevice' | 'userSigExpired' | 'restApi' | 'unknown'

/** Why the IM login was ended from outside, for the user. */
export const KICKED_OUT_TEXT: Readonly<Record<KickedOutReason, string>> = {
  multipleAccount: '你的账号已在其他设备登录',
  multipleDevice: '你的账号已在其他设备登录',
  userSigExpired: '登录已过期',
  restApi: '你的账号已被管理员下线',
  unknown: '你的账号已下线',
}

export class ImError extends Error {
  constructor(
    readonly code: ImErrorCode,
    message: string = DEFAULT_MESSAGE[code],
    /** The SDK's (or IM server's) numeric error code, when the error came from there. */
    readonly sdkCode?: number,
  ) {
    super(message)
    this.name = 'ImError'
  }
}

/** IM server and SDK error codes this layer gives a meaning to. */
export const SDK_ERROR = {
  /** createGroup: the group ID is already used by a group you own. */
  GROUP_ID_USED_BY_SELF: 10025,
  /** createGroup: the group ID is used by someone else's group. */
  GROUP_ID_USED_BY_OTHER: 10021,
  /** joinGroup: already a member. */
  ALREADY_MEMBER: 10013,
  GROUP_NOT_FOUND: 10010,
  GROUP_ID_INVALID: 10015,
  PERMISSION_DENIED: 10007,
  OWNER_CANNOT_QUIT: 10009,
  GROUP_FULL: 10014,
  SHUT_UP: 10017,
  /** C2C: the receiver is not a valid (or reachable) account. */
  INVALID_RECEIVER: 20003,
  DIRTY_WORDS: 80001,
  ACCOUNT_SIG_EXPIRED: 70001,
  USERSIG_INVALID_70003: 70003,
  USERSIG_INVALID_70013: 70013,
  USERSIG_INVALID_70014: 70014,
  NO_USERSIG: 2003,
  USER_NOT_LOGGED_IN: 2024,
  MESSAGE_SEND_FAIL: 2100,
  NOT_IN_AVCHATROOM: 2101,
  MEMBER_NOT_IN_GROUP: 2623,
  LOGIN_FAILED: 3001,
  KICKED_OUT_MULT_DEVICE: 3002,
  KICKED_OUT_MULT_ACCOUNT: 3003,
  KICKED_OUT_USERSIG_EXPIRED: 3004,
  LOGGED_OUT: 3005,
  NETWORK_ERROR: 2800,
  NETWORK_TIMEOUT: 2801,
  NO_NETWORK: 2805,
  OVER_FREQUENCY_LIMIT: 2996,
  SDK_IS_NOT_READY: 2999,
  PROFANITY_FOUND: 3123,
} as const

const CODE_BY_SDK: ReadonlyMap<number, ImErrorCode> = new Map<number, ImErrorCode>([
  [SDK_ERROR.GROUP_ID_USED_BY_OTHER, 'GROUP_ID_TAKEN'],
  [SDK_ERROR.GROUP_NOT_FOUND, 'GROUP_NOT_FOUND'],
  [SDK_ERROR.GROUP_ID_INVALID, 'GROUP_NOT_FOUND'],
  [SDK_ERROR.PERMISSION_DENIED, 'PERMISSION_DENIED'],
  [SDK_ERROR.OWNER_CANNOT_QUIT, 'PERMISSION_DENIED'],
  [SDK_ERROR.GROUP_FULL, 'GROUP_FULL'],
  [SDK_ERROR.SHUT_UP, 'MUTED'],
  [SDK_ERROR.INVALID_RECEIVER, 'PEER_UNAVAILABLE'],
  [SDK_ERROR.DIRTY_WORDS, 'CONTENT_REJECTED'],
  [SDK_ERROR.PROFANITY_FOUND, 'CONTENT_REJECTED'],
  [SDK_ERROR.ACCOUNT_SIG_EXPIRED, 'USERSIG_INVALID'],
  [SDK_ERROR.USERSIG_INVALID_70003, 'USERSIG_INVALID'],
  [SDK_ERROR.USERSIG_INVALID_70013, 'USERSIG_INVALID'],
  [SDK_ERROR.USERSIG_INVALID_70014, 'USERSIG_INVALID'],
  [SDK_ERROR.NO_USERSIG, 'USERSIG_INVALID'],
  [SDK_ERROR.USER_NOT_LOGGED_IN, 'NOT_LOGGED_IN'],
  [SDK_ERROR.SDK_IS_NOT_READY, 'NOT_LOGGED_IN'],
  [SDK_ERROR.LOGGED_OUT, 'NOT_LOGGED_IN'],
  [SDK_ERROR.LOGIN_FAILED, 'LOGIN_FAILED'],
  [SDK_ERROR.KICKED_OUT_MULT_DEVICE, 'KICKED_OUT'],
  [SDK_ERROR.KICKED_OUT_MULT_ACCOUNT, 'KICKED_OUT'],
  [SDK_ERROR.KICKED_OUT_USERSIG_EXPIRED, 'USERSIG_INVALID'],
  [SDK_ERROR.MESSAGE_SEND_FAIL, 'SEND_FAILED'],
  [SDK_ERROR.NOT_IN_AVCHATROOM, 'NOT_IN_GROUP'],
  [SDK_ERROR.NETWORK_ERROR, 'NETWORK'],
  [SDK_ERROR.NETWORK_TIMEOUT, 'TIMEOUT'],
  [SDK_ERROR.NO_NETWORK, 'NETWORK'],
  [SDK_ERROR.OVER_FREQUENCY_LIMIT, 'RATE_LIMITED'],
])

const REFUSAL_CODES: ReadonlySet<number> = new Set(Object.values(IM_REFUSAL))

function sdkMessage(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined
  return typeof message === 'string' ? message.trim() : ''
}

/** The numeric `code` of an SDK rejection (`{code, message}`), or undefined. */
export function sdkErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  if (typeof code === 'number' && Number.isFinite(code)) return code
  if (typeof code === 'string' && /^-?\d+$/.test(code)) return Number(code)
  return undefined
}

/**
 * Turns whatever the SDK rejected with into an ImError. `fallback` is the
 * code used for errors without a known SDK code (e.g. SEND_FAILED for sends).
 */
export function toImError(error: unknown, fallback: ImErrorCode = 'UNKNOWN'): ImError {
  if (error instanceof ImError) return error
  const sdkCode = sdkErrorCode(error)
  // The room service wrote this refusal's text for the sender to read.
  if (sdkCode !== undefined && REFUSAL_CODES.has(sdkCode)) return new ImError('REFUSED', sdkMessage(error) || DEFAULT_MESSAGE.REFUSED, sdkCode)
  const code = (sdkCode !== undefined && CODE_BY_SDK.get(sdkCode)) || fallback
  return new ImError(code, DEFAULT_MESSAGE[code], sdkCode)
}

export function imErrorMessage(code: ImErrorCode): string {
  return DEFAULT_MESSAGE[code]
}

// ---------------------------------------------------------------- group rules (an AVChatRoom per room)

/**
 * Creating the room's group failed with this error, yet the group exists and is
 * ours: re-creating a room (an anchor going live again) must not break chat.
 */
export function isOwnGroupAlreadyCreated(error: unknown): boolean {
  return sdkErrorCode(error) === SDK_ERROR.GROUP_ID_USED_BY_SELF
}

/** Joining failed because we are a member already: that is the wanted state. */
export function isAlreadyMember(error: unknown): boolean {
  return sdkErrorCode(error) === SDK_ERROR.ALREADY_MEMBER
}

/** Quitting or dismissing failed because the group is gone or we are not in it: also the wanted state. */
export function isAlreadyOutOfGroup(error: unknown): boolean {
  const code = sdkErrorCode(error)
  return (
    code === SDK_ERROR.GROUP_NOT_FOUND ||
    code === SDK_ERROR.GROUP_ID_INVALID ||
    code === SDK_ERROR.NOT_IN_AVCHATROOM ||
    code === SDK_ERROR.MEMBER_NOT_IN_GROUP
  )
}

/** IM group names are limited to 30 bytes of UTF-8 (10 Chinese characters). */
export const GROUP_NAME_MAX_BYTES = 30

/** Cuts `name` to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(name: string, maxBytes: number = GROUP_NAME_MAX_BYTES): string {
  let bytes = 0
  let out = ''
  for (const ch of name) {
    const cp = ch.codePointAt(0) ?? 0
    const size = cp <= 0x7f ? 1 : cp <= 0x7ff ? 2 : cp <= 0xffff ? 3 : 4
    if (bytes + size > maxBytes) break
    bytes += size
    out += ch
  }
  return out
}
