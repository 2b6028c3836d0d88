// Limits and paths of the room service's wire protocol: patterns and sizes the server's schemas
// check and the mini-program checks before sending.

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
/** Visible characters (grapheme clusters) a nickname may have; ROOM_NAME_FORBIDDEN_CHARS apply too. */
export const NICKNAME_MAX_LENGTH = 20
/** Visible characters (grapheme clusters: an emoji is one) a chat message may have. */
export const CHAT_TEXT_MAX_LENGTH = 200
/** Most user IDs one get_profiles call asks about. */
export const PROFILES_MAX_USER_IDS = 100
/** `POST` the image bytes here (`?userID=..&token=..`, Content-Type image/jpeg, image/png or image/webp). */
export const AVATAR_UPLOAD_PATH = '/weapp/profile/avatar'
/** An uploaded avatar's URL path on the service (GET, no login): a profile's `avatar`. */
export const AVATAR_PATH_PATTERN = '^/avatars/[0-9a-f]{32}\\.(jpg|png|webp)$'
/** `POST` a JPEG or PNG snapshot of a live room here (`?userID=..&token=..&roomID=..`, the room's creator only): the room's cover. */
export const COVER_UPLOAD_PATH = '/weapp/live_room/cover'
/** The default waiting image (GET, no login): what an anchor's <live-pusher> pushes while its app is in the background. */
export const WAITING_IMAGE_PATH = '/static/waiting.png'
/** Most entries one get_banned_users page carries (and its default). */
export const BANNED_LIST_MAX_CNT = 100
/** Longest reason kick_audience and ban_user keep. */
export const MODERATION_REASON_MAX_LENGTH = 200
