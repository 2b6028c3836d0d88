// JSON schemas of the room service's requests and replies (TypeBox), and the types derived from
// them: each shape is written once, here. The server validates requests and serializes replies
// with these schemas. The mini-program imports the types only, through ./roomService.ts, so
// TypeBox never reaches its bundle: import values from this module in server code only.
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox'
import {
  AVATAR_PATH_PATTERN,
  BANNED_LIST_MAX_CNT,
  MODERATION_REASON_MAX_LENGTH,
  PROFILES_MAX_USER_IDS,
  RECORDING_ID_PATTERN,
  ROOM_ID_PATTERN,
  ROOM_LIST_MAX_CNT,
  ROOM_NAME_PATTERN,
  USER_ID_PATTERN,
} from './limits'

// ---------------------------------------------------------------- request fields

const userIDField = Type.String({ pattern: USER_ID_PATTERN })
const roomIDField = Type.String({ pattern: ROOM_ID_PATTERN })
const userNameField = Type.String({ maxLength: 64 })
const urlField = Type.String({ maxLength: 1024 })
const moderationReasonField = Type.String({ maxLength: MODERATION_REASON_MAX_LENGTH })

/** A request without fields (any body object is accepted). */
const emptyRequest = Type.Unsafe<Record<string, never>>(Type.Object({}))

// ---------------------------------------------------------------- shapes inside replies

export const pusherInfoSchema = Type.Object({
  userID: Type.String(),
  userName: Type.String(),
  userAvatar: Type.String(),
  /** Low-latency play URL of this pusher's stream (co-anchors play each other with it). */
  accelerateURL: Type.String(),
  /** The room's creator left this co-anchor's audio out of the mix (set_pusher_muted); MLVB clients ignore it. */
  audioMuted: Type.Boolean(),
})
export type PusherInfo = Static<typeof pusherInfoSchema>

export const roomSummarySchema = Type.Object({
  roomID: Type.String(),
  roomInfo: Type.String(),
  roomName: Type.String(),
  roomCreator: Type.String(),
  /** What the audience plays: the creator's stream (mixed when co-anchors are on). */
  mixedPlayURL: Type.String(),
  pushers: Type.Array(pusherInfoSchema),
  audienceCount: Type.Integer(),
  custom: Type.String(),
  /** Server ms when the creator went live. */
  createTime: Type.Integer(),
  /** URL path of the room's latest cover snapshot (COVER_UPLOAD_PATH); absent while it has none. MLVB clients ignore it. */
  coverURL: Type.Optional(Type.String()),
})
export type RoomSummary = Static<typeof roomSummarySchema>

export const audienceInfoSchema = Type.Object({
  userID: Type.String(),
  /** JSON text `{"userName","userAvatar"}` as the client sent it. */
  userInfo: Type.String(),
})
export type AudienceInfo = Static<typeof audienceInfoSchema>

const RECORDING_STATUSES = ['recording', 'complete', 'interrupted', 'failed'] as const
export type RecordingStatus = (typeof RECORDING_STATUSES)[number]

export const recordingInfoSchema = Type.Object({
  recordingID: Type.String(),
  roomID: Type.String(),
  roomName: Type.String(),
  roomCreator: Type.String(),
  /** Server ms. */
  startTime: Type.Integer(),
  /** Seconds of media kept so far. */
  duration: Type.Number(),
  /**
   * `interrupted`: the recorder stopped unexpectedly (crash, disk full); what was kept plays.
   * `failed`: nothing playable was kept; `message` says why.
   */
  status: Type.Unsafe<RecordingStatus>({ type: 'string', enum: RECORDING_STATUSES }),
  /** HLS playlist; empty while nothing playable is kept. */
  playURL: Type.String(),
  message: Type.String(),
})
export type RecordingInfo = Static<typeof recordingInfoSchema>

