// Error codes of the room service protocol, shared by the mini-program and the server.
//
// Every reply carries `{ code, message }`; `code` 0 is success. Codes are grouped:
// 1xxx the request itself, 2xxx identity, 3xxx room rules, 5xxx server side.
// Negative codes never come from the server: the client uses them for its own
// failures (no network, timeout) so one `code` field covers both.

export const ErrorCode = {
  OK: 0,

  NETWORK_ERROR: -1,
  TIMEOUT: -2,

  BAD_REQUEST: 1001,
  MALFORMED_JSON: 1002,
  BODY_TOO_LARGE: 1003,
  UNKNOWN_ENDPOINT: 1004,
  RATE_LIMITED: 1005,
  UNSUPPORTED_MEDIA_TYPE: 1006,

  USERSIG_INVALID: 2001,
  USERSIG_EXPIRED: 2002,
  SDKAPPID_MISMATCH: 2003,
  USERID_MISMATCH: 2004,
  TOKEN_INVALID: 2005,
  TOKEN_EXPIRED: 2006,
  WX_CODE_INVALID: 2007,
  LOGIN_METHOD_DISABLED: 2008,
  BAD_USER_ID: 2009,
  FORBIDDEN: 2010,

  ROOM_NOT_FOUND: 3001,
  ROOM_ID_TAKEN: 3002,
  NOT_ROOM_CREATOR: 3003,
  PUSHER_NOT_FOUND: 3004,
  ROOM_FULL: 3005,
  MIX_STREAM_NOT_IN_ROOM: 3006,
  NOT_ADMITTED: 3007,
  RECORDING_NOT_FOUND: 3008,
  TOO_MANY_ROOMS: 3009,
  /** The room's creator banned the caller from all of the creator's rooms. */
  BANNED: 3010,
  /** The room's creator removed the caller from this room. */
  KICKED: 3011,
  /** A text (a room name) did not pass the content check. */
  TEXT_BLOCKED: 3012,
  BAN_LIST_FULL: 3013,
  CANNOT_MODERATE_SELF: 3014,
  KICK_LIST_FULL: 3015,
  /** No live figures of that room (it never went live, or they are past their retention). */
  SUMMARY_NOT_FOUND: 3020,
  AVATAR_TOO_LARGE: 3021,
  /** The bytes are not a JPEG, PNG or WebP image. */
  AVATAR_NOT_IMAGE: 3022,
  /** Content-Type is not image/jpeg, image/png or image/webp, or does not match the bytes. */
  AVATAR_WRONG_TYPE: 3023,
  AVATAR_NOT_FOUND: 3024,
  BAD_NICKNAME: 3025,
  /** Live notices go to a WeChat openid: the caller did not log in with WeChat (wx.login). */
  WECHAT_LOGIN_REQUIRED: 3026,
  LIVE_NOTICE_NOT_CONFIGURED: 3027,
  COVER_TOO_LARGE: 3045,
  /** The bytes are not a JPEG or PNG image. */
  COVER_NOT_IMAGE: 3046,
  /** Content-Type is not image/jpeg or image/png, or does not match the bytes. */
  COVER_WRONG_TYPE: 3047,

  INTERNAL: 5000,
  STORE_ERROR: 5001,
  UPSTREAM_ERROR: 5002,
  MIX_NOT_CONFIGURED: 5003,
  STREAM_NOT_CONFIGURED: 5004,
  SHUTTING_DOWN: 5005,
  RECORDING_NOT_CONFIGURED: 5006,
} as const

export type ErrorCodeName = keyof typeof ErrorCode
export type ErrorCode = (typeof ErrorCode)[ErrorCodeName]

export interface ErrorText {
  zh: string
  en: string
}

