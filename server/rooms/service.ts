// Room rules, independent of HTTP: who may do what, heartbeat expiry, and the replies' shapes.
import { randomBytes } from 'node:crypto'
import { ErrorCode } from '@liveroom/protocol/errors'
import { ROOM_NAME_FORBIDDEN_CHARS, ROOM_NAME_MAX_LENGTH, ROOM_NAME_PATTERN } from '@liveroom/protocol/roomService'
import type {
  AudienceInfo,
  CreateRoomRequest,
  GetAnchorsReply,
  GetAnchorUrlReply,
  LiveEndReason,
  MergeParams,
  MyLiveRoom,
  PusherInfo,
  ResumeRoomReply,
  RoomSummary,
} from '@liveroom/protocol/roomService'
import type { Clock } from '../clock.ts'
import { CodedError } from '../errors.ts'
import { clampWindow, DEFAULT_CANVAS, layoutMix, MixLayoutError, stackedWindows, type MixWindow } from '../mix/layout.ts'
import { parseLegacyMix, type LegacyMix } from '../mix/legacy.ts'
import { MixUpstreamError, type StreamMixer } from '../mix/types.ts'
import type { ExpiryResult, RoomStore, StoredPusher, StoredRoom } from '../store/types.ts'
import { streamIdFromUrl, streamNameFor } from '../streams/names.ts'
import type { StreamUrlPolicy } from '../streams/types.ts'
import type { Recorder } from '../media/recorder.ts'
import { ListSnapshot } from './listSnapshot.ts'
import { RoomCache } from './roomCache.ts'
import type { RoomWatcher } from './watchers.ts'

export interface RoomServiceOptions {
  store: RoomStore
  /** The rooms' cover URLs (get_room_list, get_anchors); none without it. */
  covers?: { urls(roomIDs: readonly string[]): Promise<Map<string, string>> }
  clock: Clock
  streams: StreamUrlPolicy
  mixer?: StreamMixer
  /** Keeps rooms created with `record` (self-hosted media path only). */
  recorder?: Pick<Recorder, 'arm' | 'disarm'>
  sdkAppId: number
  anchorTimeoutMs: number
  /**
   * How long a room waits for a creator that went away (set_anchor_away: its app in the
   * background, its heartbeats suspended), ms; at least anchorTimeoutMs. 180 s by default.
   */
  anchorAwayLimitMs?: number
  maxPushers: number
  /**
   * Which rooms' co-anchors need the creator's admission (admit_anchor): those whose creator asked
   * for it at creation, or all rooms.
   */
  admission: 'room' | 'all'
  /** An audience member silent (no add_audience) this long is dropped; 0 keeps members until they leave. */
  audienceTimeoutMs: number
  /** Most audience entries one get_audiences reply carries. */
  audienceListLimit?: number
  /** How long an admission waits for the co-anchor's add_anchor, ms. */
  admissionTtlMs?: number
  /** Rooms one user may hold at once (0: no cap). */
  maxRoomsPerUser?: number
  /**
   * How long a room read, or a page of the room list, is served again without asking the store,
   * ms (0: never). Writes through this instance show at once; another instance's within this time.
   */
  cacheTtlMs?: number
  /** Told about rooms going live, ending, and joining (summaries, live notices). */
  watchers?: RoomWatcher[]
  /** Refuses (throws a CodedError) a user the room's creator keeps out: add_audience, add_anchor, admit_anchor. */
  entryCheck?: (room: StoredRoom, userID: string) => Promise<void>
  /** Refuses (throws a CodedError) a room name the text checks block. */
  nameCheck?: (roomName: string, userID: string) => Promise<void>
}

type ReplyFields<T> = Omit<T, 'code' | 'message'>
type OptionalParts = 'mixer' | 'recorder' | 'entryCheck' | 'nameCheck' | 'covers'

const ROOM_NAME_RE = new RegExp(ROOM_NAME_PATTERN, 'u')

