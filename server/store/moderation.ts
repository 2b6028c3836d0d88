// What moderation keeps, and the contract both back ends (SQLite, Redis) honour: kicks per room
// (they end with the room), bans per anchor (they stay until lifted), and the per-room message
// counts the IM callback keeps. All times are server milliseconds.

export interface BanRecord {
  userID: string
  reason: string
  bannedAt: number
}

export type KickResult = 'ok' | 'no_room' | 'full'
export type BanResult = 'ok' | 'full'

/** What the IM callback let through in one room, since `roomCreatedAt` (the room's creation). */
export interface RoomMessageCounts {
  /** `createdAt` of the room the counts belong to: a room ID used again starts from zero. */
  roomCreatedAt: number
  /** Chat messages delivered (text, and text or danmaku commands). */
  messages: number
  /** Likes delivered. */
  likes: number
  /** Last time a count moved. */
  updatedAt: number
}

export interface ModerationStore {
  readonly kind: 'sqlite' | 'redis'

  /**
   * Keeps `userID` out of the room until the room is deleted. Idempotent. 'no_room' when there is
   * no such room, 'full' when the room already holds `max` kicks.
   */
  kick(roomID: string, userID: string, now: number, max: number): Promise<KickResult>
  isKicked(roomID: string, userID: string): Promise<boolean>

  /**
   * `anchor` bans `userID` from every room the anchor creates. Banning again updates reason and
   * time. 'full' when the anchor already holds `max` other bans.
   */
  ban(anchor: string, userID: string, reason: string, now: number, max: number): Promise<BanResult>
  /** False when there was no such ban. */
  unban(anchor: string, userID: string): Promise<boolean>
  isBanned(anchor: string, userID: string): Promise<boolean>
  /** The anchor's bans, newest first (ties: user ID descending), from `index`, at most `cnt`; and how many in all. */
  listBans(anchor: string, index: number, cnt: number): Promise<{ bans: BanRecord[]; total: number }>

  /**
   * Adds to the room's counts. Counts of an earlier room with the same ID (another
   * `roomCreatedAt`) are dropped first. Counts are kept at least `retentionMs` after they last
   * moved (then dropped: Redis by a TTL, SQLite within a minute of another count).
   */
  countMessages(
    roomID: string,
    roomCreatedAt: number,
    add: { messages: number; likes: number },
    now: number,
    retentionMs: number,
  ): Promise<void>
  /** The counts of the latest room with this ID (it may have ended), null when none are kept. */
  roomMessageCounts(roomID: string): Promise<RoomMessageCounts | null>
}
