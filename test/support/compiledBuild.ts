// Building the mp-weixin output the compiled tests run, without touching the user's own build.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the mp-weixin build the compiled tests load. */
    compiledDir: string
    /** The room-service URL baked into that build ('' when unknown). */
    compiledRoomServiceUrl: string
  }
}

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The SDKAppID baked into test builds (a well-formed placeholder: no test talks to Tencent Cloud). */
export const TEST_SDKAPPID = '1400000000'

/** The 开播提醒 template ID baked into test builds (VITE_LIVE_TEMPLATE_ID; the e2e World's service sends with it). */
export const TEST_LIVE_TEMPLATE_ID = 'e2e-live-template'

/** The IM client module test builds load instead of tim-wx-sdk (LIVE_ROOM_IM_MODULE, see build/replaceModule.ts). */
export const TEST_IM_MODULE = 'test/support/compiledImClient.ts'

/** Port of the room-service URL baked into test builds: ROOM_SERVICE_TEST_PORT, or 18787. */
export function testRoomServicePort(): number {
  const fromEnv = Number(process.env.ROOM_SERVICE_TEST_PORT)
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 18787
}

export function testRoomServiceUrl(): string {
  return `http://127.0.0.1:${testRoomServicePort()}`
}

/** Test builds go under dist/test/<pid>/ so parallel runs in one checkout don't overwrite each other. */
export const TEST_BUILD_ROOT = path.join(PROJECT_ROOT, 'dist', 'test')

export interface BuildOptions {
  /** Output directory (UNI_OUTPUT_DIR). */
  outDir: string
  /** Extra environment, e.g. VITE_SDKAPPID / VITE_ROOM_SERVICE_URL. */
  env: Record<string, string>
}

/**
 * Runs `uni build -p mp-weixin` as a production build into `outDir` (uni honours UNI_OUTPUT_DIR).
 * Rejects with the build's output when it fails.
 */
export function buildMpWeixin({ outDir, env }: BuildOptions): Promise<void> {
  const childEnv: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    // The test runner's own variables (NODE_ENV=test, VITEST_*) must not leak into the build.
    if (k === 'NODE_ENV' || k.startsWith('VITEST') || k === 'UNI_DEBUG_BUILD' || k.startsWith('UNI_')) continue
    childEnv[k] = v
  }
  Object.assign(childEnv, { NODE_ENV: 'production', UNI_OUTPUT_DIR: outDir }, env)
  const cli = path.join(PROJECT_ROOT, 'node_modules', '@dcloudio', 'vite-plugin-uni', 'bin', 'uni.js')

  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'build', '-p', 'mp-weixin'], { cwd: PROJECT_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0 && existsSync(path.join(outDir, 'app.js'))) resolve()
      else reject(new Error(`uni build -p mp-weixin failed (exit ${code}):\n${output.slice(-4000)}`))
    })
  })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes test builds left by runs that no longer exist (crashed or killed before teardown). */
export function pruneStaleBuilds(): void {
  if (!existsSync(TEST_BUILD_ROOT)) return
  for (const name of readdirSync(TEST_BUILD_ROOT)) {
    const pid = Number(name)
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)) {
      rmSync(path.join(TEST_BUILD_ROOT, name), { recursive: true, force: true })
    }
  }
}

/**
 * The compiled files are CommonJS, but the project's package.json says "type": "module"; a marker
 * package.json in the output directory makes Node load them as what they are.
 */
export function markCommonJs(dir: string): void {
  const marker = path.join(dir, 'package.json')
  if (existsSync(marker)) {
    const current = JSON.parse(readFileSync(marker, 'utf8')) as { type?: string }
    if (current.type === 'commonjs') return
  }
  writeFileSync(marker, '{ "type": "commonjs" }\n')
}