export interface SweepResult extends ExpiryResult {
  /** Audience members dropped for silence. */
  removedAudience: { roomID: string; userID: string }[]
}

function parseRoomName(roomInfo: string): string {
  try {
    const v: unknown = JSON.parse(roomInfo)
    if (typeof v === 'object' && v !== null && typeof (v as { roomName?: unknown }).roomName === 'string') {
      return (v as { roomName: string }).roomName
    }
  } catch {
    // not JSON: the text itself is the name (what MLVB clients send)
  }
  return roomInfo
}

/**
 * The windows of an MLVB mix request: its background's size is the canvas, and each co-anchor
 * keeps the position, size and layer it was sent with (inside the canvas); what it left out
 * comes from the standard layout.
 */
function legacyWindows(main: string, coStreams: readonly string[], legacy: LegacyMix): MixWindow[] {
  const find = (id: string) => [...legacy.layouts].find(([s]) => streamIdFromUrl(s) === id)?.[1]
  const background = find(main)
  const width = Math.min(Math.max(120, Math.round(background?.width ?? DEFAULT_CANVAS.width)), 1920)
  const height = Math.min(Math.max(180, Math.round(background?.height ?? DEFAULT_CANVAS.height)), 1920)
  // MLVB's client places every window itself: as many as it sends, each clamped to the canvas.
  const [base, ...windows] = stackedWindows(main, coStreams, width, height)
  const placed = windows.map((w) => {
    const asked = find(w.streamId)
    const layer = asked?.layer !== undefined && asked.layer >= 2 ? Math.round(asked.layer) : w.layer
    return { ...clampWindow(w, asked ?? {}, width, height), layer }
  })
  return [base, ...placed.sort((a, b) => a.layer - b.layer)]
}

export class RoomService {
  private readonly o: Required<Omit<RoomServiceOptions, OptionalParts>> & Pick<RoomServiceOptions, OptionalParts>
  private readonly rooms: RoomCache
  private readonly list: ListSnapshot

  constructor(opts: RoomServiceOptions) {
    this.o = { audienceListLimit: 100, admissionTtlMs: 60_000, maxRoomsPerUser: 0, cacheTtlMs: 1000, watchers: [], anchorAwayLimitMs: 180_000, ...opts }
    this.rooms = new RoomCache(this.o.cacheTtlMs)
    this.list = new ListSnapshot(this.o.cacheTtlMs)
  }

  private get now(): number {
    return this.o.clock.now()
  }

  private cutoff(now = this.now): number {
    return now - this.o.anchorTimeoutMs
  }

  streamName(userID: string): string {
    return streamNameFor(this.o.sdkAppId, userID)
  }

  /** What the audience plays: the creator's stream, or the mix of it while one runs. */
  private audienceStream(creator: string): string {
    const main = this.streamName(creator)
    return this.o.mixer ? this.o.mixer.outputStream(main) : main
  }

  /** The room is gone: its mix and its recording stop (best effort: they also stop when the creator's stream does). */
  private roomEnded(room: StoredRoom): void {
    const main = this.streamName(room.roomCreator)
    this.o.recorder?.disarm(main, room.roomID)
    // A mix of our own (a stream apart from the creator's) is ours to stop. A cloud mix in place
    // ends with its input, but one this process started is cancelled too, so the mixer forgets its
    // windows; asking the cloud to cancel one that never ran would only cost a call.
    if (this.o.mixer && (this.o.mixer.outputStream(main) !== main || this.o.mixer.windowsOf(main))) this.o.mixer.cancel(main).catch(() => undefined)
  }

  private pusherInfo(p: StoredPusher, now: number): PusherInfo {
    return {
      userID: p.userID,
      userName: p.userName,
      userAvatar: p.userAvatar,
      accelerateURL: this.o.streams.play(this.streamName(p.userID), now).accelerateURL,
      audioMuted: p.audioMuted,
    }
  }

