// One load run with autocannon: throughput, p99 from every response's own time (autocannon's
// percentiles are whole milliseconds), and failures.
import { createRequire } from 'node:module'

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
  non2xx: number
  errors: number
  timeouts: number
}

/** What autocannon returns without a callback: an event emitter that is also a promise. */
interface AutocannonRun extends PromiseLike<AutocannonResult> {
  on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): void
}

const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AutocannonOptions) => AutocannonRun

export interface LoadTarget {
  port: number
  path: string
  body: string
}

export interface Measured {
  reqPerS: number
  /** 2xx answers. */
  answered: number
  p99Ms: number
  failures: number
}

export async function load(target: LoadTarget, connections: number, durationS: number): Promise<Measured> {
  const run = autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: target.body,
    connections,
    duration: durationS,
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
  return {
    reqPerS: result.requests.average,
    answered: n,
    p99Ms: n > 0 ? sorted[Math.min(n - 1, Math.ceil(n * 0.99) - 1)] : NaN,
    failures: result.non2xx + result.errors + result.timeouts,
  }
}

/** The middle value (the upper one of an even count). */
export function middle(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
}