export const mergeParamsSchema = Type.Object({
  /**
   * Co-anchor streams to mix over the creator's stream, bottom-right upward, in order:
   * stream IDs or their accelerateURLs. Empty: stop mixing.
   */
  streams: Type.Optional(Type.Array(urlField, { maxItems: 8 })),
  /** Output canvas; default 360x640. */
  canvasWidth: Type.Optional(Type.Integer({ minimum: 120, maximum: 1920 })),
  canvasHeight: Type.Optional(Type.Integer({ minimum: 180, maximum: 1920 })),
})
export type MergeParams = Static<typeof mergeParamsSchema>

export const myLiveRoomSchema = Type.Object({
  roomID: Type.String(),
  roomName: Type.String(),
  roomInfo: Type.String(),
  /** Server ms when the creator first joined as pusher; null when it never did. */
  liveSince: Type.Union([Type.Integer(), Type.Null()]),
  /** Seconds until the room closes unless the creator joins again (resume_room) or sends a heartbeat. */
  secondsLeft: Type.Integer(),
  audienceCount: Type.Integer(),
})
export type MyLiveRoom = Static<typeof myLiveRoomSchema>

const LIVE_END_REASONS = ['anchor', 'timeout', 'anchor_away', 'unknown'] as const
/**
 * `anchor`: destroy_room, or the creator's delete_anchor. `timeout`: the creator's heartbeats
 * stopped. `anchor_away`: the creator went away (set_anchor_away) and did not come back within
 * the away limit. `unknown`: the room is gone without its end being recorded (a crash).
 */
export type LiveEndReason = (typeof LIVE_END_REASONS)[number]

export const profileInfoSchema = Type.Object({
  userID: Type.String(),
  nickName: Type.String(),
  /** URL path of an uploaded avatar on the service (`/avatars/<hash>.<ext>`), or empty. */
  avatar: Type.String(),
  /** Server ms of the last set_profile. */
  updatedAt: Type.Integer(),
})
export type ProfileInfo = Static<typeof profileInfoSchema>

export const bannedUserSchema = Type.Object({
  userID: Type.String(),
  /** What the anchor wrote when banning ('' when nothing). */
  reason: Type.String(),
  /** Server ms. */
  banTime: Type.Integer(),
})
export type BannedUser = Static<typeof bannedUserSchema>

// ---------------------------------------------------------------- login

export const loginQuerySchema = Type.Object({
  sdkAppID: Type.String({ pattern: '^[0-9]{1,12}$' }),
  userID: Type.String({ minLength: 1, maxLength: 64 }),
  userSig: Type.String({ minLength: 1, maxLength: 4096 }),
  accountType: Type.Optional(Type.String({ maxLength: 32 })),
  platform: Type.Optional(Type.String({ maxLength: 32 })),
})
export type LoginQuery = Static<typeof loginQuerySchema>

export const getLoginInfoRequestSchema = Type.Object({
  /** A `wx.login` code. */
  code: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  /** Only when the service runs with DEV_LOGIN=1 (local development). */
  userID: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
})
export type GetLoginInfoRequest = Static<typeof getLoginInfoRequestSchema>

// ---------------------------------------------------------------- live_room request bodies

