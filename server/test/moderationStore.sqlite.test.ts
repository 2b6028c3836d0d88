import fs from 'node:fs'
import path from 'node:path'
import { afterAll } from 'vitest'
import { createModerationStore } from '../store/moderationStore.ts'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { guardStore } from '../store/types.ts'
import { tempDir } from './helpers.ts'
import { runModerationStoreContract } from './moderationStoreContract.ts'

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

runModerationStoreContract('SQLite', {
  async open() {
    const dir = tempDir()
    dirs.push(dir)
    const rooms = guardStore(new SqliteRoomStore(path.join(dir, 'rooms.sqlite')))
    return { rooms, moderation: createModerationStore(rooms, 'unused:') }
  },
})
