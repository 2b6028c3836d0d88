// Wire types of the room service (MLVB room protocol), shared by the mini-program and the server.
//
// Every call is `POST {base}/weapp/live_room/<name>?userID=..&token=..` with a JSON body and a
// JSON reply that always carries `{ code, message }` (code 0 is success; see ./errors.ts).
// `login` takes its arguments in the query string; `get_login_info` lives at
// `/weapp/utils/get_login_info`. Each request body has a JSON schema below, checked by the
// server; the schema types are derived from the interfaces so the two cannot drift apart.

export const ROOM_API_PREFIX = '/weapp/live_room/'
export const LOGIN_INFO_PATH = '/weapp/utils/get_login_info'

/** User IDs the service accepts (the IM account rules, and safe inside a stream name). */
export const USER_ID_PATTERN = '^[A-Za-z0-9_-]{1,32}$'
/** Room IDs double as IM group IDs. */
export const ROOM_ID_PATTERN = '^[A-Za-z0-9_-]{1,48}$'
export const ROOM_NAME_MAX_LENGTH = 20
/** Characters a room name may not contain (and no whitespace). */
export const ROOM_NAME_FORBIDDEN_CHARS = '<>*{}()^%$#@!~&='
export const ROOM_NAME_PATTERN = '^[^<>*{}()^%$#@!~&=\\s]{1,20}$'
/** `<roomID>.<start ms>`: names the recording's folder too. */
export const RECORDING_ID_PATTERN = '^[A-Za-z0-9_-]{1,48}\\.[0-9]{13}$'
export const ROOM_LIST_MAX_CNT = 100
export const ROOM_LIST_DEFAULT_CNT = 20

// ---------------------------------------------------------------- schema typing

export interface StringSchema {
  type: 'string'
  minLength?: number
  maxLength?: number
  pattern?: string
  enum?: readonly string[]
  description?: string
}
export interface NumberSchema {
  type: 'integer' | 'number'
  minimum?: number
  maximum?: number
  description?: string
}
export interface BooleanSchema {
  type: 'boolean'
  description?: string
}
export interface ArraySchema<T> {
  type: 'array'
  items: SchemaFor<T>
  maxItems?: number
  description?: string
}
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T]
export interface ObjectSchema<T> {
  type: 'object'
  properties: { [K in keyof T]-?: SchemaFor<NonNullable<T[K]>> }
  /** Only keys the interface declares as required may be listed. */
  required: readonly RequiredKeys<T>[]
  additionalProperties?: boolean
  description?: string
}
/** The JSON schema shape that matches a TypeScript type. */
export type SchemaFor<T> = [T] extends [string]
  ? StringSchema
  : [T] extends [number]
    ? NumberSchema
    : [T] extends [boolean]
      ? BooleanSchema
      : [T] extends [readonly (infer U)[]]
        ? ArraySchema<U>
        : [T] extends [object]
          ? ObjectSchema<T>
          : never

// ---------------------------------------------------------------- common shapes

export interface ReplyBase {
  code: number
  message: string
}

/** Query string of every call except `login` and `get_login_info`. */
export interface AuthQuery {
  userID: string
  token: string
}

export interface PusherInfo {
  userID: string
  userName: string
  userAvatar: string
  /** Low-latency play URL of this pusher's stream (co-anchors play each other with it). */
  accelerateURL: string
}

export interface RoomSummary {
  roomID: string
  roomInfo: string
  roomName: string
  roomCreator: string
  /** What the audience plays: the creator's stream (mixed when co-anchors are on). */
  mixedPlayURL: string
  pushers: PusherInfo[]
  audienceCount: number
  custom: string
  /** Server ms when the creator went live. */
  createTime: number
}

export interface AudienceInfo {
  userID: string
  /** JSON text `{"userName","userAvatar"}` as the client sent it. */
  userInfo: string
}

// ---------------------------------------------------------------- requests and replies

export interface LoginQuery {
  sdkAppID: string
  userID: string
  userSig: string
  accountType?: string
  platform?: string
}
export interface LoginReply extends ReplyBase {
  token: string
  userID: string
  /** Server time in ms; clients correct their clock with it. */
  timestamp: number
  /** Server ms after which the token is no longer accepted. */
  expireAt: number
}