/** Request body of every `live_room` endpoint. */
export const requestSchemas = {
  /** `login` takes its arguments in the query string (loginQuerySchema). */
  login: emptyRequest,
  logout: emptyRequest,
  get_room_list: Type.Object({
    /** Offset of the first room (default 0). */
    index: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    /** Rooms per page, at most ROOM_LIST_MAX_CNT (default ROOM_LIST_DEFAULT_CNT). */
    cnt: Type.Optional(Type.Integer({ minimum: 1, maximum: ROOM_LIST_MAX_CNT })),
  }),
  get_anchor_url: Type.Object({
    /** Must be the caller; optional. */
    userID: Type.Optional(userIDField),
  }),
  create_room: Type.Object({
    userID: Type.Optional(userIDField),
    roomInfo: Type.String({ maxLength: 1024 }),
    /** Give one to choose the room ID; it must be free. */
    roomID: Type.Optional(roomIDField),
    /** Display name; defaults to roomInfo (or roomInfo's JSON `roomName`). */
    roomName: Type.Optional(Type.String({ pattern: ROOM_NAME_PATTERN })),
    custom: Type.Optional(Type.String({ maxLength: 2048 })),
    /**
     * Co-anchors join only once the creator admitted them (admit_anchor). This mini-program always
     * asks for it; old MLVB apps do not know it, and their rooms stay open to any co-anchor.
     */
    requireAdmission: Type.Optional(Type.Boolean()),
    /** Keep the live as a replay (when the service records: its own media server). */
    record: Type.Optional(Type.Boolean()),
  }),
  add_anchor: Type.Object({
    roomID: roomIDField,
    userID: Type.Optional(userIDField),
    userName: Type.Optional(userNameField),
    userAvatar: Type.Optional(urlField),
    pushURL: Type.Optional(urlField),
  }),
  admit_anchor: Type.Object({
    roomID: roomIDField,
    /** The co-anchor the creator accepted: it may then join with add_anchor (once, shortly). */
    userID: userIDField,
  }),
  get_anchors: Type.Object({ roomID: roomIDField }),
  anchor_heartbeat: Type.Object({
    roomID: roomIDField,
    userID: Type.Optional(userIDField),
    roomStatusCode: Type.Optional(Type.Integer({ minimum: -2147483648, maximum: 2147483647 })),
  }),
  /**
   * The creator's app went to the background (`away`), or came back: while away the room waits up
   * to the service's away limit for it instead of the heartbeat timeout, and get_anchors says so.
   */
  set_anchor_away: Type.Object({ roomID: roomIDField, away: Type.Boolean() }),
  /** Creator only: leaves co-anchor `userID`'s audio out of the room's mix (`muted`), or puts it back. */
  set_pusher_muted: Type.Object({ roomID: roomIDField, userID: userIDField, muted: Type.Boolean() }),
  delete_anchor: Type.Object({
    roomID: roomIDField,
    /** The pusher to remove; defaults to the caller. Only the creator may remove someone else. */
    userID: Type.Optional(userIDField),
  }),
  destroy_room: Type.Object({ roomID: roomIDField, userID: Type.Optional(userIDField) }),
  add_audience: Type.Object({
    roomID: roomIDField,
    userID: Type.Optional(userIDField),
    userInfo: Type.Optional(Type.String({ maxLength: 1024 })),
  }),
  delete_audience: Type.Object({ roomID: roomIDField, userID: Type.Optional(userIDField) }),
  get_audiences: Type.Object({ roomID: roomIDField }),
  merge_stream: Type.Object({
    roomID: roomIDField,
    userID: Type.Optional(userIDField),
    mergeParams: mergeParamsSchema,
  }),
  get_recordings: Type.Object({
    /** One room's recordings; without it, the caller's own. */
    roomID: Type.Optional(roomIDField),
  }),
  delete_recording: Type.Object({ recordingID: Type.String({ pattern: RECORDING_ID_PATTERN }) }),
  /** The caller's own room that is still open (the newest), to offer resuming it. */
  get_my_live_room: emptyRequest,
  /** The creator joins its own open room again with a fresh push: its audience and co-anchors stay. */
  resume_room: Type.Object({
    roomID: roomIDField,
    userName: Type.Optional(userNameField),
    userAvatar: Type.Optional(urlField),
  }),
  /** A room's live figures, while it is live and for a while after it ended (anyone logged in). */
  get_room_summary: Type.Object({ roomID: roomIDField }),
  set_profile: Type.Object({
    /** Checked further by the service: see NICKNAME_MAX_LENGTH. */
    nickName: Type.String({ minLength: 1, maxLength: 200 }),
    /** An uploaded avatar's path (AVATAR_UPLOAD_PATH's reply), or '' for none; omitted: unchanged. */
    avatar: Type.Optional(Type.Union([Type.Literal(''), Type.String({ pattern: AVATAR_PATH_PATTERN })])),
  }),
  get_profiles: Type.Object({ userIDs: Type.Array(userIDField, { minItems: 1, maxItems: PROFILES_MAX_USER_IDS }) }),
  /** Tell the caller (once, by a WeChat subscription message) when this anchor next goes live. */
  subscribe_live: Type.Object({ anchorUserID: userIDField }),
  unsubscribe_live: Type.Object({ anchorUserID: userIDField }),
  kick_audience: Type.Object({
    roomID: roomIDField,
    /** The viewer (or co-anchor) the room's creator removes; kept out of this room until it ends. */
    userID: userIDField,
    /** Written to the service's log. */
    reason: Type.Optional(moderationReasonField),
  }),
  ban_user: Type.Object({
    /** Kept out of every room the caller creates, until unban_user. */
    userID: userIDField,
    reason: Type.Optional(moderationReasonField),
  }),
  unban_user: Type.Object({ userID: userIDField }),
  get_banned_users: Type.Object({
    /** Offset of the first entry, newest ban first (default 0). */
    index: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    /** Entries per page, at most BANNED_LIST_MAX_CNT (default BANNED_LIST_MAX_CNT). */
    cnt: Type.Optional(Type.Integer({ minimum: 1, maximum: BANNED_LIST_MAX_CNT })),
  }),
}
export type RoomServiceEndpoint = keyof typeof requestSchemas

