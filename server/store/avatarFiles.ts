// Images (avatars, room covers) as files in a folder under DATA_DIR (a single instance on SQLite).
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { AvatarStore } from './profile.ts'

export class FileAvatarStore implements AvatarStore {
  readonly kind = 'files'

  constructor(private readonly dir: string) {}

  async put(name: string, bytes: Buffer): Promise<void> {
    const file = path.join(this.dir, name)
    if (await this.has(name)) return
    await fs.mkdir(this.dir, { recursive: true })
    // Written aside, then renamed: a reader never sees half an image.
    const part = `${file}.${randomBytes(6).toString('hex')}.part`
    await fs.writeFile(part, bytes)
    await fs.rename(part, file)
  }

  async get(name: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(path.join(this.dir, name))
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
  }

  async delete(name: string): Promise<void> {
    await fs.rm(path.join(this.dir, name), { force: true })
  }

  async has(name: string): Promise<boolean> {
    try {
      await fs.access(path.join(this.dir, name))
      return true
    } catch {
      return false
    }
  }
}
