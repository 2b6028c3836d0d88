// Room covers in the rooms' SQLite database (a table of its own beside the rooms).
import type Database from 'better-sqlite3'
import type { CoverStore } from './cover.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS room_covers (
  room_id TEXT PRIMARY KEY,
  name    TEXT NOT NULL
) WITHOUT ROWID;
`

export class SqliteCoverStore implements CoverStore {
  readonly kind = 'sqlite'
  private readonly stmt

  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA)
    this.stmt = {
      one: db.prepare<[string], string>('SELECT name FROM room_covers WHERE room_id = ?').pluck(),
      set: db.prepare<[string, string]>('INSERT INTO room_covers (room_id, name) VALUES (?, ?) ON CONFLICT (room_id) DO UPDATE SET name = excluded.name'),
      get: db.prepare<[string], { room_id: string; name: string }>('SELECT room_id, name FROM room_covers WHERE room_id IN (SELECT value FROM json_each(?))'),
      delete: db.prepare<[string], string>('DELETE FROM room_covers WHERE room_id = ? RETURNING name').pluck(),
      all: db.prepare<[], string>('SELECT room_id FROM room_covers').pluck(),
    }
  }

  async set(roomID: string, name: string): Promise<string | null> {
    return this.db.transaction(() => {
      const old = this.stmt.one.get(roomID) ?? null
      this.stmt.set.run(roomID, name)
      return old
    })()
  }

  async get(roomIDs: readonly string[]): Promise<Map<string, string>> {
    return new Map(this.stmt.get.all(JSON.stringify(roomIDs)).map((r) => [r.room_id, r.name]))
  }

  async delete(roomID: string): Promise<string | null> {
    return this.stmt.delete.get(roomID) ?? null
  }

  async roomIDs(): Promise<string[]> {
    return this.stmt.all.all()
  }
}
