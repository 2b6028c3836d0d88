// Room service throughput and latency against a bare node:http baseline, in one run.
//
//   npm run bench:server   (BENCH_DURATION_S=3, BENCH_RUNS=3, BENCH_CONNECTIONS=10, BENCH_ROOMS=1000,
//                           BENCH_MEMORY_ROOMS=10000)
//
// server/bench/host.ts runs in a child process and serves both the room service (SQLite store,
// 1,000 live rooms) and a bare server that answers the same bytes; autocannon, here, loads each
// in turn on 127.0.0.1, BENCH_RUNS times, and the medians are reported. With taskset and two
// CPUs or more, the host and the load generator get a CPU each: otherwise the bare server and
// autocannon fight for one and the baseline says more about the machine than about the server.
// Ratios are service / baseline from this same run, so they compare across machines better than
// absolute numbers do.
import { execFileSync, fork } from 'node:child_process'
import os from 'node:os'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchTarget, HostReady } from '../server/bench/host.ts'

interface AutocannonOptions {
  url: string
  method: 'POST'
  headers: Record<string, string>
  body: string
  connections: number
  duration: number
  pipelining: number
}

interface AutocannonResult {
  requests: { average: number; total: number }
  latency: { p99: number; average: number }
  non2xx: number
  errors: number
  timeouts: number
}

/** What autocannon returns without a callback: an event emitter that is also a promise. */
interface AutocannonRun extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void
}

type Autocannon = (opts: AutocannonOptions) => AutocannonRun

interface Measured {
  result: AutocannonResult
  /** From the per-response times (autocannon's own percentiles are whole milliseconds). */
  p99Ms: number
}

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon

const here = path.dirname(fileURLToPath(import.meta.url))
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 3)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const WARMUP_S = 1

/** Pins this process to CPU 0 and returns how to start the host on CPU 1; null where that is not possible. */
function pinning(): { execPath: string; execArgv: string[] } | null {
  if (os.availableParallelism() < 2) return null
  try {
    execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' })
  } catch {
    return null
  }
  return { execPath: 'taskset', execArgv: ['-c', '1', process.execPath] }
}

function startHost(pinned: ReturnType<typeof pinning>): Promise<{ ready: HostReady; stop: () => Promise<void> }> {
  const child = fork(path.join(here, '..', 'server', 'bench', 'host.ts'), [], {
    ...(pinned ? { execPath: pinned.execPath } : {}),
    execArgv: [...(pinned?.execArgv ?? []), ...process.execArgv, '--expose-gc'],
    env: { ...process.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench host exited with ${code}`)))
    child.once('message', (msg) => {
      const ready = msg as HostReady
      if (ready.type !== 'ready') {
        reject(new Error('unexpected message from bench host'))
        return
      }
      child.removeAllListeners('exit')
      resolve({
        ready,
        stop: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done())
            child.send({ type: 'stop' })
          }),
      })
    })
  })
}

async function load(port: number, target: BenchTarget, duration: number): Promise<Measured> {
  const run = autocannon({
    url: `http://127.0.0.1:${port}${target.path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: target.body,
    connections: CONNECTIONS,
    duration,
    pipelining: 1,
  })
  let times = new Float64Array(1 << 16)
  let n = 0
  run.on('response', (_client, status, _bytes, ms) => {
    if (status < 200 || status >= 300) return
    if (n === times.length) {
      const bigger = new Float64Array(times.length * 2)
      bigger.set(times)
      times = bigger
    }
    times[n++] = ms
  })
  const result = await run
  const sorted = times.subarray(0, n).sort()
  return { result, p99Ms: n > 0 ? sorted[Math.min(n - 1, Math.ceil(n * 0.99) - 1)] : NaN }
}

/** The run with the median throughput, and the median p99 of all runs. */
function median(runs: Measured[]): Measured {
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const byThroughput = [...runs].sort((a, b) => a.result.requests.average - b.result.requests.average)
  return { result: byThroughput[Math.floor(runs.length / 2)].result, p99Ms: mid(runs.map((r) => r.p99Ms)) }
}

interface Row {
  endpoint: string
  service: Measured
  bare: Measured
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

function printTable(rows: Row[]): void {
  const header = ['endpoint', 'service req/s', 'bare req/s', 'throughput ratio', 'service p99 ms', 'bare p99 ms', 'p99 ratio']
  const lines = rows.map((r) => [
    r.endpoint,
    fmt(r.service.result.requests.average),
    fmt(r.bare.result.requests.average),
    fmt(r.service.result.requests.average / r.bare.result.requests.average, 3),
    fmt(r.service.p99Ms, 2),
    fmt(r.bare.p99Ms, 2),
    fmt(r.service.p99Ms / r.bare.p99Ms, 2),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const row = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`
  console.log(row(header))
  console.log(`|${widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`)
  for (const l of lines) console.log(row(l))
}

async function main(): Promise<void> {
  const pinned = pinning()
  const { ready, stop } = await startHost(pinned)
  try {
    console.log(
      `room service benchmark: ${fmt(ready.rooms)} live rooms (SQLite store, logging at info), ${CONNECTIONS} connections, ` +
        `median of ${RUNS} runs of ${DURATION_S} s after ${WARMUP_S} s warm-up, loopback, node ${process.version}, ` +
        `${pinned ? 'host and load generator on a CPU each' : 'CPUs shared (no taskset or one CPU)'}\n`,
    )
    const rows: Row[] = []
    for (const target of ready.targets) {
      const runs: Record<'bare' | 'service', Measured[]> = { bare: [], service: [] }
      for (let i = 0; i < RUNS; i++) {
        for (const kind of ['bare', 'service'] as const) {
          const port = kind === 'bare' ? ready.barePort : ready.servicePort
          await load(port, target, WARMUP_S)
          const measured = await load(port, target, DURATION_S)
          const { non2xx, errors, timeouts } = measured.result
          if (non2xx > 0 || errors > 0 || timeouts > 0) {
            throw new Error(`${kind} ${target.name}: ${non2xx} non-2xx, ${errors} errors, ${timeouts} timeouts`)
          }
          runs[kind].push(measured)
        }
      }
      const endpoint = target.name === 'get_room_list' ? 'get_room_list (cnt 20)' : target.name
      rows.push({ endpoint, service: median(runs.service), bare: median(runs.bare) })
    }
    printTable(rows)
    console.log(
      `\nmemory per live room (room + creator pusher + 1 viewer, over ${fmt(ready.memoryRooms * 0.9)} rooms, after GC): ` +
        `JS heap ${fmt(ready.heapBytesPerRoom)} B, RSS ${fmt(ready.rssBytesPerRoom)} B, SQLite file ${fmt(ready.diskBytesPerRoom)} B ` +
        `(rooms live in SQLite, not in the JS heap; RSS includes SQLite's page cache)`,
    )
  } finally {
    await stop()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
