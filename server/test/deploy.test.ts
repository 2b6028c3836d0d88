// A production deployment as the README describes it: the service compiled on a build machine, then
// on the server only its runtime dependencies (`npm ci --omit=dev`) and the command the systemd unit
// runs (`node server/dist/main.js`), with no TypeScript loader anywhere. The install is real (npm, from its cache when it can), so this test
// also proves the room service's package.json names everything it needs at run time.
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { BASE_ENV, freePort, tempDir, until } from './helpers.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

/** What a deployment carries: the lock, the workspace manifests and the compiled service. */
function stageRelease(): string {
  const dir = tempDir('liveroom-release-')
  dirs.push(dir)
  for (const f of ['package.json', 'package-lock.json', 'server/package.json', 'protocol/package.json']) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true })
    fs.copyFileSync(path.join(root, f), path.join(dir, f))
  }
  execFileSync(process.execPath, [path.join(root, 'server', 'build.mjs'), path.join(dir, 'server', 'dist')], { stdio: 'pipe' })
  return dir
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

describe('production deployment', () => {
  it('installs only the runtime dependencies and serves /healthz, media server included, with plain node', async () => {
    const release = stageRelease()
    execFileSync('npm', ['ci', '--omit=dev', '--workspace', '@liveroom/room-service', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: release,
      stdio: 'pipe',
      timeout: 8 * 60_000,
    })
    const installed = (name: string) => fs.existsSync(path.join(release, 'node_modules', name))
    for (const runtime of ['fastify', 'better-sqlite3', 'ioredis', 'node-media-server', 'prom-client']) expect(installed(runtime)).toBe(true)
    // Nothing of the build or the mini-program.
    for (const dev of ['tsx', 'typescript', 'esbuild', 'vitest', 'vue', '@dcloudio/uni-app']) expect(installed(dev)).toBe(false)

    const dataDir = tempDir()
    dirs.push(dataDir)
    const [port, rtmpPort, httpPort] = [await freePort(), await freePort(), await freePort()]
    const launchedAt = Date.now()
    const service = spawn(process.execPath, ['server/dist/main.js'], {
      cwd: release,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SDKAPPID: BASE_ENV.SDKAPPID ?? '',
        SECRET_KEY: BASE_ENV.SECRET_KEY ?? '',
        RTMP_SECRET: 'deploy-test-secret-0123456789',
        PORT: String(port),
        DATA_DIR: dataDir,
        MEDIA_RTMP_PORT: String(rtmpPort),
        MEDIA_HTTP_PORT: String(httpPort),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    service.stdout.on('data', (d: Buffer) => (output += d.toString()))
    service.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const exited = new Promise<number | null>((resolve) => service.on('exit', (code) => resolve(code)))
    try {
      const health = await until(
        '/healthz answering 200',
        async () => {
          const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null)
          return res?.status === 200 ? ((await res.json()) as { store: string }) : undefined
        },
        20_000,
        () => output,
      )
      // Reported, not asserted: a loaded test machine is no measure of launch time.
      console.log(`production install: /healthz served ${Date.now() - launchedAt} ms after launch`)
      expect(health.store).toBe('sqlite')
      expect(await accepts(rtmpPort)).toBe(true)
    } finally {
      service.kill('SIGTERM')
    }
    expect(await exited).toBe(0)
    expect(await accepts(rtmpPort)).toBe(false)
  }, 10 * 60_000)
})
