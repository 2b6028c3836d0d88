import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { createStore, SQLITE_FILE_NAME } from '../store/index.ts'
import { guardStore, StoreError, type RoomStore } from '../store/types.ts'
import { runStoreContract } from './storeContract.ts'
import { tempDir } from './helpers.ts'

const dirs: string[] = []
const files = new WeakMap<RoomStore, string>()
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

function newFile(): string {
  const dir = tempDir()
  dirs.push(dir)
  return path.join(dir, 'data', SQLITE_FILE_NAME)
}

runStoreContract('SQLite', {
  async open() {
    const file = newFile()
    const store = guardStore(new SqliteRoomStore(file))
    files.set(store, file)
    return store
  },
  async reopen(store) {
    const file = files.get(store)
    if (!file) throw new Error('unknown store')
    return guardStore(new SqliteRoomStore(file))
  },
})

describe('SQLite store specifics', () => {
  it('loses nothing across a restart (close, then open the same file)', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const cfg = { dataDir: path.join(dir, 'nested', 'data'), redisPrefix: 'x:' }
    const now = Date.now()
    const first = await createStore(cfg)
    expect(first.kind).toBe('sqlite')
    await first.createRoom({ roomID: 'r1', roomName: 'n', roomInfo: 'i', roomCreator: 'alice', custom: '', createdAt: now, requireAdmission: false })
    await first.addPusher('r1', { userID: 'alice', userName: 'A', userAvatar: '', pushURL: 'u' }, now, 4)
    await first.addAudience('r1', 'v', 'vi', now)
    await first.saveToken({ tokenHash: 'h', userID: 'alice', expiresAt: now + 1000 }, now)
    await first.close()
    expect(fs.existsSync(path.join(cfg.dataDir, SQLITE_FILE_NAME))).toBe(true)

    const second = await createStore(cfg)
    const r = await second.getRoom('r1')
    expect(r?.pushers.map((p) => p.userID)).toEqual(['alice'])
    expect(r?.liveSince).toBe(now)
    expect(r?.audienceCount).toBe(1)
    expect(await second.findToken('h')).toEqual({ tokenHash: 'h', userID: 'alice', expiresAt: now + 1000 })
    await second.close()
  })

  it('opens a file of the earlier schema (audiences without seen_at) and keeps its rows', async () => {
    const file = newFile()
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const old = new Database(file)
    old.exec(`CREATE TABLE rooms (room_id TEXT PRIMARY KEY, room_name TEXT NOT NULL, room_info TEXT NOT NULL,
        room_creator TEXT NOT NULL, custom TEXT NOT NULL, created_at INTEGER NOT NULL, live_since INTEGER,
        creator_hb INTEGER NOT NULL, status_code INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
      CREATE TABLE audiences (room_id TEXT NOT NULL REFERENCES rooms (room_id) ON DELETE CASCADE, user_id TEXT NOT NULL,
        user_info TEXT NOT NULL, joined_at INTEGER NOT NULL, PRIMARY KEY (room_id, user_id)) WITHOUT ROWID;
      INSERT INTO rooms VALUES ('r1', 'n', 'i', 'alice', '', 1, 1, 1, 0);
      INSERT INTO audiences VALUES ('r1', 'v', 'vi', 1);`)
    old.close()
    const store = new SqliteRoomStore(file)
    expect((await store.getRoom('r1'))?.audienceCount).toBe(1)
    expect(await store.addAudience('r1', 'w', 'wi', 50)).toBe(2)
    expect(await store.expireAudience(10)).toEqual([{ roomID: 'r1', userID: 'v' }])
    await store.close()
  })

  it('sweep drops expired tokens and keeps live ones', async () => {
    const store = new SqliteRoomStore(newFile())
    await store.saveToken({ tokenHash: 'old', userID: 'a', expiresAt: 1000 }, 0)
    await store.saveToken({ tokenHash: 'new', userID: 'a', expiresAt: 5000 }, 0)
    await store.sweep(0, 2000)
    expect(await store.findToken('old')).toBeNull()
    expect(await store.findToken('new')).not.toBeNull()
    await store.close()
  })

  it('reports failures of the database as StoreError', async () => {
    const store = guardStore(new SqliteRoomStore(newFile()))
    await store.close()
    await expect(store.getRoom('r1')).rejects.toBeInstanceOf(StoreError)
    await expect(store.ping()).rejects.toThrow(/sqlite store/)
  })
})
