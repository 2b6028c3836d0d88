// Profiles in the rooms' SQLite database (a table of its own beside the rooms).
import type Database from 'better-sqlite3'
import type { ProfileStore, StoredProfile } from './profile.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS profiles (
  user_id    TEXT PRIMARY KEY,
  nick_name  TEXT NOT NULL,
  avatar     TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
`

export class SqliteProfileStore implements ProfileStore {
  readonly kind = 'sqlite'
  private readonly stmt

  constructor(db: Database.Database) {
    db.exec(SCHEMA)
    this.stmt = {
      set: db.prepare<[string, string, string, number]>(
        `INSERT INTO profiles (user_id, nick_name, avatar, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET nick_name = excluded.nick_name, avatar = excluded.avatar, updated_at = excluded.updated_at`,
      ),
      get: db.prepare<[string], { user_id: string; nick_name: string; avatar: string; updated_at: number }>(
        'SELECT user_id, nick_name, avatar, updated_at FROM profiles WHERE user_id IN (SELECT value FROM json_each(?))',
      ),
    }
  }

  async set(p: StoredProfile): Promise<void> {
    this.stmt.set.run(p.userID, p.nickName, p.avatar, p.updatedAt)
  }

  async get(userIDs: readonly string[]): Promise<StoredProfile[]> {
    return this.stmt.get
      .all(JSON.stringify(userIDs))
      .map((r) => ({ userID: r.user_id, nickName: r.nick_name, avatar: r.avatar, updatedAt: r.updated_at }))
  }
}