  private summary(room: StoredRoom, now: number, coverURL: string | undefined): RoomSummary {
    return {
      roomID: room.roomID,
      roomInfo: room.roomInfo,
      roomName: room.roomName,
      roomCreator: room.roomCreator,
      mixedPlayURL: this.o.streams.play(this.audienceStream(room.roomCreator), now).defaultPlayURL,
      pushers: room.pushers.map((p) => this.pusherInfo(p, now)),
      audienceCount: room.audienceCount,
      custom: room.custom,
      createTime: room.liveSince ?? room.createdAt,
      ...(coverURL ? { coverURL } : {}),
    }
  }

  private async coverURLs(roomIDs: readonly string[]): Promise<Map<string, string>> {
    return roomIDs.length > 0 && this.o.covers ? this.o.covers.urls(roomIDs) : new Map()
  }

  /**
   * The room as it stands once heartbeat expiry is applied (lazy check on read: a stale room is
   * closed and stale pushers removed here, without waiting for the sweeper).
   */
  private async liveRoom(roomID: string): Promise<StoredRoom> {
    const now = this.now
    const cutoff = this.cutoff(now)
    const read = () => this.rooms.get(roomID, now, () => this.o.store.getRoom(roomID))
    let room = await read()
    if (room && (room.creatorHeartbeatAt < cutoff || room.pushers.some((p) => p.heartbeatAt < cutoff))) {
      // The store decides on its own heartbeat times, which may be newer (another instance's).
      await this.expired(await this.o.store.expireRoom(roomID, cutoff), now)
      room = await read()
    }
    if (!room) throw new CodedError(ErrorCode.ROOM_NOT_FOUND)
    return room
  }

  /** A write through this instance changed the room; `reordered` when it came into or left the list. */
  private roomChanged(roomID: string, reordered: boolean): void {
    this.rooms.invalidate(roomID)
    this.list.invalidate(reordered)
  }

  private async expired(result: ExpiryResult, now: number): Promise<void> {
    for (const roomID of result.closedRooms) this.roomChanged(roomID, true)
    for (const { roomID } of result.removedPushers) this.roomChanged(roomID, false)
    const away = new Set(result.awayRooms)
    // Closed once the creator's heartbeat was older than the timeout: it ended about then.
    await this.ended(result.closedRooms.filter((id) => !away.has(id)), 'timeout', now - this.o.anchorTimeoutMs)
    // Closed once the away limit passed (the sweep finds it within an interval): it ends now.
    await this.ended([...away], 'anchor_away', now)
  }

  private async ended(roomIDs: readonly string[], reason: LiveEndReason, at: number): Promise<void> {
    for (const roomID of roomIDs) await Promise.all(this.o.watchers.map((w) => w.ended?.(roomID, reason, at)))
  }

  /** The store's new audience count: the list shows it. */
  private audienceCounted(roomID: string, count: number): void {
    if (this.rooms.audienceCounted(roomID, count)) this.list.invalidate(false)
  }

  private static self(caller: string, userID: string | undefined): void {
    if (userID !== undefined && userID !== caller) throw new CodedError(ErrorCode.FORBIDDEN, 'userID must be your own')
  }

  /**
   * The page of live rooms at `index`, as `serialize` writes it: the same text for a second
   * (see ListSnapshot), so that the busiest call costs one build a second, not one per request.
   */
  roomList(index: number, cnt: number, serialize: (reply: ReplyFields<{ rooms: RoomSummary[] }>) => string): Promise<string> {
    const now = this.now
    return this.list.page(index, cnt, now, async () => {
      const { order, ...from } = this.list.seek(index, now)
      const rooms = await this.o.store.listLiveRooms(this.cutoff(now), { ...from, cnt })
      const last = rooms.at(-1)
      if (last && last.liveSince !== null) this.list.learn(index + rooms.length, { liveSince: last.liveSince, roomID: last.roomID }, order)
      const covers = await this.coverURLs(rooms.map((r) => r.roomID))
      return serialize({ rooms: rooms.map((r) => this.summary(r, now, covers.get(r.roomID))) })
    })
  }