export interface GetLoginInfoRequest {
  /** A `wx.login` code. */
  code?: string
  /** Only when the service runs with DEV_LOGIN=1 (local development). */
  userID?: string
}
export interface GetLoginInfoReply extends ReplyBase {
  userID: string
  userSig: string
  sdkAppID: number
  token: string
  timestamp: number
  expireAt: number
}

export type LogoutRequest = Record<string, never>
export type LogoutReply = ReplyBase

export interface GetRoomListRequest {
  /** Offset of the first room (default 0). */
  index?: number
  /** Rooms per page, at most 100 (default 20). */
  cnt?: number
}
export interface GetRoomListReply extends ReplyBase {
  rooms: RoomSummary[]
}

export interface GetAnchorUrlRequest {
  /** Must be the caller; optional. */
  userID?: string
}
export interface GetAnchorUrlReply extends ReplyBase {
  pushURL: string
  accelerateURL: string
  flvPlayURL: string
  hlsPlayURL: string
  rtmpPlayURL: string
  streamID: string
  /** Unix seconds after which the signed URLs stop working. */
  expireAt: number
}

export interface CreateRoomRequest {
  userID?: string
  roomInfo: string
  /** Give one to choose the room ID; it must be free. */
  roomID?: string
  /** Display name; defaults to roomInfo (or roomInfo's JSON `roomName`). */
  roomName?: string
  custom?: string
  /**
   * Co-anchors join only once the creator admitted them (admit_anchor). This mini-program always
   * asks for it; old MLVB apps do not know it, and their rooms stay open to any co-anchor.
   */
  requireAdmission?: boolean
  /** Keep the live as a replay (when the service records: its own media server). */
  record?: boolean
}
export interface CreateRoomReply extends ReplyBase {
  roomID: string
}

export interface AddAnchorRequest {
  roomID: string
  userID?: string
  userName?: string
  userAvatar?: string
  pushURL?: string
}
export type AddAnchorReply = ReplyBase

export interface AdmitAnchorRequest {
  roomID: string
  /** The co-anchor the creator accepted: it may then join with add_anchor (once, shortly). */
  userID: string
}
export interface AdmitAnchorReply extends ReplyBase {
  /** Server ms until which the admission waits for the co-anchor's add_anchor. */
  expireAt: number
}

export interface GetAnchorsRequest {
  roomID: string
}
export interface GetAnchorsReply extends ReplyBase {
  roomID: string
  roomInfo: string
  roomName: string
  roomCreator: string
  mixedPlayURL: string
  roomStatusCode: number
  pushers: PusherInfo[]
  audienceCount: number
  custom: string
}

export interface AnchorHeartbeatRequest {
  roomID: string
  userID?: string
  roomStatusCode?: number
}
export interface AnchorHeartbeatReply extends ReplyBase {
  pushers: PusherInfo[]
}

export interface DeleteAnchorRequest {
  roomID: string
  /** The pusher to remove; defaults to the caller. Only the creator may remove someone else. */
  userID?: string
}
export type DeleteAnchorReply = ReplyBase

export interface DestroyRoomRequest {
  roomID: string
  userID?: string
}
export type DestroyRoomReply = ReplyBase

export interface AddAudienceRequest {
  roomID: string
  userID?: string
  userInfo?: string
}
export interface DeleteAudienceRequest {
  roomID: string
  userID?: string
}
export interface AudienceCountReply extends ReplyBase {
  audienceCount: number
}

export interface GetAudiencesRequest {
  roomID: string
}
export interface GetAudiencesReply extends ReplyBase {
  audiences: AudienceInfo[]
  audienceCount: number
}

export interface MergeParams {
  /**
   * Co-anchor streams to mix over the creator's stream, bottom-right upward, in order:
   * stream IDs or their accelerateURLs. Empty: stop mixing.
   */
  streams?: string[]
  /** Output canvas; default 360x640. */
  canvasWidth?: number
  canvasHeight?: number
}
export interface MergeStreamRequest {
  roomID: string
  userID?: string
  mergeParams: MergeParams
}
export interface MergeStreamReply extends ReplyBase {
  /** Stream IDs now mixed over the creator's stream (empty when mixing stopped). */
  streams: string[]
}

