// First frame on joining a stream that is already live, over HTTP-FLV, against the same player fed
// from memory.
import fs from 'node:fs'
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import type { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { nextStream, playUrl, pushUrl, type Media } from './mediaServer.ts'
import { startPlayer } from './player.ts'
import { startPusher } from './pusher.ts'
import { FIRST_FRAME_TIMEOUT_MS, RUNS, WARMUP_S } from './settings.ts'
import { until, withTimeout } from './wait.ts'

/** read(2)'s number, to see in /proc/<pid>/syscall that a process waits on its stdin. */
const READ_SYSCALL: Partial<Record<string, number>> = { x64: 0, arm64: 63 }

/** Resolves once ffmpeg is up and blocked reading its stdin (after 1.5 s where that cannot be seen). */
async function waitForStdinRead(pid: number): Promise<void> {
  const read = READ_SYSCALL[process.arch]
  if (read === undefined) return sleep(1_500)
  const reading = () => {
    try {
      const [nr, fd] = fs.readFileSync(`/proc/${pid}/syscall`, 'utf8').split(' ')
      return Number(nr) === read && fd === '0x0'
    } catch {
      return false
    }
  }
  await until('the player to wait on its stdin', reading, 5_000)
}

/** Starts feeding FLV bytes into `sink`; returns how to stop. */
type Feed = (sink: Writable) => () => void

function feedFromUrl(url: string): Feed {
  return (sink) => {
    const req = http.get(url, { agent: false }, (res) => res.pipe(sink))
    req.on('error', () => undefined)
    return () => req.destroy()
  }
}

function feedFromBytes(bytes: Buffer): Feed {
  return (sink) => {
    sink.write(bytes)
    return () => undefined
  }
}

/** The first `ms` of what a viewer joining over HTTP-FLV receives. */
async function captureJoin(url: string, ms: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  const req = http.get(url, { agent: false }, (res) => res.on('data', (c: Buffer) => chunks.push(c)))
  req.on('error', () => undefined)
  await sleep(ms)
  req.destroy()
  const bytes = Buffer.concat(chunks)
  if (bytes.length === 0) throw new Error(`nothing received from ${url}`)
  return bytes
}

/**
 * Time to the first decoded frame of what `feed` delivers, to a player started beforehand on its
 * stdin, so that ffmpeg's own start-up (hundreds of ms on a busy machine) is not timed.
 */
async function firstFrameFromFeed(feed: Feed): Promise<number> {
  const player = startPlayer(['-f', 'flv', '-i', 'pipe:0'], ['pipe', 'pipe', 'pipe'])
  const stdin = player.proc.child.stdin
  if (!stdin) throw new Error('player has no stdin')
  stdin.on('error', () => undefined)
  let stopFeed: (() => void) | undefined
  try {
    await waitForStdinRead(player.proc.pid)
    const started = performance.now()
    stopFeed = feed(stdin)
    const first = await withTimeout(player.firstFrame, FIRST_FRAME_TIMEOUT_MS, 'the first frame')
    return first.at - started
  } finally {
    stopFeed?.()
    await player.proc.stop()
  }
}

/**
 * Viewers joining a stream that is already live over HTTP-FLV (node-media-server sends its GOP
 * cache), and the baseline: the same player fed, at once from memory, the very bytes a viewer got.
 */
export async function joinTimes(media: Media): Promise<{ flv: number[]; baseline: number[] }> {
  const stream = nextStream('join')
  const pusher = startPusher(pushUrl(media.urls, stream))
  const url = () => playUrl(media.urls, stream, 'flv')
  const times = { flv: [] as number[], baseline: [] as number[] }
  try {
    await sleep(WARMUP_S * 1000)
    const bytes = await captureJoin(url(), 1_000)
    for (let i = 0; i < RUNS; i++) {
      times.flv.push(await firstFrameFromFeed(feedFromUrl(url())))
      times.baseline.push(await firstFrameFromFeed(feedFromBytes(bytes)))
    }
  } finally {
    await pusher.proc.stop()
  }
  return times
}