  anchorUrl(caller: string, userID?: string): ReplyFields<GetAnchorUrlReply> {
    RoomService.self(caller, userID)
    const u = this.o.streams.urls(this.streamName(caller), this.now)
    return {
      pushURL: u.pushURL,
      accelerateURL: u.accelerateURL,
      flvPlayURL: u.flvPlayURL,
      hlsPlayURL: u.hlsPlayURL,
      rtmpPlayURL: u.rtmpPlayURL,
      streamID: u.streamID,
      expireAt: u.expireAt,
    }
  }

  async createRoom(caller: string, req: CreateRoomRequest): Promise<{ roomID: string }> {
    RoomService.self(caller, req.userID)
    if (req.record && !this.o.recorder) throw new CodedError(ErrorCode.RECORDING_NOT_CONFIGURED)
    const roomName = req.roomName ?? parseRoomName(req.roomInfo)
    // The schema checks `roomName`; a name carried in roomInfo (JSON or text) gets the same rules.
    if (!ROOM_NAME_RE.test(roomName)) {
      throw new CodedError(
        ErrorCode.BAD_REQUEST,
        `room name must be 1-${ROOM_NAME_MAX_LENGTH} characters, without spaces or any of ${ROOM_NAME_FORBIDDEN_CHARS}`,
      )
    }
    await this.o.nameCheck?.(roomName, caller)
    const cap = this.o.maxRoomsPerUser
    if (cap > 0 && (await this.o.store.countRoomsOf(caller, this.cutoff())) >= cap) {
      throw new CodedError(ErrorCode.TOO_MANY_ROOMS, `at most ${cap}`)
    }
    const created = await this.allocateRoom(caller, req, roomName)
    // Armed (or cleared) per room: the creator's stream is recorded while it publishes for this room.
    this.o.recorder?.arm(this.streamName(caller), req.record ? { roomID: created.roomID, roomName, roomCreator: caller } : null)
    return created
  }

  private async allocateRoom(caller: string, req: CreateRoomRequest, roomName: string): Promise<{ roomID: string }> {
    const base = {
      roomName,
      roomInfo: req.roomInfo,
      roomCreator: caller,
      custom: req.custom ?? '',
      createdAt: this.now,
      requireAdmission: req.requireAdmission === true,
    }
    if (req.roomID !== undefined) {
      // A read of the ID before (no such room) is out of date either way.
      this.rooms.invalidate(req.roomID)
      if (await this.o.store.createRoom({ ...base, roomID: req.roomID })) return { roomID: req.roomID }
      // Taken, unless the holder is a room whose creator is gone.
      const expired = await this.o.store.expireRoom(req.roomID, this.cutoff())
      await this.expired(expired, this.now)
      if (expired.closedRooms.length === 1 && (await this.o.store.createRoom({ ...base, roomID: req.roomID }))) {
        this.rooms.invalidate(req.roomID)
        return { roomID: req.roomID }
      }
      throw new CodedError(ErrorCode.ROOM_ID_TAKEN)
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const roomID = `room_${randomBytes(8).toString('hex')}`
      if (await this.o.store.createRoom({ ...base, roomID })) {
        this.rooms.invalidate(roomID)
        return { roomID }
      }
    }
    throw new CodedError(ErrorCode.INTERNAL, 'could not allocate a room ID')
  }

  async destroyRoom(caller: string, roomID: string, userID?: string): Promise<void> {
    RoomService.self(caller, userID)
    const room = await this.liveRoom(roomID)
    if (room.roomCreator !== caller) throw new CodedError(ErrorCode.NOT_ROOM_CREATOR)
    await this.o.store.deleteRoom(roomID)
    this.roomChanged(roomID, true)
    this.roomEnded(room)
    await this.ended([roomID], 'anchor', this.now)
  }

