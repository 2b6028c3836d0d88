// What the room service keeps, and the storage contract both back ends (SQLite, Redis) honour.
// All times are server milliseconds. Every mutation that can race is atomic in the store.
import type { Database } from 'better-sqlite3'
import type { Redis } from 'ioredis'

export interface StoredPusher {
  userID: string
  userName: string
  userAvatar: string
  pushURL: string
  joinedAt: number
  heartbeatAt: number
  /** The room's creator left its audio out of the mix (kept when the pusher re-joins). */
  audioMuted: boolean
}

export interface NewRoom {
  roomID: string
  roomName: string
  roomInfo: string
  roomCreator: string
  custom: string
  createdAt: number
  /** Co-anchors need the creator's admission (the creator asked for it at creation). */
  requireAdmission: boolean
}

export interface StoredRoom extends NewRoom {
  /** When the creator joined as pusher; null until then (the room is not listed before). */
  liveSince: number | null
  /** Last sign of life of the creator (creation, add_anchor, heartbeat). */
  creatorHeartbeatAt: number
  roomStatusCode: number
  /**
   * When the creator said its app went to the background (set_anchor_away), or null. While set,
   * the creator's heartbeat times stand at the end of its away lease, not at its last beat.
   */
  awaySince: number | null
  /** Ordered by joinedAt, then userID. */
  pushers: StoredPusher[]
  audienceCount: number
}

export interface StoredAudience {
  userID: string
  userInfo: string
  joinedAt: number
}

export interface TokenRecord {
  /** SHA-256 (hex) of the token; the token itself is never stored. */
  tokenHash: string
  userID: string
  expiresAt: number
}

export interface PusherInput {
  userID: string
  userName: string
  userAvatar: string
  pushURL: string
}

export type AddPusherResult = 'ok' | 'no_room' | 'full' | 'not_admitted'

/** Where a room sits in the live listing. */
export interface LiveKey {
  liveSince: number
  roomID: string
}

export interface LivePage {
  /** Start after this room (it need not be live, or exist, any more). */
  after?: LiveKey
  /** Live rooms to pass over after `after` (0 for a plain seek). */
  skip: number
  cnt: number
}

export interface ExpiryResult {
  /** Rooms closed because their creator stopped sending heartbeats. */
  closedRooms: string[]
  /** Pushers removed because their heartbeats stopped. */
  removedPushers: { roomID: string; userID: string }[]
  /** Those of `closedRooms` whose creator was away (its away lease ran out); absent when none. */
  awayRooms?: string[]
}

export interface RoomStore {
  readonly kind: 'sqlite' | 'redis'

  /**
   * `now` is the service clock, so the store can give the record a matching TTL. With
   * `maxPerUser`, the user's tokens beyond the newest `maxPerUser` (by expiry) are dropped.
   */
  saveToken(record: TokenRecord, now: number, maxPerUser?: number): Promise<void>
  findToken(tokenHash: string): Promise<TokenRecord | null>
  deleteToken(tokenHash: string): Promise<void>

  /** False when the room ID is taken. */
  createRoom(room: NewRoom): Promise<boolean>
  getRoom(roomID: string): Promise<StoredRoom | null>
  /**
   * Live rooms (creator has joined as pusher, creator heartbeat at or after `cutoff`), newest
   * `liveSince` first (ties: room ID descending): those after `page.after` (a seek, its cost
   * independent of how deep the page is), then past `page.skip` more, at most `page.cnt`.
   * Pushers whose heartbeat is before `cutoff` are left out.
   */
  listLiveRooms(cutoff: number, page: LivePage): Promise<StoredRoom[]>
  /** False when there was no such room. Removes its pushers and audience too. */
  deleteRoom(roomID: string): Promise<boolean>
  /** Rooms `creator` holds whose creator heartbeat is at or after `cutoff` (live or about to be). */
  countRoomsOf(creator: string, cutoff: number): Promise<number>
  /** IDs of every room `creator` holds (heartbeat expiry not applied). */
  roomIDsOf(creator: string): Promise<string[]>

