// Benchmark host, run as a child process of bench/server.ts so that the load generator does not
// share an event loop (or, where it can be pinned, a CPU) with what it measures. It serves, on
// loopback:
//   - the room service on a SQLite store and, when redis-server is on PATH, on a Redis store
//     (a redis-server of its own), each with the same live rooms and audiences, logging at info as
//     in production (into a discarding stream);
//   - the baselines (baselines.ts), answering the very bytes the service answered.
// It reports the targets and memory costs over IPC, and its CPU time (and Redis') when asked.
import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../app.ts'
import { loadConfig, type Env } from '../config.ts'
import { RedisRoomStore } from '../store/redis.ts'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { guardStore, type RoomStore } from '../store/types.ts'
import { startBare, startCeiling, type CannedReplies } from './baselines.ts'
import { anchorOf, populate, redisBytes, roomIdOf, sqliteBytes, viewerOf, type Audiences, type MemoryCost } from './fixtures.ts'
import { startRedis } from '../test/localServers.ts'
import { processCpuUs } from './cpu.ts'

export interface BenchTarget {
  /** What is asked, e.g. "anchor_heartbeat, 10k-viewer room". */
  endpoint: string
  server: 'bare' | 'ceiling' | 'sqlite' | 'redis'
  port: number
  path: string
  body: string
}

export interface HostReady {
  type: 'ready'
  targets: BenchTarget[]
  audiences: Audiences
  memory: MemoryCost[]
}

/** CPU time used so far, µs: this process's, and the Redis server's (0 without one). */
export interface HostCpu {
  type: 'cpu'
  hostUs: number
  redisUs: number
}

const AUDIENCES: Audiences = {
  rooms: Number(process.env.BENCH_ROOMS ?? 1000),
  bigEvery: 100,
  bigViewers: Number(process.env.BENCH_BIG_VIEWERS ?? 10_000),
  smallViewers: 10,
}

const BASE_ENV: Env = {
  SDKAPPID: '1400000000',
  SECRET_KEY: 'bench-secret-key',
  PUSH_DOMAIN: 'push.example.com',
  PUSH_KEY: 'bench-push-key',
  PLAY_DOMAIN: 'play.example.com',
  PLAY_KEY: 'bench-play-key',
  LOG_LEVEL: 'info',
  RATE_LIMIT_MAX: '1000000000',
  RATE_LIMIT_ADDRESS_MAX: '1000000000',
  // The load generator is one address with up to 100 connections.
  MAX_CONNECTIONS_PER_ADDRESS: '0',
  ANCHOR_TIMEOUT_S: '3600',
}

/** The service on `store`, filled, listening; the requests to send it. */
async function serve(store: RoomStore, env: Env, bytes: Parameters<typeof populate>[2]) {
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() })
  const app = await buildApp({ config: loadConfig({ ...BASE_ENV, ...env }), store, sweeper: false, logStream: discard })
  await app.ready()
  const memory = await populate(store, AUDIENCES, bytes)
  const [big, small] = [0, 1]
  const q = async (userID: string) => `?userID=${userID}&token=${(await app.tokens.issue(userID)).token}`
  const api = '/weapp/live_room/'
  const requests = [
    { endpoint: 'get_room_list, cnt 20', path: `${api}get_room_list${await q(viewerOf(small, 0))}`, body: { index: 0, cnt: 20 } },
    // Each endpoint in a room of many viewers and in one of few: what it costs must not grow with the audience.
    ...(['anchor_heartbeat', 'add_audience'] as const).flatMap((name) =>
      [big, small].map((i) => ({
        endpoint: `${name}, ${i === big ? AUDIENCES.bigViewers : AUDIENCES.smallViewers}-viewer room`,
        path: `${api}${name}`,
        user: name === 'anchor_heartbeat' ? anchorOf(i) : viewerOf(i, 0),
        body: name === 'anchor_heartbeat' ? { roomID: roomIdOf(i), roomStatusCode: 0 } : { roomID: roomIdOf(i), userInfo: '{}' },
      })),
    ),
  ]
  const targets = []
  for (const r of requests) {
    const url = 'user' in r ? `${r.path}${await q(r.user)}` : r.path
    targets.push({ endpoint: r.endpoint, path: url, body: JSON.stringify(r.body) })
  }
  await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, memory, port: (app.server.address() as AddressInfo).port, targets }
}