export type LogoutRequest = Static<typeof requestSchemas.logout>
export type GetRoomListRequest = Static<typeof requestSchemas.get_room_list>
export type GetAnchorUrlRequest = Static<typeof requestSchemas.get_anchor_url>
export type CreateRoomRequest = Static<typeof requestSchemas.create_room>
export type AddAnchorRequest = Static<typeof requestSchemas.add_anchor>
export type AdmitAnchorRequest = Static<typeof requestSchemas.admit_anchor>
export type GetAnchorsRequest = Static<typeof requestSchemas.get_anchors>
export type AnchorHeartbeatRequest = Static<typeof requestSchemas.anchor_heartbeat>
export type SetAnchorAwayRequest = Static<typeof requestSchemas.set_anchor_away>
export type SetPusherMutedRequest = Static<typeof requestSchemas.set_pusher_muted>
export type DeleteAnchorRequest = Static<typeof requestSchemas.delete_anchor>
export type DestroyRoomRequest = Static<typeof requestSchemas.destroy_room>
export type AddAudienceRequest = Static<typeof requestSchemas.add_audience>
export type DeleteAudienceRequest = Static<typeof requestSchemas.delete_audience>
export type GetAudiencesRequest = Static<typeof requestSchemas.get_audiences>
export type MergeStreamRequest = Static<typeof requestSchemas.merge_stream>
export type GetRecordingsRequest = Static<typeof requestSchemas.get_recordings>
export type DeleteRecordingRequest = Static<typeof requestSchemas.delete_recording>
export type GetMyLiveRoomRequest = Static<typeof requestSchemas.get_my_live_room>
export type ResumeRoomRequest = Static<typeof requestSchemas.resume_room>
export type GetRoomSummaryRequest = Static<typeof requestSchemas.get_room_summary>
export type SetProfileRequest = Static<typeof requestSchemas.set_profile>
export type GetProfilesRequest = Static<typeof requestSchemas.get_profiles>
export type LiveNoticeRequest = Static<typeof requestSchemas.subscribe_live>
export type KickAudienceRequest = Static<typeof requestSchemas.kick_audience>
export type BanUserRequest = Static<typeof requestSchemas.ban_user>
export type UnbanUserRequest = Static<typeof requestSchemas.unban_user>
export type GetBannedUsersRequest = Static<typeof requestSchemas.get_banned_users>

// ---------------------------------------------------------------- replies

/** What every reply carries; code 0 is success (see ./errors.ts). */
const replyBase = Type.Object({ code: Type.Integer(), message: Type.String() })
export type ReplyBase = Static<typeof replyBase>

/** A successful reply: `code`, `message` and every field given. */
function reply<P extends TProperties>(fields: P) {
  return Type.Object({ ...replyBase.properties, ...fields })
}

/**
 * The schema the server serializes a reply with: `code` and `message` are required (an error
 * reply carries nothing else), the other fields are optional, and a field not listed never
 * leaves the server.
 */
function serializedReply(schema: TObject): TObject {
  return Type.Object({ ...Type.Partial(schema).properties, ...replyBase.properties })
}