export const ERROR_TEXT: Readonly<Record<ErrorCode, ErrorText>> = {
  [ErrorCode.OK]: { zh: '成功', en: 'ok' },

  [ErrorCode.NETWORK_ERROR]: { zh: '网络异常，请检查网络后重试', en: 'network error' },
  [ErrorCode.TIMEOUT]: { zh: '请求超时，请稍后重试', en: 'request timed out' },

  [ErrorCode.BAD_REQUEST]: { zh: '请求参数错误', en: 'invalid request parameters' },
  [ErrorCode.MALFORMED_JSON]: { zh: '请求体不是有效的 JSON', en: 'request body is not valid JSON' },
  [ErrorCode.BODY_TOO_LARGE]: { zh: '请求体过大', en: 'request body too large' },
  [ErrorCode.UNKNOWN_ENDPOINT]: { zh: '接口不存在', en: 'unknown endpoint' },
  [ErrorCode.RATE_LIMITED]: { zh: '请求过于频繁，请稍后再试', en: 'too many requests' },
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: { zh: '不支持的请求体类型', en: 'unsupported content type' },

  [ErrorCode.USERSIG_INVALID]: { zh: 'UserSig 无效', en: 'invalid UserSig' },
  [ErrorCode.USERSIG_EXPIRED]: { zh: 'UserSig 已过期，请重新获取', en: 'UserSig expired' },
  [ErrorCode.SDKAPPID_MISMATCH]: { zh: 'SDKAppID 与服务端配置不一致', en: 'SDKAppID does not match the service' },
  [ErrorCode.USERID_MISMATCH]: { zh: 'UserSig 与用户 ID 不匹配', en: 'UserSig was issued for another user ID' },
  [ErrorCode.TOKEN_INVALID]: { zh: '登录凭证无效，请重新登录', en: 'invalid or revoked token' },
  [ErrorCode.TOKEN_EXPIRED]: { zh: '登录凭证已过期，请重新登录', en: 'token expired' },
  [ErrorCode.WX_CODE_INVALID]: { zh: '微信登录凭证 code 无效或已使用', en: 'invalid or used wx.login code' },
  [ErrorCode.LOGIN_METHOD_DISABLED]: { zh: '服务端未开启此登录方式', en: 'this login method is not enabled' },
  [ErrorCode.BAD_USER_ID]: {
    zh: '用户 ID 只能包含字母、数字、下划线和连字符，最长 32 个字符',
    en: 'user ID must be 1-32 letters, digits, "_" or "-"',
  },
  [ErrorCode.FORBIDDEN]: { zh: '不能代替其他用户操作', en: 'cannot act on behalf of another user' },

  [ErrorCode.ROOM_NOT_FOUND]: { zh: '房间不存在或已关闭', en: 'room not found or closed' },
  [ErrorCode.ROOM_ID_TAKEN]: { zh: '房间 ID 已被占用', en: 'room ID already taken' },
  [ErrorCode.NOT_ROOM_CREATOR]: { zh: '只有房间创建者可以执行此操作', en: 'only the room creator may do this' },
  [ErrorCode.PUSHER_NOT_FOUND]: { zh: '推流者不在房间中（可能已超时）', en: 'pusher not in room (it may have timed out)' },
  [ErrorCode.ROOM_FULL]: { zh: '连麦人数已满', en: 'room has no free pusher slot' },
  [ErrorCode.NOT_ADMITTED]: { zh: '主播尚未同意你连麦', en: 'the room creator has not admitted this pusher' },
  [ErrorCode.TOO_MANY_ROOMS]: { zh: '你开着的直播间太多了，请先结束一个', en: 'too many rooms open: end one first' },
  [ErrorCode.RECORDING_NOT_FOUND]: { zh: '回放不存在或已过期删除', en: 'recording not found (it may have expired)' },
  [ErrorCode.MIX_STREAM_NOT_IN_ROOM]: { zh: '混流的流不属于本房间的推流者', en: 'mixed stream is not a pusher of this room' },
  [ErrorCode.BANNED]: { zh: '你已被主播拉黑，无法进入其直播间', en: "the room's creator has banned you from their rooms" },
  [ErrorCode.KICKED]: { zh: '你已被主播移出直播间', en: "the room's creator has removed you from this room" },
  [ErrorCode.TEXT_BLOCKED]: { zh: '房间名包含不允许的内容，请修改', en: 'the room name contains words that are not allowed: change it' },
  [ErrorCode.BAN_LIST_FULL]: { zh: '拉黑名单已满，请先移出一些用户', en: 'your ban list is full: unban someone first' },
  [ErrorCode.CANNOT_MODERATE_SELF]: { zh: '不能将自己移出或拉黑', en: 'you cannot remove or ban yourself' },
  [ErrorCode.KICK_LIST_FULL]: { zh: '本场直播移出的人数已达上限', en: 'this room has removed as many users as it may' },
  [ErrorCode.SUMMARY_NOT_FOUND]: { zh: '没有这场直播的数据（可能已过期）', en: 'no live summary for this room (it may have expired)' },
  [ErrorCode.AVATAR_TOO_LARGE]: { zh: '头像图片太大', en: 'avatar image too large' },
  [ErrorCode.AVATAR_NOT_IMAGE]: { zh: '头像不是有效的图片（支持 JPEG、PNG、WebP）', en: 'avatar is not a JPEG, PNG or WebP image' },
  [ErrorCode.AVATAR_WRONG_TYPE]: {
    zh: '头像类型不支持或与内容不符（支持 image/jpeg、image/png、image/webp）',
    en: 'avatar Content-Type must be image/jpeg, image/png or image/webp and match the image',
  },
  [ErrorCode.AVATAR_NOT_FOUND]: { zh: '头像不存在，请重新上传', en: 'avatar not found: upload it again' },
  [ErrorCode.BAD_NICKNAME]: { zh: '昵称不符合要求', en: 'nickname not allowed' },
  [ErrorCode.WECHAT_LOGIN_REQUIRED]: { zh: '请使用微信登录后再订阅开播提醒', en: 'log in with WeChat to subscribe to live notices' },
  [ErrorCode.LIVE_NOTICE_NOT_CONFIGURED]: { zh: '服务端未开启开播提醒', en: 'live notices are not enabled on this service' },
  [ErrorCode.COVER_TOO_LARGE]: { zh: '直播封面图片太大', en: 'cover image too large' },
  [ErrorCode.COVER_NOT_IMAGE]: { zh: '直播封面不是有效的图片（支持 JPEG、PNG）', en: 'cover is not a JPEG or PNG image' },
  [ErrorCode.COVER_WRONG_TYPE]: {
    zh: '直播封面类型不支持或与内容不符（支持 image/jpeg、image/png）',
    en: 'cover Content-Type must be image/jpeg or image/png and match the image',
  },

  [ErrorCode.INTERNAL]: { zh: '服务内部错误', en: 'internal error' },
  [ErrorCode.STORE_ERROR]: { zh: '存储服务暂时不可用', en: 'storage unavailable' },
  [ErrorCode.UPSTREAM_ERROR]: { zh: '上游服务调用失败', en: 'upstream service failed' },
  [ErrorCode.MIX_NOT_CONFIGURED]: { zh: '服务端未配置混流', en: 'stream mixing is not configured' },
  [ErrorCode.STREAM_NOT_CONFIGURED]: { zh: '服务端未配置推拉流地址', en: 'stream URLs are not configured' },
  [ErrorCode.RECORDING_NOT_CONFIGURED]: { zh: '服务端未开启录制回放', en: 'recording is not enabled on this service' },
  [ErrorCode.SHUTTING_DOWN]: { zh: '房间服务正在重启，请稍后重试', en: 'the service is shutting down; try again' },
}

/** The `message` text for a code, both languages, with an optional detail. */
export function errorMessage(code: ErrorCode, detail?: string): string {
  const text = ERROR_TEXT[code]
  const base = `${text.zh} (${text.en})`
  return detail ? `${base}: ${detail}` : base
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'number' && Object.prototype.hasOwnProperty.call(ERROR_TEXT, value)
}
