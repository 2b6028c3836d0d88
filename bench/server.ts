// Room service throughput, latency and CPU per request against bare node:http and a Fastify
// "ceiling" (one SQLite UPDATE per request), all in one run; memory per live room and per viewer.
//
//   npm run bench:server   (BENCH_DURATION_S=3, BENCH_RUNS=3, BENCH_CONNECTIONS=10,100,
//                           BENCH_ROOMS=1000, BENCH_BIG_VIEWERS=10000)
//
// server/bench/host.ts runs in a child process and serves the room service on SQLite and (with
// redis-server on PATH) on Redis, both with the same rooms (every 100th with 10k viewers, the
// others with 10), and the baselines answering the same bytes; autocannon, here, loads each in
// turn on 127.0.0.1, after a warm-up that no figure includes, BENCH_RUNS times (medians reported).
// With taskset and two CPUs or more, the host and the load generator get a CPU each (redis-server
// shares the host's: the serving side has one CPU in all). Ratios are against bare node:http from
// this same run, so they compare across machines better than absolute numbers do.
import { execFileSync, fork, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchTarget, HostCpu, HostReady } from '../server/bench/host.ts'
import { load, middle } from './serverLoad.ts'
import { memoryTable, throughputTable, type Row } from './serverReport.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 3)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,100').split(',').map(Number)
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

function startHost(pinned: ReturnType<typeof pinning>): Promise<{ child: ChildProcess; ready: HostReady }> {
  const child = fork(path.join(here, '..', 'server', 'bench', 'host.ts'), [], {
    ...(pinned ? { execPath: pinned.execPath } : {}),
    execArgv: [...(pinned?.execArgv ?? []), ...process.execArgv, '--expose-gc'],
    env: { ...process.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench host exited with ${code}`)))
    child.once('message', (msg) => {
      child.removeAllListeners('exit')
      const ready = msg as HostReady
      if (ready.type === 'ready') resolve({ child, ready })
      else reject(new Error('unexpected message from bench host'))
    })
  })
}

function hostCpu(child: ChildProcess): Promise<HostCpu> {
  return new Promise((resolve) => {
    child.once('message', (msg) => resolve(msg as HostCpu))
    child.send({ type: 'cpu' })
  })
}

interface Run {
  reqPerS: number
  p99Ms: number
  cpuUs: number
  redisUs: number
}

/** One run after a warm-up, with the host's CPU time per answered request. */
async function runOnce(child: ChildProcess, target: BenchTarget, connections: number): Promise<Run> {
  await load(target, connections, WARMUP_S)
  const before = await hostCpu(child)
  const m = await load(target, connections, DURATION_S)
  const after = await hostCpu(child)
  if (m.failures > 0) throw new Error(`${target.server} ${target.endpoint}: ${m.failures} failed requests`)
  return { reqPerS: m.reqPerS, p99Ms: m.p99Ms, cpuUs: (after.hostUs - before.hostUs) / m.answered, redisUs: (after.redisUs - before.redisUs) / m.answered }
}

/**
 * The targets of one endpoint (bare first), in rounds: each round runs every target once, so
 * that a machine that slows down for a while slows all of a round alike. Ratios are per round.
 */
async function measureGroup(child: ChildProcess, group: readonly BenchTarget[], connections: number): Promise<Row[]> {
  const runs = group.map((): Run[] => [])
  for (let round = 0; round < RUNS; round++) {
    for (const [i, target] of group.entries()) {
      runs[i].push(await runOnce(child, target, connections))
      process.stderr.write('.')
    }
  }
  return group.map((target, i) => ({
    connections,
    endpoint: target.endpoint,
    server: target.server,
    reqPerS: middle(runs[i].map((r) => r.reqPerS)),
    ratio: middle(runs[i].map((r, round) => r.reqPerS / runs[0][round].reqPerS)),
    p99Ms: middle(runs[i].map((r) => r.p99Ms)),
    cpuUs: middle(runs[i].map((r) => r.cpuUs)),
    redisCpuUs: target.server === 'redis' ? middle(runs[i].map((r) => r.redisUs)) : undefined,
  }))
}

/** Targets by URL path: the baselines answer each path once, for all its targets. */
function groups(targets: readonly BenchTarget[]): BenchTarget[][] {
  const byPath = new Map<string, BenchTarget[]>()
  for (const t of targets) {
    const key = t.path.split('?')[0]
    byPath.set(key, [...(byPath.get(key) ?? []), t])
  }
  return [...byPath.values()]
}

async function main(): Promise<void> {
  const pinned = pinning()
  const { child, ready } = await startHost(pinned)
  const a = ready.audiences
  try {
    console.log(
      `room service benchmark: ${a.rooms} live rooms (every ${a.bigEvery}th with ${a.bigViewers} viewers, the others ${a.smallViewers}), ` +
        `logging at info, median of ${RUNS} rounds of ${DURATION_S} s runs after ${WARMUP_S} s warm-up, loopback, node ${process.version}, ` +
        `${pinned ? 'host and load generator on a CPU each' : 'CPUs shared (no taskset or one CPU)'}\n`,
    )
    const rows: Row[] = []
    for (const connections of CONNECTIONS) {
      for (const group of groups(ready.targets)) rows.push(...(await measureGroup(child, group, connections)))
    }
    process.stderr.write('\n')
    console.log(throughputTable(rows))
    console.log(`\nmemory per live room (room + creator as pusher) and per viewer, as ${a.rooms} rooms and their viewers were added:\n`)
    console.log(memoryTable(ready.memory))
  } finally {
    await new Promise<void>((done) => {
      child.once('exit', () => done())
      child.send({ type: 'stop' })
    })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
