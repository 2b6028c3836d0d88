// What the real mp-weixin build ships: no IM secret key in production output (even when it is set
// in the environment), a main package that stays small and free of the IM SDK, and only requires
// WeChat can load (a main-package file may not require a subpackage file).
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const KEY = 'a3f9c2e1d4b7a6c5e8f1029384756abc'
/** The IM servers' address inside tim-wx-sdk: present exactly where the SDK's code is. */
const IM_SDK_MARKER = 'wss.im.qcloud.com'
/** The main package's budget (WeChat's hard limit is 2 MB; it is downloaded before the first screen). */
const MAIN_PACKAGE_BUDGET = 512 * 1024
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

let production: Promise<{ dir: string; log: string }> | null = null
const productionBuild = () => (production ??= build(false))

/** Every file of the build, relative to it, with forward slashes. */
async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
}

async function filesContaining(dir: string, text: string): Promise<string[]> {
  const found: string[] = []
  for (const file of await filesOf(dir)) {
    if ((await readFile(path.join(dir, file), 'utf8')).includes(text)) found.push(file)
  }
  return found
}

async function subpackageRoots(dir: string): Promise<string[]> {
  const app = JSON.parse(await readFile(path.join(dir, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] }
  return (app.subPackages ?? []).map((p) => p.root.replace(/\/+$/, '') + '/')
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })))
})

describe('secret key in builds', () => {
  it('is left out of the production build, which says so', async () => {
    const { dir, log } = await productionBuild()
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

describe('packages of the production build', () => {
  it('keeps the IM SDK in the live subpackage and the main package within its budget', async () => {
    const { dir } = await productionBuild()
    const roots = await subpackageRoots(dir)
    expect(roots).toEqual(['live/'])
    expect(await filesContaining(dir, IM_SDK_MARKER)).toEqual(['live/common/im-sdk.js'])

    const main = (await filesOf(dir)).filter((f) => !roots.some((root) => f.startsWith(root)))
    const sizes = await Promise.all(main.map(async (f) => (await stat(path.join(dir, f))).size))
    const bytes = sizes.reduce((a, b) => a + b, 0)
    console.info(`main package: ${(bytes / 1024).toFixed(1)} KB in ${main.length} files`)
    expect(bytes).toBeLessThan(MAIN_PACKAGE_BUDGET)
  }, 120_000)

  it('has every require resolve to a file WeChat can load from where it is required', async () => {
    const { dir } = await productionBuild()
    const roots = await subpackageRoots(dir)
    const rootOf = (file: string) => roots.find((root) => file.startsWith(root)) ?? ''
    const problems: string[] = []
    for (const file of (await filesOf(dir)).filter((f) => f.endsWith('.js'))) {
      const code = await readFile(path.join(dir, file), 'utf8')
      for (const [, request] of code.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
        const target = path.posix.join(path.posix.dirname(file), request)
        if (!existsSync(path.join(dir, target))) problems.push(`${file} → ${request}: no such file`)
        // A subpackage may use the main package; the main package (and other subpackages) may not use it.
        else if (rootOf(target) && rootOf(target) !== rootOf(file)) problems.push(`${file} → ${target}: crosses into ${rootOf(target)}`)
      }
    }
    expect(problems).toEqual([])
  }, 120_000)
})