  async getAnchors(roomID: string): Promise<ReplyFields<GetAnchorsReply>> {
    const room = await this.liveRoom(roomID)
    const covers = await this.coverURLs([roomID])
    const { createTime: _createTime, ...summary } = this.summary(room, this.now, covers.get(roomID))
    return { ...summary, roomStatusCode: room.roomStatusCode, anchorAway: room.awaySince !== null }
  }

  /**
   * Creator only: its app went to the background (`away`) or came back. Away, the creator's
   * heartbeat is granted up to the away limit (a lease: expiry then works as for any heartbeat)
   * and the room says so; a second `away` keeps the first one's limit. Back, the heartbeat is now.
   */
  async setAnchorAway(caller: string, roomID: string, away: boolean): Promise<{ awayUntil: number | null }> {
    const room = await this.liveRoom(roomID)
    if (room.roomCreator !== caller) throw new CodedError(ErrorCode.NOT_ROOM_CREATOR)
    if (!room.pushers.some((p) => p.userID === caller)) throw new CodedError(ErrorCode.PUSHER_NOT_FOUND)
    const awayUntil = (since: number) => since + Math.max(this.o.anchorAwayLimitMs, this.o.anchorTimeoutMs)
    if (!away) {
      if (room.awaySince !== null) await this.creatorAway(roomID, null, this.now)
      return { awayUntil: null }
    }
    if (room.awaySince !== null) return { awayUntil: awayUntil(room.awaySince) }
    const now = this.now
    // The lease ends when the creator's heartbeat would be stale at the limit.
    await this.creatorAway(roomID, now, awayUntil(now) - this.o.anchorTimeoutMs)
    return { awayUntil: awayUntil(now) }
  }

  private async creatorAway(roomID: string, awaySince: number | null, heartbeatAt: number): Promise<void> {
    const set = await this.o.store.setCreatorAway(roomID, awaySince, heartbeatAt)
    this.roomChanged(roomID, false)
    if (!set) throw new CodedError(ErrorCode.ROOM_NOT_FOUND)
  }

  /**
   * Creator only: `userID` may join as a co-anchor (add_anchor) within the admission's lifetime.
   * The creator calls it when accepting a co-anchor request, before answering it.
   */
  async admitAnchor(caller: string, roomID: string, userID: string): Promise<{ expireAt: number }> {
    const room = await this.liveRoom(roomID)
    if (room.roomCreator !== caller) throw new CodedError(ErrorCode.NOT_ROOM_CREATOR)
    if (userID === caller) throw new CodedError(ErrorCode.BAD_REQUEST, 'the creator needs no admission')
    await this.o.entryCheck?.(room, userID)
    const expireAt = this.now + this.o.admissionTtlMs
    if (!(await this.o.store.admitPusher(roomID, userID, expireAt))) throw new CodedError(ErrorCode.ROOM_NOT_FOUND)
    return { expireAt }
  }

  async addAnchor(
    caller: string,
    req: { roomID: string; userID?: string; userName?: string; userAvatar?: string; pushURL?: string },
  ): Promise<void> {
    RoomService.self(caller, req.userID)
    const room = await this.liveRoom(req.roomID)
    await this.o.entryCheck?.(room, caller)
    const now = this.now
    const result = await this.o.store.addPusher(
      req.roomID,
      {
        userID: caller,
        userName: req.userName ?? caller,
        userAvatar: req.userAvatar ?? '',
        pushURL: req.pushURL ?? '',
      },
      now,
      // One place is always kept for the creator: co-anchors who join first cannot lock it out.
      caller === room.roomCreator || room.pushers.some((p) => p.userID === room.roomCreator) ? this.o.maxPushers : this.o.maxPushers - 1,
      (this.o.admission === 'all' || room.requireAdmission) && caller !== room.roomCreator,
    )
    // A refusal too: the store knew better than the cached copy (another instance's pushers).
    this.roomChanged(req.roomID, caller === room.roomCreator)
    if (result === 'no_room') throw new CodedError(ErrorCode.ROOM_NOT_FOUND)
    if (result === 'full') throw new CodedError(ErrorCode.ROOM_FULL, `at most ${this.o.maxPushers} pushers`)
    if (result === 'not_admitted') throw new CodedError(ErrorCode.NOT_ADMITTED)
    if (caller !== room.roomCreator) await Promise.all(this.o.watchers.map((w) => w.coAnchorJoined?.(req.roomID, caller)))
    else if (room.liveSince === null) await this.wentLive(room, req.userName ?? caller, now)
  }

