// Benchmark host, run as a child process of bench/server.ts so that the load generator does not
// share an event loop (or, where it can be pinned, a CPU) with what it measures. It serves, on
// loopback:
//   - the room service (SQLite store in a temp dir) with LIVE_ROOMS live rooms, logging at info
//     as in production (into a discarding stream), and
//   - a bare node:http server answering the very bytes the service answered, as the baseline.
// It reports ports, the requests to send and the memory cost per live room over IPC.
import fs from 'node:fs'
import http from 'node:http'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { buildApp } from '../app.ts'
import { loadConfig } from '../config.ts'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { guardStore, type RoomStore } from '../store/types.ts'

export interface BenchTarget {
  name: string
  path: string
  body: string
}

export interface HostReady {
  type: 'ready'
  servicePort: number
  barePort: number
  targets: BenchTarget[]
  rooms: number
  /** Rooms the memory figures were measured over (a store of their own). */
  memoryRooms: number
  heapBytesPerRoom: number
  rssBytesPerRoom: number
  diskBytesPerRoom: number
}

const LIVE_ROOMS = Number(process.env.BENCH_ROOMS ?? 1000)
const MEMORY_ROOMS = Number(process.env.BENCH_MEMORY_ROOMS ?? 10_000)

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc
  if (g) {
    g()
    g()
  }
}

/** A live room as the service keeps it: the room, its creator as pusher, and one viewer. */
async function addLiveRoom(store: RoomStore, i: number, now: number): Promise<void> {
  const roomID = `bench_${String(i).padStart(5, '0')}`
  const creator = `anchor_${i}`
  await store.createRoom({ roomID, roomName: `直播间 ${i}`, roomInfo: `直播间 ${i}`, roomCreator: creator, custom: '', createdAt: now + i, requireAdmission: false })
  await store.addPusher(roomID, { userID: creator, userName: `主播${i}`, userAvatar: `https://img.example.com/a/${i}.png`, pushURL: '' }, now + i, 4)
  await store.addAudience(roomID, `viewer_${i}`, JSON.stringify({ userName: `观众${i}`, userAvatar: '' }), now + i)
}

/**
 * What `count` more live rooms cost, per room, in a store of their own: JS heap, RSS (SQLite's
 * page cache included) and the SQLite file once its write-ahead log is folded in. The first
 * tenth warms up code paths and caches and is not counted.
 */
async function memoryPerRoom(count: number): Promise<Pick<HostReady, 'heapBytesPerRoom' | 'rssBytesPerRoom' | 'diskBytesPerRoom'>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liveroom-bench-memory-'))
  const file = path.join(dir, 'rooms.sqlite')
  const store = new SqliteRoomStore(file)
  const fileBytes = () => {
    const db = new Database(file)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    return fs.statSync(file).size
  }
  const now = Date.now()
  const warm = Math.ceil(count / 10)
  for (let i = 0; i < warm; i++) await addLiveRoom(store, i, now)
  gc()
  const before = process.memoryUsage()
  const diskBefore = fileBytes()
  for (let i = warm; i < count; i++) await addLiveRoom(store, i, now)
  gc()
  const after = process.memoryUsage()
  const measured = count - warm
  const result = {
    heapBytesPerRoom: (after.heapUsed - before.heapUsed) / measured,
    rssBytesPerRoom: (after.rss - before.rss) / measured,
    diskBytesPerRoom: (fileBytes() - diskBefore) / measured,
  }
  await store.close()
  fs.rmSync(dir, { recursive: true, force: true })
  return result
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'liveroom-bench-'))
  const config = loadConfig({
    SDKAPPID: '1400000000',
    SECRET_KEY: 'bench-secret-key',
    PUSH_DOMAIN: 'push.example.com',
    PUSH_KEY: 'bench-push-key',
    PLAY_DOMAIN: 'play.example.com',
    PLAY_KEY: 'bench-play-key',
    LOG_LEVEL: 'info',
    RATE_LIMIT_MAX: '1000000000',
    RATE_LIMIT_ADDRESS_MAX: '1000000000',
    ANCHOR_TIMEOUT_S: '3600',
    DATA_DIR: dir,
  })
  const memory = await memoryPerRoom(MEMORY_ROOMS)
  const store = guardStore(new SqliteRoomStore(path.join(dir, 'rooms.sqlite')))
  const discard = new Writable({ write: (_chunk, _encoding, done) => done() })
  const app = await buildApp({ config, store, sweeper: false, logStream: discard })
  await app.ready()
  const now = Date.now()
  for (let i = 0; i < LIVE_ROOMS; i++) await addLiveRoom(store, i, now)

  const anchor = 'anchor_0'
  const { token } = await app.tokens.issue(anchor)
  const q = `?userID=${anchor}&token=${token}`
  const targets: BenchTarget[] = [
    { name: 'get_room_list', path: `/weapp/live_room/get_room_list${q}`, body: JSON.stringify({ index: 0, cnt: 20 }) },
    {
      name: 'anchor_heartbeat',
      path: `/weapp/live_room/anchor_heartbeat${q}`,
      body: JSON.stringify({ roomID: 'bench_00000', userID: anchor, roomStatusCode: 0 }),
    },
  ]

  // The baseline answers what the service answers, byte for byte.
  const canned = new Map<string, { type: string; body: Buffer }>()
  for (const t of targets) {
    const res = await app.inject({ method: 'POST', url: t.path, headers: { 'content-type': 'application/json' }, payload: t.body })
    const reply = JSON.parse(res.body) as { code: number; rooms?: unknown[] }
    if (res.statusCode !== 200 || reply.code !== 0) throw new Error(`${t.name} failed: ${res.body}`)
    if (t.name === 'get_room_list' && reply.rooms?.length !== 20) throw new Error('expected a full page of rooms')
    canned.set(t.path.split('?')[0], { type: String(res.headers['content-type']), body: res.rawPayload })
  }
  const bare = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const reply = canned.get((req.url ?? '').split('?')[0])
      if (!reply) {
        res.writeHead(404)
        res.end()
        return
      }
      res.writeHead(200, { 'content-type': reply.type, 'content-length': reply.body.length })
      res.end(reply.body)
    })
  })
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))
  await app.listen({ port: 0, host: '127.0.0.1' })

  const ready: HostReady = {
    type: 'ready',
    servicePort: (app.server.address() as AddressInfo).port,
    barePort: (bare.address() as AddressInfo).port,
    targets,
    rooms: LIVE_ROOMS,
    memoryRooms: MEMORY_ROOMS,
    ...memory,
  }
  process.send?.(ready)

  process.on('message', (msg: unknown) => {
    if ((msg as { type?: string } | null)?.type !== 'stop') return
    bare.close()
    app
      .close()
      .then(() => store.close())
      .finally(() => {
        fs.rmSync(dir, { recursive: true, force: true })
        process.exit(0)
      })
  })
}

main().catch((err: unknown) => {
  process.stderr.write(`bench host failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
