// The benchmark's tables: throughput and p99 against bare node:http from the same run, CPU per
// request; memory per live room and per viewer.
import type { MemoryCost } from '../server/bench/fixtures.ts'

export interface Row {
  connections: number
  endpoint: string
  server: string
  reqPerS: number
  /** Throughput over bare node:http's in the same round. */
  ratio: number
  p99Ms: number
  /** CPU of the serving process per answered request, µs. */
  cpuUs: number
  /** CPU of redis-server per answered request, µs (undefined when not on Redis). */
  redisCpuUs?: number
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-'
}

function table(header: string[], lines: string[][], leftColumns: number): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const row = (cells: string[]) => `| ${cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`
  const rule = `|${widths.map((w, i) => (i < leftColumns ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`
  return [row(header), rule, ...lines.map(row)].join('\n')
}

export function throughputTable(rows: readonly Row[]): string {
  return table(
    ['conns', 'endpoint', 'server', 'req/s', 'x bare', 'p99 ms', 'CPU µs/req', 'redis µs/req'],
    rows.map((r) => [
      String(r.connections),
      r.endpoint,
      r.server,
      fmt(r.reqPerS),
      fmt(r.ratio, 3),
      fmt(r.p99Ms, 2),
      fmt(r.cpuUs),
      r.redisCpuUs === undefined ? '' : fmt(r.redisCpuUs),
    ]),
    3,
  )
}

export function memoryTable(costs: readonly MemoryCost[]): string {
  return table(
    ['store', 'JS heap / room', 'JS heap / viewer', 'store / room', 'store / viewer'],
    costs.map((c) => [c.store, ...[c.heapPerRoom, c.heapPerViewer, c.storePerRoom, c.storePerViewer].map((b) => `${fmt(b)} B`)]),
    1,
  )
}