const getLoginInfoReply = reply({
  userID: Type.String(),
  userSig: Type.String(),
  sdkAppID: Type.Integer(),
  token: Type.String(),
  timestamp: Type.Integer(),
  expireAt: Type.Integer(),
})
export type GetLoginInfoReply = Static<typeof getLoginInfoReply>
export const getLoginInfoReplySchema = serializedReply(getLoginInfoReply)

const avatarUploadReply = reply({
  /** The avatar's URL path on the service: give it to set_profile. */
  avatar: Type.String(),
})
export type AvatarUploadReply = Static<typeof avatarUploadReply>
export const avatarUploadReplySchema = serializedReply(avatarUploadReply)

const coverUploadReply = reply({
  /** The new cover's URL path on the service (GET, no login). */
  coverURL: Type.String(),
})
export type CoverUploadReply = Static<typeof coverUploadReply>
export const coverUploadReplySchema = serializedReply(coverUploadReply)

const audienceCountReply = reply({ audienceCount: Type.Integer() })

const anchorUrlFields = {
  pushURL: Type.String(),
  accelerateURL: Type.String(),
  flvPlayURL: Type.String(),
  hlsPlayURL: Type.String(),
  rtmpPlayURL: Type.String(),
  streamID: Type.String(),
  /** Unix seconds after which the signed URLs stop working. */
  expireAt: Type.Integer(),
}

/** Successful reply of every `live_room` endpoint. */
const replies = {
  login: reply({
    token: Type.String(),
    userID: Type.String(),
    /** Server time in ms; clients correct their clock with it. */
    timestamp: Type.Integer(),
    /** Server ms after which the token is no longer accepted. */
    expireAt: Type.Integer(),
  }),
  logout: replyBase,
  get_room_list: reply({ rooms: Type.Array(roomSummarySchema) }),
  get_anchor_url: reply(anchorUrlFields),
  create_room: reply({ roomID: Type.String() }),
  add_anchor: replyBase,
  admit_anchor: reply({
    /** Server ms until which the admission waits for the co-anchor's add_anchor. */
    expireAt: Type.Integer(),
  }),
  get_anchors: reply({
    roomID: Type.String(),
    roomInfo: Type.String(),
    roomName: Type.String(),
    roomCreator: Type.String(),
    mixedPlayURL: Type.String(),
    roomStatusCode: Type.Integer(),
    pushers: Type.Array(pusherInfoSchema),
    audienceCount: Type.Integer(),
    custom: Type.String(),
    /** The creator's app is in the background (set_anchor_away); MLVB clients ignore it. */
    anchorAway: Type.Boolean(),
    /** As in get_room_list. */
    coverURL: Type.Optional(Type.String()),
  }),
  anchor_heartbeat: reply({ pushers: Type.Array(pusherInfoSchema) }),
  set_anchor_away: reply({
    /** Server ms until which the room waits for the creator; null once it is back. */
    awayUntil: Type.Union([Type.Integer(), Type.Null()]),
  }),
  set_pusher_muted: replyBase,
  delete_anchor: replyBase,
  destroy_room: replyBase,
  add_audience: audienceCountReply,
  delete_audience: audienceCountReply,
  get_audiences: reply({ audiences: Type.Array(audienceInfoSchema), audienceCount: Type.Integer() }),
  merge_stream: reply({
    /** Stream IDs now mixed over the creator's stream (empty when mixing stopped). */
    streams: Type.Array(Type.String()),
  }),
  get_recordings: reply({ recordings: Type.Array(recordingInfoSchema) }),
  delete_recording: replyBase,
  get_my_live_room: reply({ room: Type.Union([myLiveRoomSchema, Type.Null()]) }),
  resume_room: reply({
    ...anchorUrlFields,
    roomID: Type.String(),
    roomName: Type.String(),
    /** Server ms when the creator first went live in this room. */
    liveSince: Type.Integer(),
    pushers: Type.Array(pusherInfoSchema),
    audienceCount: Type.Integer(),
  }),
  get_room_summary: reply({
    roomID: Type.String(),
    roomName: Type.String(),
    roomCreator: Type.String(),
    /** Server ms when the creator went live. */
    startTime: Type.Integer(),
    /** Server ms when the room ended; null while it is live, or when its end was not recorded. */
    endTime: Type.Union([Type.Integer(), Type.Null()]),
    /** Seconds from start to end (to now while live). */
    duration: Type.Integer(),
    live: Type.Boolean(),
    endReason: Type.Union([Type.Unsafe<LiveEndReason>({ type: 'string', enum: LIVE_END_REASONS }), Type.Null()]),
    /** Most audience members at once. */
    peakViewers: Type.Integer(),
    /** Distinct audience members who joined (on a Redis store an estimate, within about 1%). */
    totalViewers: Type.Integer(),
    /** Distinct co-anchors who joined. */
    coAnchors: Type.Integer(),
    /** Counted by the IM callback; null when the service does not count them. */
    chatMessages: Type.Union([Type.Integer(), Type.Null()]),
    likes: Type.Union([Type.Integer(), Type.Null()]),
  }),
  set_profile: reply({ profile: profileInfoSchema }),
  /** The profiles found (users without one are left out). */
  get_profiles: reply({ profiles: Type.Array(profileInfoSchema) }),
  subscribe_live: replyBase,
  unsubscribe_live: replyBase,
  kick_audience: audienceCountReply,
  ban_user: replyBase,
  unban_user: replyBase,
  get_banned_users: reply({
    bannedUsers: Type.Array(bannedUserSchema),
    /** Bans the caller holds in all. */
    total: Type.Integer(),
  }),
} satisfies Record<RoomServiceEndpoint, TObject>

