// Moderation on the room store's SQLite database: its own tables beside the rooms. Kicks
// reference their room, so deleting a room (closed, destroyed, expired) deletes its kicks.
import type { Database } from 'better-sqlite3'
import type { BanRecord, BanResult, KickResult, ModerationStore, RoomMessageCounts } from './moderation.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS room_kicks (
  room_id   TEXT NOT NULL REFERENCES rooms (room_id) ON DELETE CASCADE,
  user_id   TEXT NOT NULL,
  kicked_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, user_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS bans (
  anchor_id TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  reason    TEXT NOT NULL,
  banned_at INTEGER NOT NULL,
  PRIMARY KEY (anchor_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS bans_newest ON bans (anchor_id, banned_at DESC, user_id DESC);

-- Not tied to the room: the counts outlive it (a summary of the live reads them after it ended).
CREATE TABLE IF NOT EXISTS room_message_counts (
  room_id         TEXT PRIMARY KEY,
  room_created_at INTEGER NOT NULL,
  messages        INTEGER NOT NULL,
  likes           INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS room_message_counts_age ON room_message_counts (updated_at);
`

/** Old counts are dropped at most this often, ms. */
const PRUNE_INTERVAL_MS = 60_000

export class SqliteModerationStore implements ModerationStore {
  readonly kind = 'sqlite'
  private readonly stmt
  private prunedAt = 0

  /** `db` is the room store's database (its `rooms` table must exist). */
  constructor(private readonly db: Database) {
    db.exec(SCHEMA)
    this.stmt = {
      roomExists: db.prepare<[string]>('SELECT 1 FROM rooms WHERE room_id = ?').pluck(),
      kicked: db.prepare<[string, string]>('SELECT 1 FROM room_kicks WHERE room_id = ? AND user_id = ?').pluck(),
      kickCount: db.prepare<[string]>('SELECT COUNT(*) FROM room_kicks WHERE room_id = ?').pluck(),
      insertKick: db.prepare<[string, string, number]>('INSERT INTO room_kicks (room_id, user_id, kicked_at) VALUES (?, ?, ?)'),
      banned: db.prepare<[string, string]>('SELECT 1 FROM bans WHERE anchor_id = ? AND user_id = ?').pluck(),
      banCount: db.prepare<[string]>('SELECT COUNT(*) FROM bans WHERE anchor_id = ?').pluck(),
      upsertBan: db.prepare<[string, string, string, number]>(
        `INSERT INTO bans (anchor_id, user_id, reason, banned_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (anchor_id, user_id) DO UPDATE SET reason = excluded.reason, banned_at = excluded.banned_at`,
      ),
      deleteBan: db.prepare<[string, string]>('DELETE FROM bans WHERE anchor_id = ? AND user_id = ?'),
      listBans: db.prepare<[string, number, number], { user_id: string; reason: string; banned_at: number }>(
        `SELECT user_id, reason, banned_at FROM bans WHERE anchor_id = ?
         ORDER BY banned_at DESC, user_id DESC LIMIT ? OFFSET ?`,
      ),
      // On the row's old values: counts of an earlier room with this ID start again.
      countMessages: db.prepare<[string, number, number, number, number]>(
        `INSERT INTO room_message_counts (room_id, room_created_at, messages, likes, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (room_id) DO UPDATE SET
           messages = CASE WHEN room_created_at = excluded.room_created_at THEN messages + excluded.messages ELSE excluded.messages END,
           likes = CASE WHEN room_created_at = excluded.room_created_at THEN likes + excluded.likes ELSE excluded.likes END,
           room_created_at = excluded.room_created_at,
           updated_at = excluded.updated_at`,
      ),
      pruneCounts: db.prepare<[number]>('DELETE FROM room_message_counts WHERE updated_at < ?'),
      roomCounts: db.prepare<[string], { room_created_at: number; messages: number; likes: number; updated_at: number }>(
        'SELECT room_created_at, messages, likes, updated_at FROM room_message_counts WHERE room_id = ?',
      ),
    }
  }

  async kick(roomID: string, userID: string, now: number, max: number): Promise<KickResult> {
    return this.db
      .transaction((): KickResult => {
        if (this.stmt.roomExists.get(roomID) === undefined) return 'no_room'
        if (this.stmt.kicked.get(roomID, userID) !== undefined) return 'ok'
        if ((this.stmt.kickCount.get(roomID) as number) >= max) return 'full'
        this.stmt.insertKick.run(roomID, userID, now)
        return 'ok'
      })
      .immediate()
  }

  async isKicked(roomID: string, userID: string): Promise<boolean> {
    return this.stmt.kicked.get(roomID, userID) !== undefined
  }

  async ban(anchor: string, userID: string, reason: string, now: number, max: number): Promise<BanResult> {
    return this.db
      .transaction((): BanResult => {
        const already = this.stmt.banned.get(anchor, userID) !== undefined
        if (!already && (this.stmt.banCount.get(anchor) as number) >= max) return 'full'
        this.stmt.upsertBan.run(anchor, userID, reason, now)
        return 'ok'
      })
      .immediate()
  }

  async unban(anchor: string, userID: string): Promise<boolean> {
    return this.stmt.deleteBan.run(anchor, userID).changes === 1
  }

  async isBanned(anchor: string, userID: string): Promise<boolean> {
    return this.stmt.banned.get(anchor, userID) !== undefined
  }

  async listBans(anchor: string, index: number, cnt: number): Promise<{ bans: BanRecord[]; total: number }> {
    return this.db.transaction(() => ({
      bans: this.stmt.listBans.all(anchor, cnt, index).map((b) => ({ userID: b.user_id, reason: b.reason, bannedAt: b.banned_at })),
      total: this.stmt.banCount.get(anchor) as number,
    }))()
  }

  async countMessages(
    roomID: string,
    roomCreatedAt: number,
    add: { messages: number; likes: number },
    now: number,
    retentionMs: number,
  ): Promise<void> {
    this.stmt.countMessages.run(roomID, roomCreatedAt, add.messages, add.likes, now)
    if (now - this.prunedAt >= PRUNE_INTERVAL_MS) {
      this.prunedAt = now
      this.stmt.pruneCounts.run(now - retentionMs)
    }
  }

  async roomMessageCounts(roomID: string): Promise<RoomMessageCounts | null> {
    const r = this.stmt.roomCounts.get(roomID)
    if (!r) return null
    return { roomCreatedAt: r.room_created_at, messages: r.messages, likes: r.likes, updatedAt: r.updated_at }
  }
}
