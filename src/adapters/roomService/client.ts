// Typed client of the room service (MLVB's room protocol): login, token on every call, server clock, retries.
import { ErrorCode } from '@liveroom/protocol/errors'
import {
  AVATAR_UPLOAD_PATH,
  COVER_UPLOAD_PATH,
  LOGIN_INFO_PATH,
  ROOM_API_PREFIX,
  type AvatarUploadReply,
  type CoverUploadReply,
  type GetLoginInfoReply,
  type GetRoomSummaryReply,
  type LoginReply,
  type MyLiveRoom,
  type ProfileInfo,
  type RecordingInfo,
  type RoomServiceEndpoint,
  type RoomServiceReply,
  type RoomServiceRequest,
} from '@liveroom/protocol/roomService'
import { singleFlight } from '@/utils/singleFlight'
import { RoomServiceError, replyError } from './errors'
import { uniTransport, type HttpReply, type Transport } from './transport'

export interface RoomServiceClientOptions {
  baseUrl: string
  transport?: Transport
  timeoutMs?: number
  /** Extra attempts for a transient failure of a call that is safe to repeat. */
  retries?: number
  /** Waits between attempts; injectable so tests need not sleep. */
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

/** Logs in again (through `login`, `loginWithWechatCode` or `loginForDevelopment`). */
export type Relogin = () => Promise<unknown>

export type AvatarContentType = 'image/jpeg' | 'image/png' | 'image/webp'

export interface Credentials {
  userID: string
  token: string
  expireAt: number
}

/** Calls that change nothing when repeated, so a transient failure may be retried. */
const REPEATABLE: ReadonlySet<RoomServiceEndpoint> = new Set<RoomServiceEndpoint>([
  'get_room_list',
  'get_anchor_url',
  'get_anchors',
  'admit_anchor',
  'anchor_heartbeat',
  'get_audiences',
  'add_audience',
  'delete_audience',
  'delete_anchor',
  'destroy_room',
  'get_recordings',
  'get_profiles',
  'get_my_live_room',
  'get_room_summary',
  'get_banned_users',
  // Lifting a ban that is gone already succeeds.
  'unban_user',
  // A repeat of a delete that went through answers 3008 (gone), which callers take as done.
  'delete_recording',
  'logout',
])

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export class RoomServiceClient {
  private credentials: Credentials | null = null
  /** serverTime − localTime, in ms, from the last login. */
  private clockOffset = 0
  private readonly transport: Transport
  private readonly timeoutMs: number
  private readonly retries: number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly now: () => number
  private relogin: Relogin | null = null
  private readonly relogins = singleFlight<unknown>()

  constructor(private readonly options: RoomServiceClientOptions) {
    this.transport = options.transport ?? uniTransport
    this.timeoutMs = options.timeoutMs ?? 8000
    this.retries = options.retries ?? 2
    this.sleep = options.sleep ?? defaultSleep
    this.now = options.now ?? Date.now
  }

  get userID(): string | null {
    return this.credentials?.userID ?? null
  }

  get loggedIn(): boolean {
    return this.credentials !== null && this.credentials.expireAt > this.serverNow()
  }

  /** Local time corrected by the server's clock: what signalling timestamps use. */
  serverNow(): number {
    return this.now() + this.clockOffset
  }

  /**
   * How to log in again when the service stops taking our token (it expired or was revoked
   * mid-session, e.g. during a long live): the failed call is then made once more with the new
   * login. Set by whoever logged in; null turns it off.
   */
  setRelogin(relogin: Relogin | null): void {
    this.relogin = relogin
  }

  /** Login with a UserSig (made locally in debug builds). */
  async login(sdkAppID: number, userID: string, userSig: string): Promise<LoginReply> {
    const query = new URLSearchParams({ sdkAppID: String(sdkAppID), userID, userSig, accountType: '1', platform: 'weapp' })
    const reply = await this.post<LoginReply>('login', `${ROOM_API_PREFIX}login?${query}`, {}, true)
    this.accept(reply)
    return reply
  }

  /** Production login: a `wx.login` code exchanged by the service for a UserSig and a token. */
  async loginWithWechatCode(code: string): Promise<GetLoginInfoReply> {
    return this.loginInfo({ code })
  }

  /** Local development only: the service must run with DEV_LOGIN=1. */
  async loginForDevelopment(userID: string): Promise<GetLoginInfoReply> {
    return this.loginInfo({ userID })
  }

  async logout(): Promise<void> {
    if (!this.credentials) return
    try {
      await this.call('logout', {})
    } finally {
      this.credentials = null
      this.relogin = null
    }
  }

  /** Calls an endpoint with the current login. */
  call<K extends Exclude<RoomServiceEndpoint, 'login'>>(name: K, body: RoomServiceRequest<K>): Promise<RoomServiceReply<K>> {
    return this.withLogin(name, (creds) => this.callAs<K>(creds, name, body))
  }

  /** The caller's newest room still open (to offer 继续直播), or null. */
  async getMyLiveRoom(): Promise<MyLiveRoom | null> {
    const { room } = await this.call('get_my_live_room', {})
    return room
  }

  /** The figures of room `roomID`'s live (duration, viewers…); 3020 when there are none (never live, or expired). */
  getRoomSummary(roomID: string): Promise<GetRoomSummaryReply> {
    return this.call('get_room_summary', { roomID })
  }

  /** Uploads avatar image bytes (JPEG, PNG or WebP); answers the path `set_profile` takes. */
  async uploadAvatar(image: ArrayBuffer, contentType: AvatarContentType): Promise<string> {
    return (await this.uploadImage<AvatarUploadReply>('avatar', AVATAR_UPLOAD_PATH, {}, image, contentType)).avatar
  }

  /** Uploads a JPEG snapshot of the caller's live room as its cover; answers the cover's URL path. */
  async uploadCover(roomID: string, image: ArrayBuffer): Promise<string> {
    return (await this.uploadImage<CoverUploadReply>('cover', COVER_UPLOAD_PATH, { roomID }, image, 'image/jpeg')).coverURL
  }

  private uploadImage<R>(endpoint: string, path: string, query: Record<string, string>, image: ArrayBuffer, contentType: AvatarContentType): Promise<R> {
    return this.withLogin(endpoint, (creds) => {
      const search = new URLSearchParams({ userID: creds.userID, token: creds.token, ...query })
      // Not repeatable: the body is the image itself, and a lost reply is cheap to redo by hand.
      return this.post<R>(endpoint, `${path}?${search}`, image, false, contentType)
    })
  }

  /** Sets the caller's nickname, and the avatar when given (a path from `uploadAvatar`, '' for none). */
  async setProfile(nickName: string, avatar?: string): Promise<ProfileInfo> {
    const { profile } = await this.call('set_profile', avatar === undefined ? { nickName } : { nickName, avatar })
    return profile
  }

  /** Profiles of these users (at most PROFILES_MAX_USER_IDS); users without one are left out. */
  async getProfiles(userIDs: string[]): Promise<ProfileInfo[]> {
    const { profiles } = await this.call('get_profiles', { userIDs })
    return profiles
  }

  /** The address an image path of the service (an avatar, a room cover) is shown from ('' for none). */
  imageUrl(path: string): string {
    return path ? this.options.baseUrl + path : ''
  }

  /** Recordings of room `roomID` (anyone logged in may replay them), or without it the caller's own; newest first. */
  async getRecordings(roomID?: string): Promise<RecordingInfo[]> {
    const { recordings } = await this.call('get_recordings', roomID === undefined ? {} : { roomID })
    return recordings ?? []
  }

  /** Deletes a recording; only its room's creator may (3003 otherwise, 3008 when it is gone). */
  async deleteRecording(recordingID: string): Promise<void> {
    await this.call('delete_recording', { recordingID })
  }

  /** Runs `send` with the current login, logging in again once when the service no longer takes the token. */
  private async withLogin<R>(name: string, send: (creds: Credentials) => Promise<R>): Promise<R> {
    const creds = this.credentials
    if (!creds) throw new RoomServiceError(ErrorCode.TOKEN_INVALID, '尚未登录房间服务', name)
    try {
      return await send(creds)
    } catch (err) {
      // The service turned the token away before doing anything, so any call may be made again.
      if (!(err instanceof RoomServiceError) || !err.needsLogin || !this.relogin || name === 'logout') throw err
      const relogin = this.relogin
      // Calls that failed together log in once; one that failed after a new login just retries.
      if (this.credentials?.token === creds.token) await this.relogins(relogin)
      // Logged out meanwhile: the login that just came back must not bring the session back.
      if (this.relogin !== relogin) {
        this.credentials = null
        throw err
      }
      const renewed = this.credentials
      if (!renewed || renewed.token === creds.token) throw err
      return send(renewed)
    }
  }

  private callAs<K extends Exclude<RoomServiceEndpoint, 'login'>>(
    creds: Credentials,
    name: K,
    body: RoomServiceRequest<K>,
  ): Promise<RoomServiceReply<K>> {
    const query = new URLSearchParams({ userID: creds.userID, token: creds.token })
    return this.post<RoomServiceReply<K>>(name, `${ROOM_API_PREFIX}${name}?${query}`, body, REPEATABLE.has(name))
  }

  private async loginInfo(body: { code?: string; userID?: string }): Promise<GetLoginInfoReply> {
    const reply = await this.post<GetLoginInfoReply>('get_login_info', LOGIN_INFO_PATH, body, false)
    this.accept(reply)
    return reply
  }

  private accept(reply: { userID: string; token: string; timestamp: number; expireAt: number }): void {
    this.clockOffset = reply.timestamp - this.now()
    this.credentials = { userID: reply.userID, token: reply.token, expireAt: reply.expireAt }
  }

  private async post<R>(endpoint: string, path: string, body: unknown, repeatable: boolean, contentType?: string): Promise<R> {
    const url = this.options.baseUrl + path
    for (let attempt = 0; ; attempt++) {
      try {
        return parseReply<R>(endpoint, await this.transport(url, body, this.timeoutMs, endpoint, contentType))
      } catch (err) {
        const error = err instanceof RoomServiceError ? err : new RoomServiceError(ErrorCode.NETWORK_ERROR, '房间服务请求失败', endpoint)
        if (!repeatable || !error.transient || attempt >= this.retries) throw error
        await this.sleep(300 * 2 ** attempt)
      }
    }
  }
}

function parseReply<R>(endpoint: string, reply: HttpReply): R {
  const data = typeof reply.data === 'string' ? safeJson(reply.data) : reply.data
  if (typeof data !== 'object' || data === null || typeof (data as { code?: unknown }).code !== 'number') {
    throw new RoomServiceError(
      ErrorCode.UPSTREAM_ERROR,
      `房间服务返回了无法识别的内容（HTTP ${reply.statusCode}），请检查服务地址`,
      endpoint,
    )
  }
  const { code, message } = data as { code: number; message?: unknown }
  if (code !== ErrorCode.OK) throw replyError(endpoint, code, message)
  return data as R
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