/** What the service answers each target (the baselines answer the same). */
async function cannedReplies(app: FastifyInstance, targets: { path: string; body: string }[]): Promise<CannedReplies> {
  const canned: CannedReplies = new Map()
  for (const t of targets) {
    const res = await app.inject({ method: 'POST', url: t.path, headers: { 'content-type': 'application/json' }, payload: t.body })
    const reply = JSON.parse(res.body) as { code: number; rooms?: unknown[] }
    if (res.statusCode !== 200 || reply.code !== 0) throw new Error(`${t.path.split('?')[0]} failed: ${res.body}`)
    if (reply.rooms && reply.rooms.length !== 20) throw new Error('expected a full page of rooms')
    const key = t.path.split('?')[0]
    if (!canned.has(key)) canned.set(key, { type: String(res.headers['content-type']), body: res.rawPayload })
  }
  return canned
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liveroom-bench-'))
  const file = path.join(dir, 'rooms.sqlite')
  const sqliteStore = guardStore(new SqliteRoomStore(file))
  const sqlite = await serve(sqliteStore, { DATA_DIR: dir }, sqliteBytes(file))
  // Without redis-server on PATH the benchmark measures SQLite only.
  const redisServer = await startRedis().catch(() => null)
  const redisStore = redisServer ? new RedisRoomStore({ url: redisServer.url, prefix: 'bench:' }) : undefined
  const redis = redisServer && redisStore ? await serve(guardStore(redisStore), { REDIS_URL: redisServer.url, DATA_DIR: dir }, redisBytes(redisStore.redis)) : undefined

  const canned = await cannedReplies(sqlite.app, sqlite.targets)
  const bare = await startBare(canned)
  const ceiling = await startCeiling(canned, dir)
  const targets: BenchTarget[] = []
  for (const t of sqlite.targets) {
    const index = sqlite.targets.indexOf(t)
    const firstOfPath = sqlite.targets.findIndex((o) => o.path.split('?')[0] === t.path.split('?')[0]) === index
    if (firstOfPath) {
      targets.push({ ...t, server: 'bare', port: bare.port }, { ...t, server: 'ceiling', port: ceiling.port })
    }
    targets.push({ ...t, server: 'sqlite', port: sqlite.port })
    if (redis) targets.push({ ...redis.targets[index], server: 'redis', port: redis.port })
  }
  const ready: HostReady = { type: 'ready', targets, audiences: AUDIENCES, memory: [sqlite.memory, ...(redis ? [redis.memory] : [])] }
  process.send?.(ready)

  process.on('message', (msg: unknown) => {
    const type = (msg as { type?: string } | null)?.type
    if (type === 'cpu') {
      const own = process.cpuUsage()
      const cpu: HostCpu = { type: 'cpu', hostUs: own.user + own.system, redisUs: redisServer ? processCpuUs(redisServer.pid) : 0 }
      process.send?.(cpu)
    }
    if (type !== 'stop') return
    const closing = [bare.close(), ceiling.close(), sqlite.app.close().then(() => sqliteStore.close())]
    if (redis) closing.push(redis.app.close().then(() => redisStore?.close()).then(() => redisServer?.stop()))
    void Promise.allSettled(closing).finally(() => {
      fs.rmSync(dir, { recursive: true, force: true })
      process.exit(0)
    })
  })
}

main().catch((err: unknown) => {
  process.stderr.write(`bench host failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