  private async wentLive(room: StoredRoom, anchorName: string, now: number): Promise<void> {
    await Promise.all(this.o.watchers.map((w) => w.wentLive?.({ ...room, liveSince: now }, anchorName, now)))
  }

  /** The caller's newest room that is still open (its creator's heartbeat within the timeout), or null. */
  async myLiveRoom(caller: string): Promise<MyLiveRoom | null> {
    const now = this.now
    let newest: StoredRoom | undefined
    for (const roomID of await this.o.store.roomIDsOf(caller)) {
      const room = await this.liveRoom(roomID).catch((err: unknown) => {
        if (err instanceof CodedError && err.code === ErrorCode.ROOM_NOT_FOUND) return undefined
        throw err
      })
      if (room && room.roomCreator === caller && (!newest || (room.liveSince ?? room.createdAt) > (newest.liveSince ?? newest.createdAt))) {
        newest = room
      }
    }
    if (!newest) return null
    return {
      roomID: newest.roomID,
      roomName: newest.roomName,
      roomInfo: newest.roomInfo,
      liveSince: newest.liveSince,
      secondsLeft: Math.max(0, Math.floor((newest.creatorHeartbeatAt + this.o.anchorTimeoutMs - now) / 1000)),
      audienceCount: newest.audienceCount,
    }
  }

  /**
   * The creator joins its own open room again (its app was killed, crashed or lost the network):
   * a fresh push URL, its pusher entry refreshed; audience, co-anchors and the room's start stay.
   */
  async resumeRoom(
    caller: string,
    req: { roomID: string; userName?: string; userAvatar?: string },
  ): Promise<ReplyFields<ResumeRoomReply>> {
    const room = await this.liveRoom(req.roomID)
    if (room.roomCreator !== caller) throw new CodedError(ErrorCode.NOT_ROOM_CREATOR, 'only the creator resumes a room')
    const now = this.now
    const urls = this.anchorUrl(caller)
    const before = room.pushers.find((p) => p.userID === caller)
    const result = await this.o.store.addPusher(
      req.roomID,
      {
        userID: caller,
        userName: req.userName ?? before?.userName ?? caller,
        userAvatar: req.userAvatar ?? before?.userAvatar ?? '',
        pushURL: urls.pushURL,
      },
      now,
      this.o.maxPushers,
    )
    this.roomChanged(req.roomID, true)
    if (result !== 'ok') throw new CodedError(ErrorCode.ROOM_NOT_FOUND)
    if (room.liveSince === null) await this.wentLive(room, req.userName ?? caller, now)
    const after = await this.liveRoom(req.roomID)
    return {
      ...urls,
      roomID: after.roomID,
      roomName: after.roomName,
      liveSince: after.liveSince ?? now,
      pushers: after.pushers.map((p) => this.pusherInfo(p, now)),
      audienceCount: after.audienceCount,
    }
  }

  /**
   * A pusher removes itself; the creator may remove anyone. The creator leaving closes the room.
   * Removing yourself is idempotent: MLVB's clients call it on every exit, pushers or not, and
   * after the room closed, and take any other answer for a failed exit.
   */
  async deleteAnchor(caller: string, roomID: string, userID?: string): Promise<void> {
    const target = userID ?? caller
    const self = target === caller
    const room = await this.liveRoom(roomID).catch((err: unknown) => {
      if (self && err instanceof CodedError && err.code === ErrorCode.ROOM_NOT_FOUND) return undefined
      throw err
    })
    if (!room) return
    if (!self && room.roomCreator !== caller) throw new CodedError(ErrorCode.NOT_ROOM_CREATOR)
    if (target === room.roomCreator) {
      await this.o.store.deleteRoom(roomID)
      this.roomChanged(roomID, true)
      this.roomEnded(room)
      await this.ended([roomID], 'anchor', this.now)
      return
    }
    const removed = await this.o.store.removePusher(roomID, target)
    this.roomChanged(roomID, false)
    if (!removed && !self) throw new CodedError(ErrorCode.PUSHER_NOT_FOUND)
  }

