// Live-end summaries in the rooms' SQLite database (tables of their own beside the rooms).
import type Database from 'better-sqlite3'
import type { LiveEndReason } from '@liveroom/protocol/roomService'
import type { MessageCounts, StoredSummary, SummaryStart, SummaryStore } from './summary.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS summaries (
  room_id       TEXT PRIMARY KEY,
  room_name     TEXT NOT NULL,
  room_creator  TEXT NOT NULL,
  room_created  INTEGER NOT NULL,
  started_at    INTEGER NOT NULL,
  ended_at      INTEGER,
  end_reason    TEXT,
  peak_viewers  INTEGER NOT NULL DEFAULT 0,
  total_viewers INTEGER NOT NULL DEFAULT 0,
  co_anchors    INTEGER NOT NULL DEFAULT 0,
  chat_messages INTEGER,
  likes         INTEGER,
  keep_until    INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS summaries_keep ON summaries (keep_until);
-- Who was counted, so that a repeated join counts once.
CREATE TABLE IF NOT EXISTS summary_members (
  room_id TEXT NOT NULL REFERENCES summaries (room_id) ON DELETE CASCADE,
  kind    TEXT NOT NULL,
  user_id TEXT NOT NULL,
  PRIMARY KEY (room_id, kind, user_id)
) WITHOUT ROWID;
`

interface Row {
  room_id: string
  room_name: string
  room_creator: string
  room_created: number
  started_at: number
  ended_at: number | null
  end_reason: string | null
  peak_viewers: number
  total_viewers: number
  co_anchors: number
  chat_messages: number | null
  likes: number | null
}

export class SqliteSummaryStore implements SummaryStore {
  readonly kind = 'sqlite'
  private readonly stmt

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA)
    this.stmt = {
      remove: db.prepare<[string]>('DELETE FROM summaries WHERE room_id = ?'),
      insert: db.prepare<[string, string, string, number, number, number]>(
        'INSERT INTO summaries (room_id, room_name, room_creator, room_created, started_at, keep_until) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      member: db.prepare<[string, string, string]>(
        `INSERT INTO summary_members (room_id, kind, user_id) SELECT room_id, ?, ? FROM summaries WHERE room_id = ?
         ON CONFLICT DO NOTHING`,
      ),
      // Writes nothing unless a figure grows: most joins are repeats (members repeat add_audience).
      viewers: db.prepare<[number, number, string, number, number]>(
        `UPDATE summaries SET total_viewers = total_viewers + ?, peak_viewers = MAX(peak_viewers, ?)
         WHERE room_id = ? AND (? > 0 OR peak_viewers < ?)`,
      ),
      coAnchor: db.prepare<[string]>('UPDATE summaries SET co_anchors = co_anchors + 1 WHERE room_id = ?'),
      end: db.prepare<[number, string, number | null, number | null, number, string]>(
        `UPDATE summaries SET ended_at = ?, end_reason = ?, chat_messages = ?, likes = ?, keep_until = ?
         WHERE room_id = ? AND ended_at IS NULL`,
      ),
      get: db.prepare<[string, number], Row>('SELECT * FROM summaries WHERE room_id = ? AND keep_until > ?'),
      sweep: db.prepare<[number]>('DELETE FROM summaries WHERE keep_until <= ?'),
    }
  }

  async start(s: SummaryStart, _now: number, keepUntil: number): Promise<void> {
    this.db.transaction(() => {
      this.stmt.remove.run(s.roomID)
      this.stmt.insert.run(s.roomID, s.roomName, s.roomCreator, s.roomCreatedAt, s.startedAt, keepUntil)
    })()
  }

  async viewer(roomID: string, userID: string, count: number): Promise<void> {
    this.db.transaction(() => {
      const added = this.stmt.member.run('viewer', userID, roomID).changes
      this.stmt.viewers.run(added, count, roomID, added, count)
    })()
  }

  async coAnchor(roomID: string, userID: string): Promise<void> {
    this.db.transaction(() => {
      if (this.stmt.member.run('co_anchor', userID, roomID).changes === 1) this.stmt.coAnchor.run(roomID)
    })()
  }

  async end(roomID: string, endedAt: number, reason: LiveEndReason, counts: MessageCounts | null, _now: number, keepUntil: number): Promise<void> {
    this.stmt.end.run(endedAt, reason, counts?.messages ?? null, counts?.likes ?? null, keepUntil, roomID)
  }

  async get(roomID: string, now: number): Promise<StoredSummary | null> {
    const r = this.stmt.get.get(roomID, now)
    if (!r) return null
    return {
      roomID: r.room_id,
      roomName: r.room_name,
      roomCreator: r.room_creator,
      roomCreatedAt: r.room_created,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      endReason: r.end_reason as LiveEndReason | null,
      peakViewers: r.peak_viewers,
      totalViewers: r.total_viewers,
      coAnchors: r.co_anchors,
      chatMessages: r.chat_messages,
      likes: r.likes,
    }
  }

  async sweep(now: number): Promise<void> {
    this.stmt.sweep.run(now)
  }
}