export type LoginReply = Static<typeof replies.login>
export type LogoutReply = Static<typeof replies.logout>
export type GetRoomListReply = Static<typeof replies.get_room_list>
export type GetAnchorUrlReply = Static<typeof replies.get_anchor_url>
export type CreateRoomReply = Static<typeof replies.create_room>
export type AddAnchorReply = Static<typeof replies.add_anchor>
export type AdmitAnchorReply = Static<typeof replies.admit_anchor>
export type GetAnchorsReply = Static<typeof replies.get_anchors>
export type AnchorHeartbeatReply = Static<typeof replies.anchor_heartbeat>
export type DeleteAnchorReply = Static<typeof replies.delete_anchor>
export type DestroyRoomReply = Static<typeof replies.destroy_room>
export type AudienceCountReply = Static<typeof audienceCountReply>
export type GetAudiencesReply = Static<typeof replies.get_audiences>
export type MergeStreamReply = Static<typeof replies.merge_stream>
export type GetRecordingsReply = Static<typeof replies.get_recordings>
export type DeleteRecordingReply = Static<typeof replies.delete_recording>
export type GetMyLiveRoomReply = Static<typeof replies.get_my_live_room>
export type ResumeRoomReply = Static<typeof replies.resume_room>
export type GetRoomSummaryReply = Static<typeof replies.get_room_summary>
export type SetProfileReply = Static<typeof replies.set_profile>
export type GetProfilesReply = Static<typeof replies.get_profiles>
export type LiveNoticeReply = Static<typeof replies.subscribe_live>
export type KickAudienceReply = Static<typeof replies.kick_audience>
export type BanUserReply = Static<typeof replies.ban_user>
export type UnbanUserReply = Static<typeof replies.unban_user>
export type GetBannedUsersReply = Static<typeof replies.get_banned_users>

/** Reply schemas the server serializes `live_room` replies with (see serializedReply). */
export const replySchemas = Object.fromEntries(
  Object.entries(replies).map(([name, schema]) => [name, serializedReply(schema)]),
) as Record<RoomServiceEndpoint, TObject>

/** Every `live_room` endpoint: request body and successful reply. */
export type RoomServiceEndpoints = {
  [K in RoomServiceEndpoint]: { request: Static<(typeof requestSchemas)[K]>; reply: Static<(typeof replies)[K]> }
}
export type RoomServiceRequest<K extends RoomServiceEndpoint> = RoomServiceEndpoints[K]['request']
export type RoomServiceReply<K extends RoomServiceEndpoint> = RoomServiceEndpoints[K]['reply']