  async heartbeat(caller: string, roomID: string, userID?: string, roomStatusCode?: number): Promise<{ pushers: PusherInfo[] }> {
    RoomService.self(caller, userID)
    const now = this.now
    // Expire first: a pusher that was already gone must learn it rather than be revived. The
    // write is queued (the store writes heartbeats once a second): the room as read decides.
    const room = await this.liveRoom(roomID)
    if (!room.pushers.some((p) => p.userID === caller)) throw new CodedError(ErrorCode.PUSHER_NOT_FOUND)
    // A creator beating again is back from the background (its app stops beating while away).
    if (caller === room.roomCreator && room.awaySince !== null) await this.creatorAway(roomID, null, now)
    await this.o.store.touchPusher(roomID, caller, now, roomStatusCode)
    this.rooms.touched(roomID, caller, now, roomStatusCode)
    return { pushers: room.pushers.map((p) => this.pusherInfo(p, now)) }
  }

  async addAudience(caller: string, roomID: string, userID: string | undefined, userInfo: string | undefined): Promise<number> {
    RoomService.self(caller, userID)
    await this.o.entryCheck?.(await this.liveRoom(roomID), caller)
    const n = await this.o.store.addAudience(roomID, caller, userInfo ?? '', this.now)
    if (n === null) {
      this.roomChanged(roomID, true)
      throw new CodedError(ErrorCode.ROOM_NOT_FOUND)
    }
    this.audienceCounted(roomID, n)
    await Promise.all(this.o.watchers.map((w) => w.viewer?.(roomID, caller, n)))
    return n
  }

  async deleteAudience(caller: string, roomID: string, userID?: string): Promise<number> {
    RoomService.self(caller, userID)
    const n = await this.o.store.removeAudience(roomID, caller)
    if (n === null) throw new CodedError(ErrorCode.ROOM_NOT_FOUND)
    this.audienceCounted(roomID, n)
    return n
  }

  /** The room as it stands (heartbeat expiry applied); ROOM_NOT_FOUND when there is none. */
  room(roomID: string): Promise<StoredRoom> {
    return this.liveRoom(roomID)
  }

  /** Takes `userID` (not the creator) out of the room's pushers and audience; returns the audience count. */
  async removeMember(roomID: string, userID: string): Promise<number> {
    const room = await this.liveRoom(roomID)
    if (userID !== room.roomCreator) await this.o.store.removePusher(roomID, userID)
    const n = await this.o.store.removeAudience(roomID, userID)
    this.roomChanged(roomID, false)
    if (n === null) throw new CodedError(ErrorCode.ROOM_NOT_FOUND)
    this.audienceCounted(roomID, n)
    return n
  }

  async getAudiences(roomID: string): Promise<{ audiences: AudienceInfo[]; audienceCount: number }> {
    await this.liveRoom(roomID)
    const res = await this.o.store.listAudiences(roomID, this.o.audienceListLimit)
    if (!res) throw new CodedError(ErrorCode.ROOM_NOT_FOUND)
    return { audiences: res.audiences.map((a) => ({ userID: a.userID, userInfo: a.userInfo })), audienceCount: res.count }
  }

