// The production recipe server/deploy/nginx-rtmp.conf, run for real: Debian's nginx with
// libnginx-mod-rtmp loads that very file (placeholders filled in, plus what a test child needs),
// and calls the room service's hooks; ffmpeg pushes what a phone would, ffprobe plays it back.
// Nothing is skipped: without nginx, the RTMP module or ffmpeg every test here fails, saying
// what to install.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RecordingInfo } from '@liveroom/protocol/roomService'
import { buildAppWithParts } from '../app.ts'
import type { Env } from '../config.ts'
import { MediaEvents } from '../media/events.ts'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { guardStore } from '../store/types.ts'
import { probeCodecs, push, stopRuns } from './ffmpeg.ts'
import { Client, FakeClock, freePort, SDKAPPID, tempDir, testConfig, until, type Session } from './helpers.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const CONF = path.join(root, 'server', 'deploy', 'nginx-rtmp.conf')
const RTMP_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so'
const PLACEHOLDERS = ['ROOM_SERVICE', 'RTMP_PORT', 'HTTP_PORT', 'HLS_DIR', 'RECORD_DIR', 'PID_FILE'] as const
const RTMP_SECRET = 'nginx-rtmp-test-secret-0123456789'
const URL_EXPIRE_S = 600

// ------------------------------------------------------------------ tools

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

function onPath(tool: string): string | undefined {
  // Debian keeps nginx in /usr/sbin, which is not on every user's PATH.
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin']
  return dirs.map((d) => path.join(d, tool)).find(executable)
}

