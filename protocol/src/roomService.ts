// Wire protocol of the room service (MLVB room protocol), shared by the mini-program and the server.
//
// Every call is `POST {base}/weapp/live_room/<name>?userID=..&token=..` with a JSON body and a
// JSON reply that always carries `{ code, message }` (code 0 is success; see ./errors.ts).
// `login` takes its arguments in the query string; `get_login_info` lives at
// `/weapp/utils/get_login_info`.
//
// This module holds the constants and re-exports the request and reply types. Those types are
// derived from the JSON schemas in ./roomServiceSchemas.ts (which the server validates with), so
// schema and type cannot drift apart. Only types come from there: importing this module never
// loads the schemas or TypeBox, which keeps them out of the mini-program.

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

export type {
  AddAnchorReply,
  AddAnchorRequest,
  AddAudienceRequest,
  AdmitAnchorReply,
  AdmitAnchorRequest,
  AnchorHeartbeatReply,
  AnchorHeartbeatRequest,
  AudienceCountReply,
  AudienceInfo,
  CreateRoomReply,
  CreateRoomRequest,
  DeleteAnchorReply,
  DeleteAnchorRequest,
  DeleteAudienceRequest,
  DeleteRecordingReply,
  DeleteRecordingRequest,
  DestroyRoomReply,
  DestroyRoomRequest,
  GetAnchorsReply,
  GetAnchorsRequest,
  GetAnchorUrlReply,
  GetAnchorUrlRequest,
  GetAudiencesReply,
  GetAudiencesRequest,
  GetLoginInfoReply,
  GetLoginInfoRequest,
  GetRecordingsReply,
  GetRecordingsRequest,
  GetRoomListReply,
  GetRoomListRequest,
  LoginQuery,
  LoginReply,
  LogoutReply,
  LogoutRequest,
  MergeParams,
  MergeStreamReply,
  MergeStreamRequest,
  PusherInfo,
  RecordingInfo,
  RecordingStatus,
  ReplyBase,
  RoomServiceEndpoint,
  RoomServiceEndpoints,
  RoomServiceReply,
  RoomServiceRequest,
  RoomSummary,
} from './roomServiceSchemas'
