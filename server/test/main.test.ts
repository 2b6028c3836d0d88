// The entry point as an operator runs it: compiled (`npm run build:server`), then `node main.js`
// with an environment.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { BASE_ENV, Client, freePort, startRedis, tempDir } from './helpers.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const dirs: string[] = []
const mainJs = path.join(root, 'server', 'dist', 'main.js')
// Built as `npm run build:server` builds it, where the project's node_modules resolve its dependencies.
beforeAll(() => execFileSync(process.execPath, [path.join(root, 'server', 'build.mjs')], { stdio: 'pipe' }), 60_000)
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

/** Pids whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((e) => /^[0-9]+$/.test(e))
    .filter((e) => {
      try {
        // The command name may hold spaces and parentheses: the fields after the last ')' are fixed.
        const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid
      } catch {
        return false
      }
    })
    .map(Number)
}

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, [mainJs], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) {
        clearInterval(timer)
        resolve(m[1])
      }
    }, 50)
    void exited.then(() => {
      clearInterval(timer)
      reject(new Error(`exited before listening:\n${out}`))
    })
  })
  // Not every caller waits for it (a process that must fail to start never listens).
  listening.catch(() => undefined)
  return { child, exited, listening, output: () => out }
}

describe('the compiled service (server/main.ts)', () => {
  it('refuses to start with a message per missing or bad variable', async () => {
    const p = start({ SDKAPPID: 'abc', PORT: 'x' })
    expect(await p.exited).toBe(1)
    const out = p.output()
    expect(out).toMatch(/SDKAPPID must be a positive integer/)
    expect(out).toMatch(/SECRET_KEY is required/)
    expect(out).toMatch(/PORT must be an integer/)
    expect(out).toMatch(/RTMP_SECRET is required/)
  }, 20_000)

  it('warns about DEV_LOGIN on stderr even when the log level hides warnings', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const port = await freePort()
    const p = start({ ...BASE_ENV, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent', DEV_LOGIN: '1' } as Record<string, string>)
    // Nothing is logged at this level: wait until it serves, then stop it.
    await vi.waitFor(async () => expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200), { timeout: 15_000, interval: 100 })
    expect(p.output()).toMatch(/room service: !!! DEV_LOGIN=1: .*Never enable it in production/)
    p.child.kill('SIGTERM')
    expect(await p.exited).toBe(0)
  }, 20_000)

  it('serves with the SQLite store under DATA_DIR, shuts down on SIGTERM and keeps the data', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const env = { ...BASE_ENV, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', DEV_LOGIN: '1' } as Record<string, string>
    const first = start(env)
    const client = new Client(await first.listening)
    const login = await client.post('/weapp/utils/get_login_info', { userID: 'ops' })
    const ops = { userID: 'ops', token: String(login.body.token) }
    const roomID = String((await client.call('create_room', ops, { roomInfo: 'r', roomID: 'kept' })).body.roomID)
    expect(roomID).toBe('kept')
    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(first.output()).toMatch(/shutting down/)
    expect(first.output()).not.toContain(ops.token)

    const second = start(env)
    const again = new Client(await second.listening)
    // The token and the room survived the restart.
    const r = await again.call('create_room', ops, { roomInfo: 'r', roomID: 'kept' })
    expect(r.body.code).toBe(ErrorCode.ROOM_ID_TAKEN)
    second.child.kill('SIGINT')
    expect(await second.exited).toBe(0)
  }, 30_000)

  it('serves with the Redis store when REDIS_URL is set (its client is loaded only then)', async () => {
    const redis = await startRedis()
    try {
      const p = start({ ...BASE_ENV, PORT: '0', REDIS_URL: redis.url, LOG_LEVEL: 'info' } as Record<string, string>)
      const base = await p.listening
      expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ code: 0, store: 'redis' })
      p.child.kill('SIGTERM')
      expect(await p.exited).toBe(0)
    } finally {
      await redis.stop()
    }
  }, 20_000)

  it('runs the embedded media server, prints where phones reach it, and takes it down on SIGTERM', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const [rtmpPort, httpPort] = [await freePort(), await freePort()]
    const env = {
      SDKAPPID: BASE_ENV.SDKAPPID ?? '',
      SECRET_KEY: BASE_ENV.SECRET_KEY ?? '',
      RTMP_SECRET: 'main-test-secret-0123456789',
      PORT: '0',
      DATA_DIR: dataDir,
      MEDIA_RTMP_PORT: String(rtmpPort),
      MEDIA_HTTP_PORT: String(httpPort),
      LOG_LEVEL: 'info',
    }
    const p = start(env)
    await p.listening
    await vi.waitFor(() => expect(p.output()).toMatch(/Media server \(embedded\)/), { timeout: 5_000 })
    expect(p.output()).toContain(`Media server (embedded): RTMP rtmp://127.0.0.1:${rtmpPort}/live (port ${rtmpPort}), HTTP-FLV http://127.0.0.1:${httpPort}/live (port ${httpPort})`)
    expect(p.output()).toContain('for a phone on the LAN start with HOST=0.0.0.0')
    const accepts = (port: number) =>
      new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () => {
          socket.destroy()
          resolve(true)
        })
        socket.once('error', () => resolve(false))
      })
    expect(await accepts(rtmpPort)).toBe(true)
    p.child.kill('SIGTERM')
    expect(await p.exited).toBe(0)
    // No media server left behind holding the ports.
    await vi.waitFor(async () => expect(await accepts(rtmpPort)).toBe(false), { timeout: 5_000 })
    expect(await accepts(httpPort)).toBe(false)

    // Even a service killed outright does not leave an orphaned media server.
    const killed = start(env)
    await killed.listening
    await vi.waitFor(async () => expect(await accepts(rtmpPort)).toBe(true), { timeout: 5_000 })
    expect(childrenOf(killed.child.pid!)).toHaveLength(1)
    killed.child.kill('SIGKILL')
    await killed.exited
    await vi.waitFor(async () => expect(await accepts(rtmpPort)).toBe(false), { timeout: 5_000 })
  }, 30_000)
})