/** The nginx binary; throws (the tests fail, never skip) when something needed is missing. */
function requireTools(): string {
  const missing: string[] = []
  const nginx = onPath('nginx')
  if (!nginx) missing.push('nginx (Debian: apt-get install -y nginx-light libnginx-mod-rtmp)')
  if (!fs.existsSync(RTMP_MODULE)) missing.push(`the nginx RTMP module at ${RTMP_MODULE} (Debian: apt-get install -y libnginx-mod-rtmp)`)
  for (const tool of ['ffmpeg', 'ffprobe']) {
    if (spawnSync(tool, ['-version']).status !== 0) missing.push(`${tool} (Debian: apt-get install -y ffmpeg)`)
  }
  if (missing.length > 0 || !nginx) {
    throw new Error(`the nginx-rtmp tests need: ${missing.join('; ')}`)
  }
  return nginx
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

// ------------------------------------------------------------------ nginx + room service

/** The recipe with its placeholders filled in, run in the foreground as one process in `dir`. */
function renderNginxConf(template: string, values: Record<(typeof PLACEHOLDERS)[number], string>, dir: string): string {
  const found = new Set([...template.matchAll(/\{\{([A-Z_]+)\}\}/g)].map((m) => m[1]))
  expect([...found].sort(), 'placeholders of nginx-rtmp.conf').toEqual([...PLACEHOLDERS].sort())
  const body = template.replace(/\{\{([A-Z_]+)\}\}/g, (_m, name: (typeof PLACEHOLDERS)[number]) => values[name])
  // A test child: no daemon, no worker processes to orphan, logs and temp files in the temp dir
  // (Debian's defaults under /var are not writable by every user).
  const http = [
    'http {',
    `    access_log ${dir}/access.log;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${dir}/tmp_${t};`),
  ].join('\n')
  const rendered = body.replace(/^http \{$/m, http)
  expect(rendered, 'nginx-rtmp.conf has an "http {" line').not.toBe(body)
  return ['daemon off;', 'master_process off;', `error_log ${dir}/error.log info;`, rendered].join('\n')
}

interface Hook {
  path: string
  status: number
  name?: string
  token?: string
  /** The service's reply message ("publish token expired", ...). */
  message?: string
}

interface Stack {
  client: Client
  clock: FakeClock
  /** The hook calls nginx made, in order. */
  hooks: Hook[]
  /** The service's view of the media server: which streams are live. */
  media: MediaEvents
  /** What the service heard, in order: "publish <stream>", "unpublish <stream>". */
  heard: string[]
  rtmpPort: number
  httpPort: number
  nginxLog(): string
  close(): Promise<void>
}

let nginxBin = ''
const stacks = new Set<Stack>()

async function startStack(env: Env = {}): Promise<Stack> {
  const dir = tempDir('liveroom-nginx-rtmp-')
  const rtmpPort = await freePort()
  const httpPort = await freePort()
  const hlsDir = path.join(dir, 'hls')
  const recordDir = path.join(dir, 'recordings')
  fs.mkdirSync(hlsDir)
  const config = testConfig({
    PUSH_DOMAIN: '',
    PUSH_KEY: '',
    PLAY_DOMAIN: '',
    RTMP_PUSH_BASE: `rtmp://127.0.0.1:${rtmpPort}/live`,
    RTMP_HLS_PLAY_BASE: `http://127.0.0.1:${httpPort}/live`,
    RTMP_SECRET,
    URL_EXPIRE_S: String(URL_EXPIRE_S),
    DEV_LOGIN: '1',
    DATA_DIR: path.join(dir, 'data'),
    RECORD_DIR: recordDir,
    RECORD_PLAY_BASE: `http://127.0.0.1:${httpPort}/recordings`,
    ...env,
  })
  const store = guardStore(new SqliteRoomStore(path.join(dir, 'rooms.sqlite')))
  const clock = new FakeClock()
  const hooks: Hook[] = []
  const heard: string[] = []
  // Set as they start; close() stops whatever did.
  const running: { app?: FastifyInstance; nginx?: ChildProcess } = {}
  let nginxOut = ''
  const nginxLog = () => {
    let log = ''
    try {
      log = fs.readFileSync(path.join(dir, 'error.log'), 'utf8')
    } catch {
      // not started
    }
    return `nginx output:\n${nginxOut}\nnginx error.log (end):\n${log.slice(-3000)}`
  }
  const stack: Stack = {
    client: new Client(''),
    clock,
    hooks,
    media: new MediaEvents(), // the app's own, once it is built
    heard,
    rtmpPort,
    httpPort,
    nginxLog,
    close: async () => {
      stacks.delete(stack)
      try {
        // nginx first: the service's own ffmpeg readers then see their input end at once.
        const child = running.nginx
        if (child && child.exitCode === null && child.signalCode === null) {
          const gone = new Promise<void>((resolve) => child.once('close', () => resolve()))
          child.kill('SIGTERM')
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
          await gone
          clearTimeout(timer)
        }
        await running.app?.close()
      } finally {
        await store.close()
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  }
  stacks.add(stack)

  const { app, mediaEvents } = await buildAppWithParts({ config, store, clock, embeddedMedia: false, sweeper: false })
  running.app = app
  stack.media = mediaEvents
  stack.media.on('publish', (s) => heard.push(`publish ${s}`))
  stack.media.on('unpublish', (s) => heard.push(`unpublish ${s}`))
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/rtmp/')) {
      const body = (request.body ?? {}) as Record<string, string | undefined>
      let message: string | undefined
      try {
        message = (JSON.parse(String(payload)) as { message?: string }).message
      } catch {
        // not JSON
      }
      hooks.push({ path: request.url, status: reply.statusCode, name: body.name, token: body.token, message })
    }
    return payload
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const servicePort = (app.server.address() as net.AddressInfo).port
  stack.client = new Client(`http://127.0.0.1:${servicePort}`)

  const conf = renderNginxConf(
    fs.readFileSync(CONF, 'utf8'),
    {
      ROOM_SERVICE: `127.0.0.1:${servicePort}`,
      RTMP_PORT: `127.0.0.1:${rtmpPort}`,
      HTTP_PORT: `127.0.0.1:${httpPort}`,
      HLS_DIR: hlsDir,
      RECORD_DIR: recordDir,
      PID_FILE: path.join(dir, 'nginx.pid'),
    },
    dir,
  )
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf)
  const nginx = spawn(nginxBin, ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'pipe', 'pipe'] })
  running.nginx = nginx
  nginx.stdout.setEncoding('utf8').on('data', (d: string) => (nginxOut += d))
  nginx.stderr.setEncoding('utf8').on('data', (d: string) => (nginxOut += d))
  nginx.once('error', (err) => (nginxOut += `\ncannot run ${nginxBin}: ${err.message}`))
  await until(
    'nginx to listen',
    async () => {
      if (nginx.exitCode !== null || nginx.signalCode !== null) throw new Error(`nginx exited with ${nginx.exitCode ?? nginx.signalCode}\n${nginxLog()}`)
      return (await listening(rtmpPort)) && (await listening(httpPort)) ? true : undefined
    },
    10_000,
    nginxLog,
  )
  return stack
}