export type RecordingStatus = 'recording' | 'complete' | 'interrupted' | 'failed'

export interface RecordingInfo {
  recordingID: string
  roomID: string
  roomName: string
  roomCreator: string
  /** Server ms. */
  startTime: number
  /** Seconds of media kept so far. */
  duration: number
  /**
   * `interrupted`: the recorder stopped unexpectedly (crash, disk full); what was kept plays.
   * `failed`: nothing playable was kept; `message` says why.
   */
  status: RecordingStatus
  /** HLS playlist; empty while nothing playable is kept. */
  playURL: string
  message: string
}

export interface GetRecordingsRequest {
  /** One room's recordings; without it, the caller's own. */
  roomID?: string
}
export interface GetRecordingsReply extends ReplyBase {
  recordings: RecordingInfo[]
}

export interface DeleteRecordingRequest {
  recordingID: string
}
export type DeleteRecordingReply = ReplyBase

/** Every `live_room` endpoint: request body and reply. */
export interface RoomServiceEndpoints {
  login: { request: LogoutRequest; reply: LoginReply }
  logout: { request: LogoutRequest; reply: LogoutReply }
  get_room_list: { request: GetRoomListRequest; reply: GetRoomListReply }
  get_anchor_url: { request: GetAnchorUrlRequest; reply: GetAnchorUrlReply }
  create_room: { request: CreateRoomRequest; reply: CreateRoomReply }
  add_anchor: { request: AddAnchorRequest; reply: AddAnchorReply }
  admit_anchor: { request: AdmitAnchorRequest; reply: AdmitAnchorReply }
  get_anchors: { request: GetAnchorsRequest; reply: GetAnchorsReply }
  anchor_heartbeat: { request: AnchorHeartbeatRequest; reply: AnchorHeartbeatReply }
  delete_anchor: { request: DeleteAnchorRequest; reply: DeleteAnchorReply }
  destroy_room: { request: DestroyRoomRequest; reply: DestroyRoomReply }
  add_audience: { request: AddAudienceRequest; reply: AudienceCountReply }
  delete_audience: { request: DeleteAudienceRequest; reply: AudienceCountReply }
  get_audiences: { request: GetAudiencesRequest; reply: GetAudiencesReply }
  merge_stream: { request: MergeStreamRequest; reply: MergeStreamReply }
  get_recordings: { request: GetRecordingsRequest; reply: GetRecordingsReply }
  delete_recording: { request: DeleteRecordingRequest; reply: DeleteRecordingReply }
}
export type RoomServiceEndpoint = keyof RoomServiceEndpoints
export type RoomServiceRequest<K extends RoomServiceEndpoint> = RoomServiceEndpoints[K]['request']
export type RoomServiceReply<K extends RoomServiceEndpoint> = RoomServiceEndpoints[K]['reply']


// ---------------------------------------------------------------- request schemas

const userIDField: StringSchema = { type: 'string', pattern: USER_ID_PATTERN }
const roomIDField: StringSchema = { type: 'string', pattern: ROOM_ID_PATTERN }
const userNameField: StringSchema = { type: 'string', maxLength: 64 }
const urlField: StringSchema = { type: 'string', maxLength: 1024 }

export const loginQuerySchema: ObjectSchema<LoginQuery> = {
  type: 'object',
  properties: {
    sdkAppID: { type: 'string', pattern: '^[0-9]{1,12}$' },
    userID: { type: 'string', minLength: 1, maxLength: 64 },
    userSig: { type: 'string', minLength: 1, maxLength: 4096 },
    accountType: { type: 'string', maxLength: 32 },
    platform: { type: 'string', maxLength: 32 },
  },
  required: ['sdkAppID', 'userID', 'userSig'],
}

export const authQuerySchema: ObjectSchema<AuthQuery> = {
  type: 'object',
  properties: {
    userID: { type: 'string', minLength: 1, maxLength: 64 },
    token: { type: 'string', minLength: 1, maxLength: 256 },
  },
  required: ['userID', 'token'],
}