  /** Creator only: mixes the given co-anchor streams over the creator's stream (none: stop mixing). */
  async mergeStream(caller: string, roomID: string, userID: string | undefined, params: MergeParams): Promise<{ streams: string[] }> {
    RoomService.self(caller, userID)
    const room = await this.liveRoom(roomID)
    if (room.roomCreator !== caller) throw new CodedError(ErrorCode.NOT_ROOM_CREATOR)
    if (!this.o.mixer) throw new CodedError(ErrorCode.MIX_NOT_CONFIGURED)

    const legacy = params.streams === undefined ? parseLegacyMix(params) : undefined
    const requested = params.streams ?? legacy?.streams
    if (requested === undefined) throw new CodedError(ErrorCode.BAD_REQUEST, 'mergeParams.streams is required')
    const main = this.streamName(room.roomCreator)
    const inRoom = new Map(room.pushers.map((p) => [this.streamName(p.userID), p.userID]))
    const coStreams: string[] = []
    for (const s of requested) {
      const id = streamIdFromUrl(s)
      if (id === main || coStreams.includes(id)) continue
      if (!inRoom.has(id)) throw new CodedError(ErrorCode.MIX_STREAM_NOT_IN_ROOM, id)
      coStreams.push(id)
    }

    const muted = new Set(room.pushers.filter((p) => p.audioMuted).map((p) => this.streamName(p.userID)))
    try {
      if (coStreams.length === 0) {
        await this.o.mixer.cancel(main)
        return { streams: [] }
      }
      const windows = legacy
        ? legacyWindows(main, coStreams, legacy)
        : layoutMix(main, coStreams, params.canvasWidth ?? DEFAULT_CANVAS.width, params.canvasHeight ?? DEFAULT_CANVAS.height)
      await this.o.mixer.mix(main, windows.map((w) => (muted.has(w.streamId) ? { ...w, audioMuted: true } : w)))
      return { streams: coStreams }
    } catch (err) {
      throw RoomService.mixError(err)
    }
  }

  private static mixError(err: unknown): unknown {
    if (err instanceof MixLayoutError) return new CodedError(ErrorCode.BAD_REQUEST, err.message)
    if (err instanceof MixUpstreamError) {
      return new CodedError(ErrorCode.UPSTREAM_ERROR, `mix: ${err.upstreamCode ? `${err.upstreamCode} ` : ''}${err.message}`)
    }
    return err
  }

  /**
   * Creator only: co-anchor `userID`'s audio is left out of the room's mix (`muted`) or put back.
   * Kept on the pusher (its PusherInfo says so; a later merge_stream keeps it); a mix under way is
   * redone with the same windows.
   */
  async setPusherMuted(caller: string, roomID: string, userID: string, muted: boolean): Promise<void> {
    const room = await this.liveRoom(roomID)
    if (room.roomCreator !== caller) throw new CodedError(ErrorCode.NOT_ROOM_CREATOR)
    if (userID === caller) throw new CodedError(ErrorCode.CANNOT_MODERATE_SELF)
    if (!(await this.o.store.setPusherAudioMuted(roomID, userID, muted))) throw new CodedError(ErrorCode.PUSHER_NOT_FOUND)
    this.roomChanged(roomID, false)
    const main = this.streamName(room.roomCreator)
    const stream = this.streamName(userID)
    const windows = this.o.mixer?.windowsOf(main)
    if (!this.o.mixer || !windows?.some((w) => w.streamId === stream)) return
    try {
      await this.o.mixer.mix(main, windows.map((w) => (w.streamId === stream ? { ...w, audioMuted: muted } : w)))
    } catch (err) {
      throw RoomService.mixError(err)
    }
  }

  /** Applies heartbeat expiry to every room and drops silent audience members (run by the sweeper). */
  async sweep(): Promise<SweepResult> {
    const now = this.now
    const expired = await this.o.store.sweep(this.cutoff(now), now)
    await this.expired(expired, now)
    await Promise.all(this.o.watchers.map((w) => w.sweep?.(now)))
    const removedAudience = this.o.audienceTimeoutMs > 0 ? await this.o.store.expireAudience(now - this.o.audienceTimeoutMs) : []
    for (const { roomID } of removedAudience) this.roomChanged(roomID, false)
    return { ...expired, removedAudience }
  }
}