/** DEV_LOGIN: get_login_info signs for the userID and opens a session. */
async function devLogin(stack: Stack, userID: string): Promise<Session> {
  const r = await stack.client.post('/weapp/utils/get_login_info', { userID })
  expect(r.body.code, JSON.stringify(r.body)).toBe(0)
  return { userID, token: String(r.body.token) }
}

async function anchorUrls(stack: Stack, s: Session) {
  const r = await stack.client.call('get_anchor_url', s, {})
  expect(r.body.code, JSON.stringify(r.body)).toBe(0)
  return r.body
}

async function recordings(stack: Stack, s: Session): Promise<RecordingInfo[]> {
  const r = await stack.client.call('get_recordings', s, {})
  expect(r.body.code, JSON.stringify(r.body)).toBe(0)
  return r.body.recordings
}

function hook(stack: Stack, p: string, name: string, status?: number): Hook | undefined {
  return stack.hooks.find((h) => h.path === p && h.name === name && (status === undefined || h.status === status))
}

// ------------------------------------------------------------------ tests

let main: Stack
let setupError: unknown

beforeAll(async () => {
  try {
    nginxBin = requireTools()
    main = await startStack()
  } catch (err) {
    setupError = err
  }
}, 30_000)

/** Each test fails (rather than being skipped) when the tools or the stack are missing. */
function ready(): void {
  if (setupError) throw setupError
}

afterEach(stopRuns)

afterAll(async () => {
  const closed = await Promise.allSettled([...stacks].map((s) => s.close()))
  for (const c of closed) if (c.status === 'rejected') throw c.reason
})

