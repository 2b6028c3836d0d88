// The production build must never carry the IM secret key, even when it is set in the environment.
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const KEY = 'a3f9c2e1d4b7a6c5e8f1029384756abc'
const dirs: string[] = []

async function build(debug: boolean): Promise<{ dir: string; log: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mp-build-'))
  dirs.push(dir)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    UNI_OUTPUT_DIR: dir,
    VITE_SECRET_KEY: KEY,
    VITE_SDKAPPID: '1400000000',
    VITE_ROOM_SERVICE_URL: 'http://127.0.0.1:8787',
    UNI_DEBUG_BUILD: debug ? '1' : '',
  }
  const { stdout, stderr } = await run('npx', ['uni', 'build', '-p', 'mp-weixin'], { env, maxBuffer: 16 << 20 })
  return { dir, log: stdout + stderr }
}

async function filesContaining(dir: string, text: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    if ((await readFile(file, 'utf8')).includes(text)) found.push(path.relative(dir, file))
  }
  return found
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
})

describe('secret key in builds', () => {
  it('is left out of the production build, which says so', async () => {
    const { dir, log } = await build(false)
    expect(await readdir(dir)).toContain('app.json')
    expect(await filesContaining(dir, KEY)).toEqual([])
    expect(log).toContain('production build: secret key not included')
  }, 120_000)

  it('is embedded in a debug build, with a warning', async () => {
    const { dir, log } = await build(true)
    expect((await filesContaining(dir, KEY)).length).toBeGreaterThan(0)
    expect(log).toContain('debug build embeds the secret key')
  }, 120_000)
})