export const getLoginInfoRequestSchema: ObjectSchema<GetLoginInfoRequest> = {
  type: 'object',
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 256 },
    userID: { type: 'string', minLength: 1, maxLength: 64 },
  },
  required: [],
}

const emptySchema: ObjectSchema<LogoutRequest> = { type: 'object', properties: {}, required: [] }

export const requestSchemas: { [K in RoomServiceEndpoint]: ObjectSchema<RoomServiceRequest<K>> } = {
  login: emptySchema,
  logout: emptySchema,
  get_room_list: {
    type: 'object',
    properties: {
      index: { type: 'integer', minimum: 0, maximum: 1_000_000 },
      cnt: { type: 'integer', minimum: 1, maximum: ROOM_LIST_MAX_CNT },
    },
    required: [],
  },
  get_anchor_url: { type: 'object', properties: { userID: userIDField }, required: [] },
  create_room: {
    type: 'object',
    properties: {
      userID: userIDField,
      roomInfo: { type: 'string', maxLength: 1024 },
      roomID: roomIDField,
      roomName: { type: 'string', pattern: ROOM_NAME_PATTERN },
      custom: { type: 'string', maxLength: 2048 },
      requireAdmission: { type: 'boolean' },
      record: { type: 'boolean' },
    },
    required: ['roomInfo'],
  },
  add_anchor: {
    type: 'object',
    properties: {
      roomID: roomIDField,
      userID: userIDField,
      userName: userNameField,
      userAvatar: urlField,
      pushURL: urlField,
    },
    required: ['roomID'],
  },
  admit_anchor: { type: 'object', properties: { roomID: roomIDField, userID: userIDField }, required: ['roomID', 'userID'] },
  get_anchors: { type: 'object', properties: { roomID: roomIDField }, required: ['roomID'] },
  anchor_heartbeat: {
    type: 'object',
    properties: {
      roomID: roomIDField,
      userID: userIDField,
      roomStatusCode: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
    },
    required: ['roomID'],
  },
  delete_anchor: { type: 'object', properties: { roomID: roomIDField, userID: userIDField }, required: ['roomID'] },
  destroy_room: { type: 'object', properties: { roomID: roomIDField, userID: userIDField }, required: ['roomID'] },
  add_audience: {
    type: 'object',
    properties: { roomID: roomIDField, userID: userIDField, userInfo: { type: 'string', maxLength: 1024 } },
    required: ['roomID'],
  },
  delete_audience: {
    type: 'object',
    properties: { roomID: roomIDField, userID: userIDField },
    required: ['roomID'],
  },
  get_audiences: { type: 'object', properties: { roomID: roomIDField }, required: ['roomID'] },
  merge_stream: {
    type: 'object',
    properties: {
      roomID: roomIDField,
      userID: userIDField,
      mergeParams: {
        type: 'object',
        properties: {
          streams: { type: 'array', items: urlField, maxItems: 8 },
          canvasWidth: { type: 'integer', minimum: 120, maximum: 1920 },
          canvasHeight: { type: 'integer', minimum: 180, maximum: 1920 },
        },
        required: [],
      },
    },
    required: ['roomID', 'mergeParams'],
  },
  get_recordings: { type: 'object', properties: { roomID: roomIDField }, required: [] },
  delete_recording: {
    type: 'object',
    properties: { recordingID: { type: 'string', pattern: RECORDING_ID_PATTERN } },
    required: ['recordingID'],
  },
}

// ---------------------------------------------------------------- reply schemas

const pusherSchema: ObjectSchema<PusherInfo> = {
  type: 'object',
  properties: {
    userID: { type: 'string' },
    userName: { type: 'string' },
    userAvatar: { type: 'string' },
    accelerateURL: { type: 'string' },
  },
  required: ['userID', 'userName', 'userAvatar', 'accelerateURL'],
}
const pushersSchema: ArraySchema<PusherInfo> = { type: 'array', items: pusherSchema }
const str: StringSchema = { type: 'string' }
const int: NumberSchema = { type: 'integer' }