describe('nginx-rtmp with server/deploy/nginx-rtmp.conf', () => {
  it('takes a push signed by the service, plays it as RTMP and HLS, and tells the service when it starts and ends', async () => {
    ready()
    const alice = await devLogin(main, 'alice')
    const stream = `${SDKAPPID}_alice`
    const urls = await anchorUrls(main, alice)
    expect(urls.pushURL).toMatch(new RegExp(`^rtmp://127\\.0\\.0\\.1:${main.rtmpPort}/live/${stream}\\?expire=\\d+&token=[A-Za-z0-9_-]{43}$`))
    expect(urls.hlsPlayURL).toBe(`http://127.0.0.1:${main.httpPort}/live/${stream}.m3u8`)

    const phone = push(urls.pushURL, { seconds: 10 })
    await until('on_publish to let the push through', () => hook(main, '/rtmp/on_publish', stream, 200), 10_000, () => phone.stderr() + main.nginxLog())
    expect(main.media.isLive(stream)).toBe(true)
    // So a room created with `record` starts recording at once.
    expect((await main.client.call('create_room', alice, { roomInfo: 'one', record: true })).body.code).toBe(0)
    expect((await recordings(main, alice)).map((r) => r.status)).toEqual(['recording'])
    expect(await probeCodecs(urls.rtmpPlayURL)).toEqual(['aac', 'h264'])

    // nginx's own HLS, served by the recipe's http server.
    await until('the HLS playlist', async () => ((await fetch(urls.hlsPlayURL)).ok ? true : undefined), 8_000, main.nginxLog)
    expect(await probeCodecs(urls.hlsPlayURL)).toEqual(['aac', 'h264'])

    // The recording, as it grows, is served by nginx under RECORD_PLAY_BASE; the service's own
    // files beside it are not.
    const recording = await until('a recorded segment', async () => {
      const [r] = await recordings(main, alice)
      return r.duration > 0 ? r : undefined
    }, 10_000)
    expect(recording.playURL).toBe(`http://127.0.0.1:${main.httpPort}/recordings/${recording.recordingID}/index.m3u8`)
    expect(await probeCodecs(recording.playURL)).toEqual(['aac', 'h264'])
    expect((await fetch(`http://127.0.0.1:${main.httpPort}/recordings/.armed.json`)).status).toBe(404)

    expect(await phone.exited, phone.stderr()).toBe(0)
    // on_publish_done: the service hears the end (the recorder and the ffmpeg mixer follow it).
    await until('the service to hear the end of the publish', () => (main.heard.includes(`unpublish ${stream}`) ? true : undefined), 10_000, main.nginxLog)
    expect(hook(main, '/rtmp/on_publish_done', stream, 200)).toBeDefined()
    expect(main.media.isLive(stream)).toBe(false)
    expect(main.heard.filter((e) => e.endsWith(` ${stream}`))).toEqual([`publish ${stream}`, `unpublish ${stream}`])
  }, 50_000)

  it('refuses a push without a token, with an expired, a tampered or another user\'s token; nothing plays', async () => {
    ready()
    const carol = await devLogin(main, 'carol')
    const dave = await devLogin(main, 'dave')
    const stream = `${SDKAPPID}_carol`
    const old = (await anchorUrls(main, carol)).pushURL
    main.clock.advance((URL_EXPIRE_S + 1) * 1000)
    const fresh = new URL((await anchorUrls(main, carol)).pushURL)
    const daves = new URL((await anchorUrls(main, dave)).pushURL)
    const base = `rtmp://127.0.0.1:${main.rtmpPort}/live/${stream}`
    const token = fresh.searchParams.get('token') ?? ''
    const tampered = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`
    const cases = [
      { what: 'no token', url: base, token: undefined, refusal: 'publish token missing' },
      { what: 'expired', url: old, token: new URL(old).searchParams.get('token') ?? '', refusal: 'publish token expired' },
      { what: 'tampered', url: `${base}?expire=${fresh.searchParams.get('expire')}&token=${tampered}`, token: tampered, refusal: 'publish token bad_signature' },
      { what: "dave's", url: `${base}${daves.search}`, token: daves.searchParams.get('token') ?? '', refusal: 'publish token bad_signature' },
    ]

    const phones = cases.map((c) => push(c.url, { seconds: 4 }))
    const played = probeCodecs(base, 3_000)
    const exits = await Promise.all(phones.map((p) => p.exited))
    const refusals = cases.map((c) => main.hooks.find((h) => h.path === '/rtmp/on_publish' && h.name === stream && h.token === c.token))
    expect(cases.map((c, i) => ({ what: c.what, failed: exits[i] !== 0, status: refusals[i]?.status, message: refusals[i]?.message }))).toEqual(
      cases.map((c) => ({ what: c.what, failed: true, status: 403, message: expect.stringMatching(new RegExp(`${c.refusal}$`)) })),
    )
    expect(await played).toEqual([])
    expect(hook(main, '/rtmp/on_publish', stream, 200)).toBeUndefined()
    expect(main.heard.filter((e) => e.endsWith(` ${stream}`))).toEqual([])
  }, 30_000)

  it('with RTMP_PLAY_AUTH=1 plays a stream only with the play token the service signed', async () => {
    ready()
    const secure = await startStack({ RTMP_PLAY_AUTH: '1' })
    try {
      const erin = await devLogin(secure, 'erin')
      const stream = `${SDKAPPID}_erin`
      const urls = await anchorUrls(secure, erin)
      const signed = new URL(urls.rtmpPlayURL)
      expect(signed.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/)
      const unsigned = `rtmp://127.0.0.1:${secure.rtmpPort}/live/${stream}`
      const publishToken = `${unsigned}?expire=${signed.searchParams.get('expire')}&token=${new URL(urls.pushURL).searchParams.get('token')}`

      const phone = push(urls.pushURL, { seconds: 6 })
      await until('on_publish to let the push through', () => hook(secure, '/rtmp/on_publish', stream, 200), 10_000, () => phone.stderr() + secure.nginxLog())
      const [withToken, without, withPublishToken] = await Promise.all([probeCodecs(urls.rtmpPlayURL), probeCodecs(unsigned, 4_000), probeCodecs(publishToken, 4_000)])
      expect(withToken).toEqual(['aac', 'h264'])
      expect(without).toEqual([])
      expect(withPublishToken).toEqual([])
      const plays = secure.hooks.filter((h) => h.path === '/rtmp/on_play')
      expect(plays.map((h) => `${h.status} ${h.message?.replace(/^.*: /, '')}`).sort()).toEqual(['200 ok', '403 play token bad_signature', '403 play token missing'])
      await phone.stop()
    } finally {
      await secure.close()
    }
  }, 40_000)
})
