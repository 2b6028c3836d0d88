// Embedded store: one SQLite file under DATA_DIR (WAL mode), the default for a single instance.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { HeartbeatQueue, type QueuedHeartbeat } from './heartbeats.ts'
import type {
  AddPusherResult,
  ExpiryResult,
  LivePage,
  NewRoom,
  PusherInput,
  RoomStore,
  StoredAudience,
  StoredPusher,
  StoreCounts,
  StoredRoom,
  TokenRecord,
} from './types.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rooms (
  room_id      TEXT PRIMARY KEY,
  room_name    TEXT NOT NULL,
  room_info    TEXT NOT NULL,
  room_creator TEXT NOT NULL,
  custom       TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  live_since   INTEGER,
  creator_hb   INTEGER NOT NULL,
  status_code  INTEGER NOT NULL DEFAULT 0,
  admission    INTEGER NOT NULL DEFAULT 0,
  away_since   INTEGER,
  -- Kept in the transactions that add and remove audience rows: no call counts a room's audience.
  audience_count INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rooms_live ON rooms (live_since DESC, room_id DESC) WHERE live_since IS NOT NULL;
CREATE INDEX IF NOT EXISTS rooms_creator ON rooms (room_creator);

CREATE TABLE IF NOT EXISTS pushers (
  room_id      TEXT NOT NULL REFERENCES rooms (room_id) ON DELETE CASCADE,
  user_id      TEXT NOT NULL,
  user_name    TEXT NOT NULL,
  user_avatar  TEXT NOT NULL,
  push_url     TEXT NOT NULL,
  joined_at    INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL,
  audio_muted  INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (room_id, user_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS admissions (
  room_id    TEXT NOT NULL REFERENCES rooms (room_id) ON DELETE CASCADE,
  user_id    TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (room_id, user_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS audiences (
  room_id   TEXT NOT NULL REFERENCES rooms (room_id) ON DELETE CASCADE,
  user_id   TEXT NOT NULL,
  user_info TEXT NOT NULL,
  joined_at INTEGER NOT NULL,
  seen_at   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (room_id, user_id)
) WITHOUT ROWID;
-- get_audiences reads the newest members off this index instead of sorting the whole audience.
CREATE INDEX IF NOT EXISTS audiences_joined ON audiences (room_id, joined_at DESC, user_id DESC);

CREATE TABLE IF NOT EXISTS tokens (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tokens_expiry ON tokens (expires_at);
CREATE INDEX IF NOT EXISTS tokens_user ON tokens (user_id, expires_at);
-- No index on heartbeat or check-in times: every heartbeat would rewrite it too (twice the WAL
-- pages); only the sweeper filters on them, and a scan of 10,000 rows takes well under 1 ms.
`

/** Brings a file made by an earlier version up to SCHEMA (tables it lacked are made by SCHEMA itself). */
function migrate(db: Database.Database): void {
  const columnsOf = (table: string) => db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table)
  if (!columnsOf('audiences').some((c) => c.name === 'seen_at')) {
    db.exec('ALTER TABLE audiences ADD COLUMN seen_at INTEGER NOT NULL DEFAULT 0; UPDATE audiences SET seen_at = joined_at')
  }
  if (!columnsOf('rooms').some((c) => c.name === 'admission')) db.exec('ALTER TABLE rooms ADD COLUMN admission INTEGER NOT NULL DEFAULT 0')
  if (!columnsOf('rooms').some((c) => c.name === 'audience_count')) {
    db.exec(`ALTER TABLE rooms ADD COLUMN audience_count INTEGER NOT NULL DEFAULT 0;
      UPDATE rooms SET audience_count = (SELECT COUNT(*) FROM audiences a WHERE a.room_id = rooms.room_id)`)
  }
  if (!columnsOf('rooms').some((c) => c.name === 'away_since')) db.exec('ALTER TABLE rooms ADD COLUMN away_since INTEGER')
  if (!columnsOf('pushers').some((c) => c.name === 'audio_muted')) db.exec('ALTER TABLE pushers ADD COLUMN audio_muted INTEGER NOT NULL DEFAULT 0')
  db.exec('DROP INDEX IF EXISTS rooms_creator_hb; DROP INDEX IF EXISTS pushers_hb;')
}

// Rows are read as arrays of these columns: better-sqlite3 builds row objects key by key (~2 µs
// a row), which made up most of a room list's cost.
const ROOM_COLUMNS = `r.room_id, r.room_name, r.room_info, r.room_creator, r.custom, r.created_at, r.live_since,
  r.creator_hb, r.status_code, r.admission, r.audience_count, r.away_since`
type RoomTuple = [string, string, string, string, string, number, number | null, number, number, number, number, number | null]
const PUSHER_COLUMNS = 'room_id, user_id, user_name, user_avatar, push_url, joined_at, heartbeat_at, audio_muted'
type PusherTuple = [string, string, string, string, string, number, number, number]

function toPusher(p: PusherTuple): StoredPusher {
  return { userID: p[1], userName: p[2], userAvatar: p[3], pushURL: p[4], joinedAt: p[5], heartbeatAt: p[6], audioMuted: p[7] === 1 }
}

function toRoom(r: RoomTuple, pushers: StoredPusher[]): StoredRoom {
  return {
    roomID: r[0],
    roomName: r[1],
    roomInfo: r[2],
    roomCreator: r[3],
    custom: r[4],
    createdAt: r[5],
    liveSince: r[6],
    creatorHeartbeatAt: r[7],
    roomStatusCode: r[8],
    requireAdmission: r[9] === 1,
    awaySince: r[11],
    pushers,
    audienceCount: r[10],
  }
}

/** ExpiryResult.awayRooms of the closed rows: present only when one of them was away. */
function awayOf(closed: readonly { room_id: string; away_since: number | null }[]): Pick<ExpiryResult, 'awayRooms'> {
  const away = closed.filter((r) => r.away_since !== null).map((r) => r.room_id)
  return away.length > 0 ? { awayRooms: away } : {}
}

export class SqliteRoomStore implements RoomStore {
  readonly kind = 'sqlite'
  private readonly db: Database.Database
  private readonly stmt
  private readonly heartbeats: HeartbeatQueue

  /** `file` is a path, or ':memory:'. */
  constructor(file: string) {
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
    this.db = new Database(file)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    this.db.pragma('foreign_keys = ON')
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(SCHEMA)
    migrate(this.db)
    const db = this.db
    this.stmt = {
      countRoomsOf: db.prepare<[string, number]>('SELECT COUNT(*) FROM rooms WHERE room_creator = ? AND creator_hb >= ?').pluck(),
      roomIDsOf: db.prepare<[string], string>('SELECT room_id FROM rooms WHERE room_creator = ?').pluck(),
      counts: db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM rooms), (SELECT COUNT(*) FROM rooms WHERE live_since IS NOT NULL),
                  (SELECT COUNT(*) FROM pushers), (SELECT COUNT(*) FROM audiences)`,
        )
        .raw(),
      saveToken: db.prepare<[string, string, number]>(
        'INSERT OR REPLACE INTO tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)',
      ),
      findToken: db.prepare<[string], { token_hash: string; user_id: string; expires_at: number }>(
        'SELECT token_hash, user_id, expires_at FROM tokens WHERE token_hash = ?',
      ),
      deleteToken: db.prepare<[string]>('DELETE FROM tokens WHERE token_hash = ?'),
      createRoom: db.prepare<[string, string, string, string, string, number, number, number]>(
        `INSERT INTO rooms (room_id, room_name, room_info, room_creator, custom, created_at, creator_hb, admission)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (room_id) DO NOTHING`,
      ),
      getRoom: db.prepare<[string]>(`SELECT ${ROOM_COLUMNS} FROM rooms r WHERE r.room_id = ?`).raw(),
      roomPushers: db.prepare<[string]>(`SELECT ${PUSHER_COLUMNS} FROM pushers WHERE room_id = ? ORDER BY joined_at, user_id`).raw(),
      // A seek on rooms_live: rows before the page are never read (but `skip` ones are).
      listLive: db
        .prepare<[number, string, number, number, number]>(
          `SELECT ${ROOM_COLUMNS} FROM rooms r
           WHERE r.live_since IS NOT NULL AND (r.live_since, r.room_id) < (?, ?) AND r.creator_hb >= ?
           ORDER BY r.live_since DESC, r.room_id DESC LIMIT ? OFFSET ?`,
        )
        .raw(),
      livePushersOf: db
        .prepare<[string, number]>(
          `SELECT ${PUSHER_COLUMNS} FROM pushers WHERE room_id IN (SELECT value FROM json_each(?)) AND heartbeat_at >= ?
           ORDER BY joined_at, user_id`,
        )
        .raw(),
      deleteRoom: db.prepare<[string]>('DELETE FROM rooms WHERE room_id = ?'),
      roomCreator: db.prepare<[string], { room_creator: string }>('SELECT room_creator FROM rooms WHERE room_id = ?'),
      pusherExists: db.prepare<[string, string], { one: number }>(
        'SELECT 1 AS one FROM pushers WHERE room_id = ? AND user_id = ?',
      ),
      pusherCount: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM pushers WHERE room_id = ?'),
      upsertPusher: db.prepare<[string, string, string, string, string, number, number]>(
        `INSERT INTO pushers (room_id, user_id, user_name, user_avatar, push_url, joined_at, heartbeat_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (room_id, user_id) DO UPDATE SET
           user_name = excluded.user_name, user_avatar = excluded.user_avatar,
           push_url = excluded.push_url, heartbeat_at = excluded.heartbeat_at`,
      ),
      creatorLive: db.prepare<[number, number, string]>(
        // The creator (re)joining is back, if it was away.
        'UPDATE rooms SET creator_hb = ?, live_since = COALESCE(live_since, ?), away_since = NULL WHERE room_id = ?',
      ),
      // No MAX: an away lease moves the heartbeat forward, coming back moves it to now.
      setCreatorAway: db.prepare<[number | null, number, string]>('UPDATE rooms SET away_since = ?, creator_hb = ? WHERE room_id = ?'),
      setPusherHeartbeat: db.prepare<[number, string, string]>('UPDATE pushers SET heartbeat_at = ? WHERE room_id = ? AND user_id = ?'),
      removePusher: db.prepare<[string, string]>('DELETE FROM pushers WHERE room_id = ? AND user_id = ?'),
      setPusherAudioMuted: db.prepare<[number, string, string]>('UPDATE pushers SET audio_muted = ? WHERE room_id = ? AND user_id = ?'),
      admit: db.prepare<[string, string, number]>(
        `INSERT INTO admissions (room_id, user_id, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (room_id, user_id) DO UPDATE SET expires_at = excluded.expires_at`,
      ),
      useAdmission: db.prepare<[string, string, number], { one: number }>(
        'DELETE FROM admissions WHERE room_id = ? AND user_id = ? AND expires_at >= ? RETURNING 1 AS one',
      ),
      dropAdmissions: db.prepare<[number]>('DELETE FROM admissions WHERE expires_at < ?'),
      // MAX: a queued heartbeat older than a rejoin does not move the heartbeat back.
      touchPusher: db.prepare<[number, string, string]>(
        'UPDATE pushers SET heartbeat_at = MAX(heartbeat_at, ?) WHERE room_id = ? AND user_id = ?',
      ),
      touchCreator: db.prepare<[number, number | null, string, string]>(
        'UPDATE rooms SET creator_hb = MAX(creator_hb, ?), status_code = COALESCE(?, status_code) WHERE room_id = ? AND room_creator = ?',
      ),
      audienceCount: db.prepare<[string]>('SELECT audience_count FROM rooms WHERE room_id = ?').pluck(),
      addAudienceCount: db
        .prepare<[number, string]>('UPDATE rooms SET audience_count = audience_count + ? WHERE room_id = ? RETURNING audience_count')
        .pluck(),
      insertAudience: db.prepare<[string, string, string, number, number]>(
        `INSERT INTO audiences (room_id, user_id, user_info, joined_at, seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (room_id, user_id) DO NOTHING`,
      ),
      seeAudience: db.prepare<[string, number, string, string]>(
        'UPDATE audiences SET user_info = ?, seen_at = ? WHERE room_id = ? AND user_id = ?',
      ),
      expireAudience: db.prepare<[number], { room_id: string; user_id: string }>(
        'DELETE FROM audiences WHERE seen_at < ? RETURNING room_id, user_id',
      ),
      removeAudience: db.prepare<[string, string]>('DELETE FROM audiences WHERE room_id = ? AND user_id = ?'),
      listAudiences: db.prepare<[string, number], { user_id: string; user_info: string; joined_at: number }>(
        'SELECT user_id, user_info, joined_at FROM audiences WHERE room_id = ? ORDER BY joined_at DESC, user_id DESC LIMIT ?',
      ),
      closeStaleRoom: db.prepare<[string, number], { room_id: string; away_since: number | null }>(
        'DELETE FROM rooms WHERE room_id = ? AND creator_hb < ? RETURNING room_id, away_since',
      ),
      removeStalePushersOf: db.prepare<[string, number], { room_id: string; user_id: string }>(
        'DELETE FROM pushers WHERE room_id = ? AND heartbeat_at < ? RETURNING room_id, user_id',
      ),
      closeStaleRooms: db.prepare<[number], { room_id: string; away_since: number | null }>(
        'DELETE FROM rooms WHERE creator_hb < ? RETURNING room_id, away_since',
      ),
      removeStalePushers: db.prepare<[number], { room_id: string; user_id: string }>(
        'DELETE FROM pushers WHERE heartbeat_at < ? RETURNING room_id, user_id',
      ),
      dropTokens: db.prepare<[number]>('DELETE FROM tokens WHERE expires_at <= ?'),
      // The new token always stays (tokens issued in the same ms expire in the same ms too).
      trimTokens: db.prepare<[string, string, string, string, number]>(
        `DELETE FROM tokens WHERE user_id = ? AND token_hash != ? AND token_hash NOT IN
           (SELECT token_hash FROM tokens WHERE user_id = ? AND token_hash != ? ORDER BY expires_at DESC, token_hash LIMIT ?)`,
      ),
    }
    this.heartbeats = new HeartbeatQueue((batch) => this.writeHeartbeats(batch))
  }

  private writeHeartbeats(batch: readonly QueuedHeartbeat[]): void {
    this.db
      .transaction(() => {
        for (const b of batch) {
          // A pusher gone meanwhile stays gone; only a present one refreshes its room.
          if (this.stmt.touchPusher.run(b.at, b.roomID, b.userID).changes === 1) {
            this.stmt.touchCreator.run(b.at, b.roomStatusCode ?? null, b.roomID, b.userID)
          }
        }
      })
      .immediate()
  }

  async saveToken(t: TokenRecord, _now: number, maxPerUser?: number): Promise<void> {
    this.db.transaction(() => {
      this.stmt.saveToken.run(t.tokenHash, t.userID, t.expiresAt)
      if (maxPerUser) this.stmt.trimTokens.run(t.userID, t.tokenHash, t.userID, t.tokenHash, maxPerUser - 1)
    })()
  }

  async findToken(tokenHash: string): Promise<TokenRecord | null> {
    const row = this.stmt.findToken.get(tokenHash)
    return row ? { tokenHash: row.token_hash, userID: row.user_id, expiresAt: row.expires_at } : null
  }

  async deleteToken(tokenHash: string): Promise<void> {
    this.stmt.deleteToken.run(tokenHash)
  }

  async createRoom(r: NewRoom): Promise<boolean> {
    const res = this.stmt.createRoom.run(r.roomID, r.roomName, r.roomInfo, r.roomCreator, r.custom, r.createdAt, r.createdAt, r.requireAdmission ? 1 : 0)
    return res.changes === 1
  }

  async getRoom(roomID: string): Promise<StoredRoom | null> {
    const row = this.stmt.getRoom.get(roomID) as RoomTuple | undefined
    if (!row) return null
    return this.heartbeats.overlay(toRoom(row, (this.stmt.roomPushers.all(roomID) as PusherTuple[]).map(toPusher)))
  }

  async listLiveRooms(cutoff: number, page: LivePage): Promise<StoredRoom[]> {
    await this.heartbeats.flush()
    const after = page.after ?? { liveSince: Number.MAX_SAFE_INTEGER, roomID: '' }
    const rows = this.stmt.listLive.all(after.liveSince, after.roomID, cutoff, page.cnt, page.skip) as RoomTuple[]
    if (rows.length === 0) return []
    const byRoom = new Map<string, StoredPusher[]>(rows.map((r) => [r[0], []]))
    for (const p of this.stmt.livePushersOf.all(JSON.stringify(rows.map((r) => r[0])), cutoff) as PusherTuple[]) {
      byRoom.get(p[0])?.push(toPusher(p))
    }
    return rows.map((r) => toRoom(r, byRoom.get(r[0]) ?? []))
  }

  async deleteRoom(roomID: string): Promise<boolean> {
    return this.stmt.deleteRoom.run(roomID).changes === 1
  }

  async admitPusher(roomID: string, userID: string, until: number): Promise<boolean> {
    return this.db
      .transaction((): boolean => {
        if (!this.stmt.roomCreator.get(roomID)) return false
        this.stmt.admit.run(roomID, userID, until)
        return true
      })
      .immediate()
  }

  async addPusher(roomID: string, p: PusherInput, now: number, maxPushers: number, requireAdmission = false): Promise<AddPusherResult> {
    return this.db
      .transaction((): AddPusherResult => {
        const room = this.stmt.roomCreator.get(roomID)
        if (!room) return 'no_room'
        const present = this.stmt.pusherExists.get(roomID, p.userID) !== undefined
        if (!present && (this.stmt.pusherCount.get(roomID)?.n ?? 0) >= maxPushers) return 'full'
        // Last check before writing: a refused join leaves the admission for a retry.
        if (!present && requireAdmission && !this.stmt.useAdmission.get(roomID, p.userID, now)) return 'not_admitted'
        this.stmt.upsertPusher.run(roomID, p.userID, p.userName, p.userAvatar, p.pushURL, now, now)
        if (room.room_creator === p.userID) this.stmt.creatorLive.run(now, now, roomID)
        return 'ok'
      })
      .immediate()
  }

  async removePusher(roomID: string, userID: string): Promise<boolean> {
    return this.stmt.removePusher.run(roomID, userID).changes === 1
  }

  async touchPusher(roomID: string, userID: string, now: number, roomStatusCode?: number): Promise<void> {
    this.heartbeats.add(roomID, userID, now, roomStatusCode)
  }

  async setPusherAudioMuted(roomID: string, userID: string, muted: boolean): Promise<boolean> {
    return this.stmt.setPusherAudioMuted.run(muted ? 1 : 0, roomID, userID).changes === 1
  }

  async setCreatorAway(roomID: string, awaySince: number | null, heartbeatAt: number): Promise<boolean> {
    // Beats still queued are older than `heartbeatAt`: written later, their MAX leaves it as set here.
    return this.db
      .transaction(() => {
        const room = this.stmt.getRoom.get(roomID) as RoomTuple | undefined
        if (!room || this.stmt.setPusherHeartbeat.run(heartbeatAt, roomID, room[3]).changes === 0) return false
        this.stmt.setCreatorAway.run(awaySince, heartbeatAt, roomID)
        return true
      })
      .immediate()
  }

  async flush(): Promise<void> {
    await this.heartbeats.flush()
  }

  async addAudience(roomID: string, userID: string, userInfo: string, now: number): Promise<number | null> {
    return this.db
      .transaction((): number | null => {
        const count = this.stmt.audienceCount.get(roomID) as number | undefined
        if (count === undefined) return null
        if (this.stmt.insertAudience.run(roomID, userID, userInfo, now, now).changes === 1) {
          return this.stmt.addAudienceCount.get(1, roomID) as number
        }
        this.stmt.seeAudience.run(userInfo, now, roomID, userID)
        return count
      })
      .immediate()
  }

  async expireAudience(cutoff: number): Promise<{ roomID: string; userID: string }[]> {
    return this.db
      .transaction(() => {
        const removed = this.stmt.expireAudience.all(cutoff).map((r) => ({ roomID: r.room_id, userID: r.user_id }))
        const perRoom = new Map<string, number>()
        for (const r of removed) perRoom.set(r.roomID, (perRoom.get(r.roomID) ?? 0) + 1)
        for (const [roomID, n] of perRoom) this.stmt.addAudienceCount.get(-n, roomID)
        return removed
      })
      .immediate()
  }

  async removeAudience(roomID: string, userID: string): Promise<number | null> {
    return this.db
      .transaction((): number | null => {
        const count = this.stmt.audienceCount.get(roomID) as number | undefined
        if (count === undefined) return null
        if (this.stmt.removeAudience.run(roomID, userID).changes === 0) return count
        return this.stmt.addAudienceCount.get(-1, roomID) as number
      })
      .immediate()
  }

  async listAudiences(roomID: string, limit: number): Promise<{ audiences: StoredAudience[]; count: number } | null> {
    const count = this.stmt.audienceCount.get(roomID) as number | undefined
    if (count === undefined) return null
    const audiences = this.stmt.listAudiences
      .all(roomID, limit)
      .map((a) => ({ userID: a.user_id, userInfo: a.user_info, joinedAt: a.joined_at }))
    return { audiences, count }
  }

  async expireRoom(roomID: string, cutoff: number): Promise<ExpiryResult> {
    await this.heartbeats.flush()
    return this.db
      .transaction((): ExpiryResult => {
        const closed = this.stmt.closeStaleRoom.get(roomID, cutoff)
        if (closed) return { closedRooms: [roomID], removedPushers: [], ...awayOf([closed]) }
        const removed = this.stmt.removeStalePushersOf.all(roomID, cutoff)
        return { closedRooms: [], removedPushers: removed.map((r) => ({ roomID: r.room_id, userID: r.user_id })) }
      })
      .immediate()
  }

  async sweep(cutoff: number, now: number): Promise<ExpiryResult> {
    await this.heartbeats.flush()
    return this.db
      .transaction((): ExpiryResult => {
        const closed = this.stmt.closeStaleRooms.all(cutoff)
        const closedRooms = closed.map((r) => r.room_id)
        const removedPushers = this.stmt.removeStalePushers
          .all(cutoff)
          .map((r) => ({ roomID: r.room_id, userID: r.user_id }))
        this.stmt.dropTokens.run(now)
        this.stmt.dropAdmissions.run(now)
        return { closedRooms, removedPushers, ...awayOf(closed) }
      })
      .immediate()
  }

  async countRoomsOf(creator: string, cutoff: number): Promise<number> {
    await this.heartbeats.flush()
    return this.stmt.countRoomsOf.get(creator, cutoff) as number
  }

  async roomIDsOf(creator: string): Promise<string[]> {
    return this.stmt.roomIDsOf.all(creator)
  }

  async counts(): Promise<StoreCounts> {
    const [rooms, liveRooms, pushers, audience] = this.stmt.counts.get() as [number, number, number, number]
    return { rooms, liveRooms, pushers, audience }
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get()
  }

  /** Not on Redis: rate limits count in each instance's memory. */
  redisClient(): undefined {
    return undefined
  }

  sqliteDatabase(): Database.Database {
    return this.db
  }

  async close(): Promise<void> {
    if (!this.db.open) return
    await this.heartbeats.close()
    this.db.close()
  }
}
