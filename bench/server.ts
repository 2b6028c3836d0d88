// Room service throughput and latency against a bare node:http baseline, in one run.
//
//   npm run bench:server        (BENCH_DURATION_S=3, BENCH_CONNECTIONS=10, BENCH_ROOMS=1000)
//
// server/bench/host.ts runs in a child process and serves both the room service (SQLite store,
// 1,000 live rooms) and a bare server that answers the same bytes; autocannon, here, loads each
// in turn on 127.0.0.1. Ratios are service / baseline from this same run, so they compare
// across machines better than absolute numbers do.
import { fork } from 'node:child_process'
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
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const WARMUP_S = 1

function startHost(): Promise<{ ready: HostReady; stop: () => Promise<void> }> {
  const child = fork(path.join(here, '..', 'server', 'bench', 'host.ts'), [], {
    execArgv: [...process.execArgv, '--expose-gc'],
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
  const { ready, stop } = await startHost()
  try {
    console.log(
      `room service benchmark: ${ready.rooms} live rooms (SQLite store), ${CONNECTIONS} connections, ` +
        `${DURATION_S} s per run after ${WARMUP_S} s warm-up, loopback, node ${process.version}\n`,
    )
    const rows: Row[] = []
    for (const target of ready.targets) {
      const runs: Partial<Record<'bare' | 'service', Measured>> = {}
      for (const kind of ['bare', 'service'] as const) {
        const port = kind === 'bare' ? ready.barePort : ready.servicePort
        await load(port, target, WARMUP_S)
        const measured = await load(port, target, DURATION_S)
        const { non2xx, errors, timeouts } = measured.result
        if (non2xx > 0 || errors > 0 || timeouts > 0) {
          throw new Error(`${kind} ${target.name}: ${non2xx} non-2xx, ${errors} errors, ${timeouts} timeouts`)
        }
        runs[kind] = measured
      }
      const endpoint = target.name === 'get_room_list' ? 'get_room_list (cnt 20)' : target.name
      rows.push({ endpoint, service: runs.service as Measured, bare: runs.bare as Measured })
    }
    printTable(rows)
    console.log(
      `\nmemory per live room (room + creator pusher + 1 viewer, after GC): ` +
        `heap ${fmt(ready.heapBytesPerRoom)} B, RSS ${fmt(ready.rssBytesPerRoom)} B, ` +
        `SQLite file + WAL ${fmt(ready.diskBytesPerRoom)} B ` +
        `(SQLite keeps rooms outside the JS heap; the RSS delta varies from run to run)`,
    )
  } finally {
    await stop()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
