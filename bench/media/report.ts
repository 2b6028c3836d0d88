// The results table: figures, ours against the baseline of the same run.
import type { StreamCpu } from './cpu.ts'
import type { Delay, Delays } from './delay.ts'
import type { FirstFrame } from './firstFrame.ts'
import type { Protocol } from './mediaServer.ts'
import type { MixRun } from './mix.ts'
import { CPU_STREAMS, DELAY_SESSIONS, RUNS, VIEWERS, VIEWERS_MEASURED, WINDOW_S } from './settings.ts'
import { median, quantile } from './stats.ts'

export interface Results {
  firstFrame: Record<Protocol | 'baseline', FirstFrame[]>
  join: { flv: number[]; baseline: number[] }
  delay: Delays
  cpu: StreamCpu
  relay: number
  mix: MixRun
  transcode: MixRun
}

const PROTOCOL_NAME: Record<Protocol, string> = { rtmp: 'RTMP', flv: 'HTTP-FLV' }

export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '–'
  // No "-0" for a value that rounds to zero.
  if (Number(n.toFixed(digits)) === 0) n = 0
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

export const pct = (share: number) => `${fmt(share * 100, 1)} %`
const spread = (xs: readonly number[]) => `${fmt(median(xs))} [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]`
const ratio = (a: number, b: number) => fmt(a / b, 2)
const delayCell = (d: Delay) => `${fmt(median(d.samples))} / ${fmt(quantile(d.samples, 0.9))}`
const delayRatio = (d: Delay, base: Delay) =>
  `${ratio(median(d.samples), median(base.samples))} / ${ratio(quantile(d.samples, 0.9), quantile(base.samples, 0.9))}`

type Row = [figure: string, ours: string, baseline: string, ratio: string, baselineIs: string]

export function printTable(rows: readonly Row[]): void {
  const header: Row = ['figure', 'ours', 'baseline', 'ours / baseline', 'baseline is']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const left = (i: number) => i === 0 || i === 4
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((w, i) => (left(i) ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`)
  for (const r of rows) console.log(line(r))
}

export function rows(r: Results): Row[] {
  const ff = (k: keyof Results['firstFrame'], pick: (f: FirstFrame) => number) => r.firstFrame[k].map(pick)
  const listener = 'ffmpeg -listen player, no media server'
  const transcode = 'same mixer, no co-anchor (transcode)'
  const out: Row[] = []
  const firstFrameRow = (p: Protocol, what: string, pick: (f: FirstFrame) => number): Row => {
    const ours = ff(p, pick)
    const base = ff('baseline', pick)
    return [`first frame after ${what}, ${PROTOCOL_NAME[p]} play, ms: median [min–max] of ${RUNS}`, spread(ours), spread(base), ratio(median(ours), median(base)), listener]
  }
  for (const p of ['rtmp', 'flv'] as const) out.push(firstFrameRow(p, 'publish start (pusher spawned)', (f) => f.ms))
  for (const p of ['rtmp', 'flv'] as const) out.push(firstFrameRow(p, "the pusher's first frame sent", (f) => f.afterSentMs))
  out.push([`first frame on joining a live stream, HTTP-FLV play, ms: median [min–max] of ${RUNS}`, spread(r.join.flv), spread(r.join.baseline), ratio(median(r.join.flv), median(r.join.baseline)), 'the same player fed the same bytes from memory'])
  for (const p of ['rtmp', 'flv'] as const) {
    const d = r.delay.pooled
    out.push([`end-to-end delay, ${PROTOCOL_NAME[p]} play, ms: median / p90 over ${DELAY_SESSIONS} × ${fmt(WINDOW_S / DELAY_SESSIONS, 1)} s`, delayCell(d[p]), delayCell(d.baseline), delayRatio(d[p], d.baseline), listener])
  }
  out.push([`end-to-end delay through the mix (1 co-anchor), HTTP-FLV, ms: median / p90 over ${WINDOW_S} s`, delayCell(r.mix.delay), delayCell(r.transcode.delay), delayRatio(r.mix.delay, r.transcode.delay), transcode])
  out.push(['mix start: mix() called to mix published, ms', fmt(r.mix.startMs), fmt(r.transcode.startMs), ratio(r.mix.startMs, r.transcode.startMs), transcode])
  const withStreams = (r.cpu.streams[0] + r.cpu.streams[1]) / 2
  const perStream = (withStreams - r.cpu.idle) / CPU_STREAMS
  const perViewers = ((r.cpu.withViewers - withStreams) * VIEWERS) / VIEWERS_MEASURED
  out.push([`CPU per pushed stream (media child, over ${CPU_STREAMS}), % of one core`, pct(perStream), pct(r.relay), ratio(perStream, r.relay), 'an ffmpeg -listen relay per stream, -c copy'])
  out.push([`CPU per ${VIEWERS} HTTP-FLV viewers (media child, over ${VIEWERS_MEASURED}), % of one core`, pct(perViewers), '–', '–', 'none'])
  out.push(['CPU per mix, 1 co-anchor (mixer ffmpeg), % of one core', pct(r.mix.cpu), pct(r.transcode.cpu), ratio(r.mix.cpu, r.transcode.cpu), transcode])
  return out
}