  /**
   * Lets `userID` join the room as a pusher (addPusher with `requireAdmission`) until `until`.
   * A second admission replaces the first. False when there is no such room.
   */
  admitPusher(roomID: string, userID: string, until: number): Promise<boolean>
  /**
   * Adds the pusher, or refreshes it (name, avatar, push URL, heartbeat) when already there.
   * 'full' when the room has `maxPushers` other pushers. With `requireAdmission`, a pusher not
   * yet in the room needs an admission unexpired at `now` ('not_admitted' otherwise), which
   * joining uses up. When the pusher is the creator, the room goes live (liveSince set once)
   * and its creator heartbeat is refreshed.
   */
  addPusher(roomID: string, pusher: PusherInput, now: number, maxPushers: number, requireAdmission?: boolean): Promise<AddPusherResult>
  /** False when the user was not a pusher of the room. */
  removePusher(roomID: string, userID: string): Promise<boolean>
  /**
   * Queues a heartbeat (for the creator also the creator heartbeat and the room status code).
   * Queued heartbeats are written together about once a second, by `flush`, and by `close`; a
   * pusher gone by then is not brought back. The caller checks that the pusher is there: a
   * queued write cannot refuse.
   */
  touchPusher(roomID: string, userID: string, now: number, roomStatusCode?: number): Promise<void>
  /**
   * The creator went away (`awaySince` set) or came back (null): sets the room's awaySince and the
   * creator's heartbeat times (room and pusher) to `heartbeatAt`, forward (an away lease) or back.
   * False when there is no such room or its creator is not one of its pushers.
   */
  setCreatorAway(roomID: string, awaySince: number | null, heartbeatAt: number): Promise<boolean>
  /** Sets the pusher's audioMuted. False when the user is not a pusher of the room. */
  setPusherAudioMuted(roomID: string, userID: string, muted: boolean): Promise<boolean>
  /** Writes the queued heartbeats now. Reads that filter on heartbeat times do it first. */
  flush(): Promise<void>

  /**
   * Idempotent per user ID (a second add updates userInfo): members repeat it as their sign of
   * life, and are seen at `now`. Returns the audience count, null when no room.
   */
  addAudience(roomID: string, userID: string, userInfo: string, now: number): Promise<number | null>
  /** Removes audience members last seen before `cutoff` (their app went away without leaving). */
  expireAudience(cutoff: number): Promise<{ roomID: string; userID: string }[]>
  /** Idempotent. Returns the audience count, null when no room. */
  removeAudience(roomID: string, userID: string): Promise<number | null>
  /** Newest first, at most `limit` (read by index, not sorted), with the total count; null when no room. */
  listAudiences(roomID: string, limit: number): Promise<{ audiences: StoredAudience[]; count: number } | null>

  /**
   * Applies heartbeat expiry to one room, atomically: closes it when the creator heartbeat is
   * before `cutoff`, else removes the pushers whose heartbeat is before `cutoff`.
   */
  expireRoom(roomID: string, cutoff: number): Promise<ExpiryResult>
  /** expireRoom for every room, and drops tokens (and may drop admissions) expired at `now`. */
  sweep(cutoff: number, now: number): Promise<ExpiryResult>

  /** How much the store holds now (heartbeat expiry not applied: the sweeper does that). */
  counts(): Promise<StoreCounts>

  /** Throws when the store cannot serve. */
  ping(): Promise<void>
  /** Flushes queued heartbeats, then closes. */
  close(): Promise<void>

  /**
   * The Redis connection the store runs on, for parts that share its counts between instances
   * (the rate limiter); undefined for a store that is not on Redis.
   */
  redisClient(): Redis | undefined
  /**
   * The SQLite database the store runs on, for parts that keep their own tables beside the rooms
   * (moderation, summaries, profiles, live notices); undefined for a store that is not on SQLite.
   */
  sqliteDatabase(): Database | undefined
}

export interface StoreCounts {
  rooms: number
  liveRooms: number
  pushers: number
  audience: number
}

/** Any failure of the storage back end; replies carry STORE_ERROR. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'StoreError'
  }
}

/** Wraps a store so that every failure surfaces as a StoreError (sync throws included). */
export function guardStore<T extends { readonly kind: string }>(store: T): T {
  const wrap = (err: unknown): StoreError =>
    err instanceof StoreError
      ? err
      : new StoreError(`${store.kind} store: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        try {
          const result: unknown = value.apply(target, args)
          return result instanceof Promise ? result.catch((err: unknown) => Promise.reject(wrap(err))) : result
        } catch (err) {
          return Promise.reject(wrap(err))
        }
      }
    },
  })
}
