// CPU of carrying streams: the media server child with pushed streams and viewers, against an
// ffmpeg -c copy relay per stream.
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { nextStream, playUrl, pushUrl, type Media } from './mediaServer.ts'
import { freePort, untilListening } from './net.ts'
import { awaitReady, cpuShare, startProc, stopAll, type Proc } from './processes.ts'
import { startPusher, type Pusher } from './pusher.ts'
import { CPU_STREAMS, FFMPEG, FIRST_FRAME_TIMEOUT_MS, VIEWERS_MEASURED, WARMUP_S, WINDOW_S } from './settings.ts'
import { until } from './wait.ts'

export interface StreamCpu {
  idle: number
  /** With CPU_STREAMS pushed streams: before and after the viewers' window. */
  streams: [number, number]
  /** With CPU_STREAMS pushed streams and VIEWERS_MEASURED viewers of one of them. */
  withViewers: number
  /** Bytes per second each viewer received. */
  viewerRates: number[]
}

/** HTTP-FLV viewers that read and discard: the media server's side of a viewer, without a decoder. */
function startViewers(url: string, n: number): { bytes: number[]; stop(): void } {
  const bytes = new Array<number>(n).fill(0)
  const requests = bytes.map((_, i) =>
    http.get(url, { agent: false }, (res) => {
      res.on('data', (chunk: Buffer) => {
        bytes[i] += chunk.length
      })
      res.on('error', () => undefined)
    }),
  )
  for (const r of requests) r.on('error', () => undefined)
  return { bytes, stop: () => requests.forEach((r) => r.destroy()) }
}

export async function streamCpu(media: Media): Promise<StreamCpu> {
  // Let the media server settle after the streams before (their sessions end, garbage is collected).
  await sleep(WARMUP_S * 1000)
  const idle = await cpuShare(media.pid, WINDOW_S)
  const streams = Array.from({ length: CPU_STREAMS }, () => nextStream('cpu'))
  const pushers = streams.map((s) => startPusher(pushUrl(media.urls, s)))
  try {
    await until('the publishes', () => streams.every((s) => media.events.isLive(s)), FIRST_FRAME_TIMEOUT_MS)
    await sleep(WARMUP_S * 1000)
    const before = await cpuShare(media.pid, WINDOW_S)
    const viewers = startViewers(playUrl(media.urls, streams[0], 'flv'), VIEWERS_MEASURED)
    let withViewers: number
    let viewerRates: number[]
    try {
      await sleep(WARMUP_S * 1000)
      const bytesBefore = [...viewers.bytes]
      const t0 = performance.now()
      withViewers = await cpuShare(media.pid, WINDOW_S)
      const seconds = (performance.now() - t0) / 1000
      viewerRates = viewers.bytes.map((b, i) => (b - bytesBefore[i]) / seconds)
    } finally {
      viewers.stop()
    }
    await sleep(WARMUP_S * 1000)
    const after = await cpuShare(media.pid, WINDOW_S)
    return { idle, streams: [before, after], withViewers, viewerRates }
  } finally {
    await stopAll(...pushers)
  }
}

/** ffmpeg as an RTMP server copying what it receives to a pipe, with a pusher publishing to it. */
async function startRelay(): Promise<{ relay: Proc; pusher: Pusher }> {
  const port = await freePort()
  const url = `rtmp://127.0.0.1:${port}/live/relay`
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-listen', '1', '-i', url, '-map', '0', '-c', 'copy', '-f', 'flv', 'pipe:1']
  const relay = startProc(FFMPEG, args, ['ignore', 'ignore', 'pipe'])
  await awaitReady(relay, () => untilListening(port))
  return { relay, pusher: startPusher(url) }
}

/** The baseline for carrying streams: one ffmpeg relay per stream, their CPU together per stream. */
export async function relayCpu(): Promise<number> {
  const relays: Array<{ relay: Proc; pusher: Pusher }> = []
  try {
    for (let i = 0; i < CPU_STREAMS; i++) relays.push(await startRelay())
    await sleep(WARMUP_S * 1000)
    return (await cpuShare(relays.map((r) => r.relay.pid), WINDOW_S)) / CPU_STREAMS
  } finally {
    await stopAll(...relays.map((r) => r.pusher), ...relays.map((r) => ({ proc: r.relay })))
  }
}