const roomSummarySchema: ObjectSchema<RoomSummary> = {
  type: 'object',
  properties: {
    roomID: str,
    roomInfo: str,
    roomName: str,
    roomCreator: str,
    mixedPlayURL: str,
    pushers: pushersSchema,
    audienceCount: int,
    custom: str,
    createTime: int,
  },
  required: ['roomID', 'roomInfo', 'roomName', 'roomCreator', 'mixedPlayURL', 'pushers', 'audienceCount', 'custom'],
}

const recordingSchema: ObjectSchema<RecordingInfo> = {
  type: 'object',
  properties: {
    recordingID: str,
    roomID: str,
    roomName: str,
    roomCreator: str,
    startTime: int,
    duration: { type: 'number' },
    status: { type: 'string', enum: ['recording', 'complete', 'interrupted', 'failed'] },
    playURL: str,
    message: str,
  },
  required: ['recordingID', 'roomID', 'roomName', 'roomCreator', 'startTime', 'duration', 'status', 'playURL', 'message'],
}

const base = { code: int, message: str }
const baseRequired = ['code', 'message'] as const

/**
 * Reply schemas (any status code). Only `code` and `message` are required: error replies carry
 * nothing else. The server serializes with them, so a field not listed here never leaves it.
 */
export const replySchemas: { [K in RoomServiceEndpoint]: ObjectSchema<RoomServiceReply<K>> } = {
  login: {
    type: 'object',
    properties: { ...base, token: str, userID: str, timestamp: int, expireAt: int },
    required: baseRequired,
  },
  logout: { type: 'object', properties: base, required: baseRequired },
  get_room_list: {
    type: 'object',
    properties: { ...base, rooms: { type: 'array', items: roomSummarySchema } },
    required: baseRequired,
  },
  get_anchor_url: {
    type: 'object',
    properties: {
      ...base,
      pushURL: str,
      accelerateURL: str,
      flvPlayURL: str,
      hlsPlayURL: str,
      rtmpPlayURL: str,
      streamID: str,
      expireAt: int,
    },
    required: baseRequired,
  },
  create_room: { type: 'object', properties: { ...base, roomID: str }, required: baseRequired },
  add_anchor: { type: 'object', properties: base, required: baseRequired },
  admit_anchor: { type: 'object', properties: { ...base, expireAt: int }, required: baseRequired },
  get_anchors: {
    type: 'object',
    properties: {
      ...base,
      roomID: str,
      roomInfo: str,
      roomName: str,
      roomCreator: str,
      mixedPlayURL: str,
      roomStatusCode: int,
      pushers: pushersSchema,
      audienceCount: int,
      custom: str,
    },
    required: baseRequired,
  },
  anchor_heartbeat: { type: 'object', properties: { ...base, pushers: pushersSchema }, required: baseRequired },
  delete_anchor: { type: 'object', properties: base, required: baseRequired },
  destroy_room: { type: 'object', properties: base, required: baseRequired },
  add_audience: { type: 'object', properties: { ...base, audienceCount: int }, required: baseRequired },
  delete_audience: { type: 'object', properties: { ...base, audienceCount: int }, required: baseRequired },
  get_audiences: {
    type: 'object',
    properties: {
      ...base,
      audiences: {
        type: 'array',
        items: {
          type: 'object',
          properties: { userID: str, userInfo: str },
          required: ['userID', 'userInfo'],
        },
      },
      audienceCount: int,
    },
    required: baseRequired,
  },
  merge_stream: {
    type: 'object',
    properties: { ...base, streams: { type: 'array', items: str } },
    required: baseRequired,
  },
  get_recordings: {
    type: 'object',
    properties: { ...base, recordings: { type: 'array', items: recordingSchema } },
    required: baseRequired,
  },
  delete_recording: { type: 'object', properties: base, required: baseRequired },
}

export const getLoginInfoReplySchema: ObjectSchema<GetLoginInfoReply> = {
  type: 'object',
  properties: { ...base, userID: str, userSig: str, sdkAppID: int, token: str, timestamp: int, expireAt: int },
  required: baseRequired,
}
