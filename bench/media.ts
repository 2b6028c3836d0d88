// The embedded media path under load, against ffmpeg alone, in one run:
//
//   npm run bench:media   (BENCH_MEDIA_RUNS=5 first-frame runs per path, BENCH_MEDIA_WINDOW_S=10 s per
//                          delay or CPU window, BENCH_MEDIA_DEADLINE_S=360 before it gives up)
//
// A pusher (ffmpeg -re: testsrc2 360x640 at 15 fps, x264 zerolatency, GOP 15, plus a tone in AAC)
// publishes to the embedded media server (server/media/embedded.ts, node-media-server in its own
// process) on the URL the service signs (server/streams/rtmp.ts); players are ffmpeg decoders on
// the RTMP and HTTP-FLV play URLs. Every pushed frame carries its own number as 16 black/white
// stripes (bit k of the frame number in stripe k), which the player reads back from each decoded
// frame: a frame's delay is when the player decoded it minus when the pusher's -re clock sent it.
// The pusher's own progress reports (-progress) tell when that clock started.
//
// Baselines from the same run: an ffmpeg player that is itself the RTMP server (ffmpeg -listen 1,
// the same decoder with no media server in between) for first-frame time and delay; the same
// player fed a local FLV file for joining a live stream; an ffmpeg "-c copy" relay per stream for
// the CPU of carrying streams; the same mixer with no co-anchor (a plain transcode) for the mix.
// Ratios are ours / baseline.
//
// Everything listens on free loopback ports; every child (media server, pushers, players, the
// mixer's ffmpeg) is stopped at the end, on an error, on Ctrl-C, or when the deadline passes.
import { execFileSync, spawn, type ChildProcess, type StdioOptions } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Writable } from 'node:stream'
import { setTimeout as sleep } from 'node:timers/promises'
import { pino } from 'pino'
import { loadConfig } from '../server/config.ts'
import { EmbeddedMediaServer } from '../server/media/embedded.ts'
import { MediaEvents } from '../server/media/events.ts'
import { FfmpegMixer } from '../server/mix/ffmpeg.ts'
import { layoutMix } from '../server/mix/layout.ts'
import { mixStreamName, streamNameFor } from '../server/streams/names.ts'
import { RtmpStreamUrls } from '../server/streams/rtmp.ts'

const RUNS = Number(process.env.BENCH_MEDIA_RUNS ?? 5)
const WINDOW_S = Number(process.env.BENCH_MEDIA_WINDOW_S ?? 10)
const DEADLINE_S = Number(process.env.BENCH_MEDIA_DEADLINE_S ?? 360)
/** Before a delay or CPU window: the pipeline settles (GOP-cache burst, probing, start-up). */
const WARMUP_S = 2
const VIEWERS = 10
/** Viewers the CPU per VIEWERS is measured with (more, for a signal above the noise). */
const VIEWERS_MEASURED = 30
/** Sessions the delay window is split over. */
const DELAY_SESSIONS = 5
/** Pushed streams the CPU per stream is measured over (and divided by). */
const CPU_STREAMS = 3
const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg'
const SDKAPPID = 1400000000

// The pushed picture, and where its frame number is drawn.
const FPS = 15
const WIDTH = 360
const HEIGHT = 640
const CODE_BITS = 16
/** The stripes band: rows CODE_Y .. CODE_Y + CODE_HEIGHT of the picture (above the co-anchor window of a mix). */
const CODE_Y = 304
const CODE_HEIGHT = 32
/** Players decode only the middle of the band, as 8-bit gray. */
const CROP_Y = CODE_Y + 8
const CROP_HEIGHT = 16
const CROP_BYTES = WIDTH * CROP_HEIGHT
/** After a player's TCP connection: time for its request (HTTP GET, or RTMP handshake, connect and play). */
const PLAY_REQUEST_MS = 200
const FIRST_FRAME_TIMEOUT_MS = 10_000

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2))

// ---------------------------------------------------------------------------------------------
// Child processes: all tracked, all stopped at the end.

interface Proc {
  child: ChildProcess
  pid: number
  exited: Promise<void>
  /** The last lines it wrote to stderr. */
  stderrTail(): string
  /** SIGTERM, then SIGKILL after 2 s; resolves once it has exited. */
  stop(): Promise<void>
}

const procs = new Set<Proc>()
/** Set by cleanup(): nothing new is started while (or after) everything is being stopped. */
let stopping = false

function start(command: string, args: readonly string[], stdio: StdioOptions = ['ignore', 'pipe', 'pipe']): Proc {
  if (stopping) throw new Error('the benchmark is stopping')
  const child = spawn(command, args, { stdio })
  if (child.pid === undefined) throw new Error(`could not start ${command}`)
  let tail = ''
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    tail = (tail + d).slice(-2000)
  })
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const running = () => child.exitCode === null && child.signalCode === null
  const proc: Proc = {
    child,
    pid: child.pid,
    exited,
    stderrTail: () => tail.trim(),
    stop: async () => {
      if (running()) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 2_000)
        await exited
        clearTimeout(timer)
      }
      procs.delete(proc)
    },
  }
  procs.add(proc)
  void exited.then(() => procs.delete(proc))
  return proc
}

/** Pids of this process's children that no handle here knows of (the mixer's ffmpeg, say). */
function childPids(): number[] {
  const pids: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue
    const stat = readStat(Number(entry))
    if (stat && Number(stat[1]) === process.pid) pids.push(Number(entry))
  }
  return pids
}

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, ...]; undefined once it has gone. */
function readStat(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return text.slice(text.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

function cmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
  } catch {
    return []
  }
}

/** CPU time (user + system) a process has used, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readStat(pid)
  if (!stat) throw new Error(`process ${pid} has exited`)
  // utime and stime are fields 14 and 15 of the file, 12 and 13 after the command name.
  return (Number(stat[11]) + Number(stat[12])) / CLK_TCK
}

/** The share of one core some processes use together over `seconds`. */
async function cpuShare(pids: number | readonly number[], seconds: number): Promise<number> {
  const list = typeof pids === 'number' ? [pids] : pids
  const total = () => list.reduce((sum, pid) => sum + cpuSeconds(pid), 0)
  const before = total()
  const t0 = performance.now()
  await sleep(seconds * 1000)
  return (total() - before) / ((performance.now() - t0) / 1000)
}

// ---------------------------------------------------------------------------------------------
// Ports and the media server.

async function freePort(): Promise<number> {
  const srv = net.createServer()
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  const { port } = srv.address() as net.AddressInfo
  await new Promise<void>((resolve) => srv.close(() => resolve()))
  return port
}

/** Rows of /proc/net/tcp, split into columns (local address, remote address, state, ..., inode at 9). */
function tcpRows(): string[][] {
  return fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/).slice(1))
}

/** 127.0.0.1:port as /proc/net/tcp writes it. */
function loopbackAddress(port: number): string {
  return `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`
}

/** Whether something listens on 127.0.0.1:port (connecting to see would use up ffmpeg -listen's one accept). */
function isListening(port: number): boolean {
  const local = loopbackAddress(port)
  return tcpRows().some((cols) => cols[0] === local && cols[2] === '0A')
}

/** Whether a process holds an established TCP connection to 127.0.0.1:port. */
function connectedTo(pid: number, port: number): boolean {
  let fds: string[]
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`)
  } catch {
    return false
  }
  const inodes = new Set<string>()
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))
      if (m) inodes.add(m[1])
    } catch {
      // closed meanwhile
    }
  }
  const remote = loopbackAddress(port)
  return tcpRows().some((cols) => cols[1] === remote && cols[2] === '01' && inodes.has(cols[8]))
}

interface Media {
  server: EmbeddedMediaServer
  events: MediaEvents
  urls: RtmpStreamUrls
  mixer: FfmpegMixer
  /** The pid of the media server child. */
  pid: number
  close(): Promise<void>
}

/** The embedded media server and the ffmpeg mixer, set up as server/media/plugin.ts sets them up. */
async function startMedia(): Promise<Media> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liveroom-bench-media-'))
  const config = loadConfig({
    SDKAPPID: String(SDKAPPID),
    SECRET_KEY: 'bench-secret-key',
    RTMP_SECRET: 'bench-rtmp-secret-0123456789',
    RTMP_PLAY_AUTH: '1',
    HOST: '127.0.0.1',
    MEDIA_RTMP_PORT: String(await freePort()),
    MEDIA_HTTP_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    FFMPEG_PATH: FFMPEG,
  })
  const streams = config.streams
  if (!config.media || streams.mode !== 'rtmp') throw new Error('expected the embedded media configuration')
  const events = new MediaEvents()
  const server = new EmbeddedMediaServer({
    config: {
      bind: config.media.bind,
      rtmpPort: config.media.rtmpPort,
      httpPort: config.media.httpPort,
      dataDir: config.media.dataDir,
      secret: streams.secret,
      sdkAppId: config.sdkAppId,
      playAuth: streams.playAuth,
    },
    events,
    log,
  })
  const urls = new RtmpStreamUrls(streams)
  const mixer = new FfmpegMixer({ ffmpegPath: FFMPEG, urls: (s) => urls.internal(s, Date.now()), events, log })
  try {
    await server.start()
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
  const pid = server.pid
  if (pid === undefined) throw new Error('media server has no pid')
  return {
    server,
    events,
    urls,
    mixer,
    pid,
    close: async () => {
      await mixer.close()
      await server.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Pusher: the stripes-coded test picture, with its clock read from its progress reports.

interface Pusher {
  proc: Proc
  spawnedAt: number
  /**
   * When the pusher's -re clock started, i.e. when frame N was due to be sent minus N / fps, as
   * performance.now() ms: the latest such time its progress reports allow (it sent frame F-1 by
   * the time it reported F frames).
   */
  origin(): number
}

/** geq draws bit k of the frame number N in stripe k, white for 1, black for 0. */
function stripesFilter(): string {
  const bit = `mod(floor(N/pow(2,floor(X*${CODE_BITS}/W))),2)`
  return `color=c=black:s=${WIDTH}x${CODE_HEIGHT}:r=${FPS},format=gray,geq=lum='if(${bit},235,16)',format=yuv420p`
}

/** The test picture with its stripes, and a tone, read at their native rate (-re) as a camera would deliver them. */
function sourceInputs(): string[] {
  const video = `testsrc2=s=${WIDTH}x${HEIGHT}:r=${FPS}[bg];${stripesFilter()}[code];[bg][code]overlay=0:${CODE_Y}:format=yuv420[out0]`
  return ['-re', '-f', 'lavfi', '-i', video, '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100']
}

/** What a phone would send: H.264 (zerolatency, 1 s GOP, 900 kbit/s) and AAC, video first. */
const ENCODE = [
  '-map', '0:v', '-map', '1:a',
  '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', String(FPS), '-pix_fmt', 'yuv420p',
  '-b:v', '900k', '-maxrate', '900k', '-bufsize', '900k',
  '-c:a', 'aac', '-b:a', '64k', '-ar', '44100',
]

/**
 * The pusher sends each message at once (TCP_NODELAY, as librtmp-based pushers do): with Nagle's
 * algorithm on, a write can wait for the receiver's delayed ACK, and a whole session then runs a
 * frame behind, now and then, which would be the pusher's doing, not the path's.
 */
function pusherArgs(url: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-stats_period', '0.05', '-progress', 'pipe:1',
    ...sourceInputs(), ...ENCODE, '-tcp_nodelay', '1', '-f', 'flv', url,
  ]
}

function startPusher(url: string): Pusher {
  const spawnedAt = performance.now()
  const proc = start(FFMPEG, pusherArgs(url))
  let origin = Infinity
  let partial = ''
  proc.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const at = performance.now()
    const lines = (partial + chunk).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) {
      const m = /^frame=(\d+)$/.exec(line.trim())
      if (m && Number(m[1]) > 0) origin = Math.min(origin, at - ((Number(m[1]) - 1) * 1000) / FPS)
    }
  })
  return {
    proc,
    spawnedAt,
    origin: () => {
      if (!Number.isFinite(origin)) throw new Error(`the pusher reported no frame sent: ${proc.stderrTail()}`)
      return origin
    },
  }
}

// ---------------------------------------------------------------------------------------------
// Player: an ffmpeg decoder that hands the stripes band of every frame over as raw gray.

interface Received {
  /** performance.now() ms when the frame came out of the decoder. */
  at: number
  /** The frame number read from its stripes; undefined when they were not clear. */
  frame: number | undefined
}

interface Player {
  proc: Proc
  received: Received[]
  firstFrame: Promise<Received>
}

/**
 * Low-latency input options: probing stops at the first packet past 2 KB (the first keyframe) and
 * the decoder outputs each frame at once. Not -fflags nobuffer: it drops the probed packets, that
 * first keyframe with them, and the player would wait a whole GOP for the next.
 */
const PLAYER_INPUT = ['-flags', 'low_delay', '-probesize', '2048']

function playerArgs(input: readonly string[]): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'error', ...PLAYER_INPUT, ...input,
    '-map', '0:v:0', '-vf', `crop=${WIDTH}:${CROP_HEIGHT}:0:${CROP_Y}`, '-fps_mode', 'passthrough',
    '-f', 'rawvideo', '-pix_fmt', 'gray', '-flush_packets', '1', 'pipe:1',
  ]
}

/** The frame number in a band of stripes, or undefined when a stripe is neither clearly black nor white. */
function readFrameNumber(band: Buffer): number | undefined {
  let n = 0
  for (let k = 0; k < CODE_BITS; k++) {
    const cx = Math.floor(((k + 0.5) * WIDTH) / CODE_BITS)
    let sum = 0
    let count = 0
    for (let y = 3; y < CROP_HEIGHT - 3; y++) {
      for (let x = cx - 4; x <= cx + 4; x++) {
        sum += band[y * WIDTH + x]
        count++
      }
    }
    const mean = sum / count
    if (mean > 64 && mean < 192) return undefined
    if (mean >= 192) n |= 1 << k
  }
  return n
}

function startPlayer(input: readonly string[], stdio?: StdioOptions): Player {
  const proc = start(FFMPEG, playerArgs(input), stdio)
  const received: Received[] = []
  let pending: Buffer = Buffer.alloc(0)
  const firstFrame = new Promise<Received>((resolve, reject) => {
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      const at = performance.now()
      pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk
      while (pending.length >= CROP_BYTES) {
        received.push({ at, frame: readFrameNumber(pending.subarray(0, CROP_BYTES)) })
        pending = pending.subarray(CROP_BYTES)
      }
      if (received.length > 0) resolve(received[0])
    })
    void proc.exited.then(() => reject(new Error(`player exited before its first frame: ${proc.stderrTail() || 'no message'}`)))
  })
  firstFrame.catch(() => undefined)
  return { proc, received, firstFrame }
}

function playUrl(urls: RtmpStreamUrls, stream: string, protocol: Protocol): string {
  const play = urls.play(stream, Date.now())
  return protocol === 'rtmp' ? play.rtmpPlayURL : play.flvPlayURL
}

/** A player on a play URL, once it is connected and has asked for the stream (which need not be live yet). */
async function startPlayerOn(url: string): Promise<Player> {
  const player = startPlayer(['-rw_timeout', '10000000', '-i', url])
  try {
    await until(`the player to connect to ${url}`, () => connectedTo(player.proc.pid, Number(new URL(url).port)), 5_000)
  } catch (err) {
    await player.proc.stop()
    throw err
  }
  // The HTTP request, or RTMP's handshake, connect and play, follow within a few loopback round trips.
  await sleep(PLAY_REQUEST_MS)
  return player
}

/** The baseline player: ffmpeg as the RTMP server the pusher publishes to, once it listens. */
async function startListeningPlayer(): Promise<{ player: Player; pushUrl: string }> {
  const port = await freePort()
  const pushUrl = `rtmp://127.0.0.1:${port}/live/baseline`
  const player = startPlayer(['-listen', '1', '-i', pushUrl])
  try {
    await until(`ffmpeg listening on ${port}`, () => isListening(port), 5_000)
  } catch (err) {
    await player.proc.stop()
    throw err
  }
  return { player, pushUrl }
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!ok()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

const median = (xs: readonly number[]) => quantile(xs, 0.5)

async function stopAll(...items: ReadonlyArray<{ proc: Proc } | undefined>): Promise<void> {
  await Promise.all(items.map((i) => i?.proc.stop()))
}

type Protocol = 'rtmp' | 'flv'
const PROTOCOL_NAME: Record<Protocol, string> = { rtmp: 'RTMP', flv: 'HTTP-FLV' }

let streamCounter = 0
/** A fresh stream name each time: node-media-server keeps an ended publish for 30 s, to resume it. */
function nextStream(label: string): string {
  return streamNameFor(SDKAPPID, `bench_${label}_${++streamCounter}`)
}

// ---------------------------------------------------------------------------------------------
// 1. First frame: the player is already waiting on its URL; the clock starts as the pusher is spawned.

interface FirstFrame {
  ms: number
  /** Spawn to the pusher's first frame sent (its start-up, part of `ms`). */
  pusherStartMs: number
  /** From the pusher's first frame sent to the first frame decoded: the path, the player's probe and decode. */
  afterSentMs: number
  /** The number of the first frame decoded: 0 unless frames were lost before it. */
  frame: number | undefined
}

async function firstFrameOurs(media: Media, protocol: Protocol): Promise<FirstFrame> {
  const stream = nextStream(`ff_${protocol}`)
  const player = await startPlayerOn(playUrl(media.urls, stream, protocol))
  let pusher: Pusher | undefined
  try {
    pusher = startPusher(media.urls.urls(stream, Date.now()).pushURL)
    return await firstFrameOf(pusher, player)
  } finally {
    await stopAll(pusher, player)
  }
}

async function firstFrameBaseline(): Promise<FirstFrame> {
  const { player, pushUrl } = await startListeningPlayer()
  let pusher: Pusher | undefined
  try {
    pusher = startPusher(pushUrl)
    return await firstFrameOf(pusher, player)
  } finally {
    await stopAll(pusher, player)
  }
}

async function firstFrameOf(pusher: Pusher, player: Player): Promise<FirstFrame> {
  const first = await withTimeout(player.firstFrame, FIRST_FRAME_TIMEOUT_MS, 'the first frame')
  // Let the pusher report its clock before it is stopped.
  await sleep(300)
  const origin = pusher.origin()
  return { ms: first.at - pusher.spawnedAt, pusherStartMs: origin - pusher.spawnedAt, afterSentMs: first.at - origin, frame: first.frame }
}

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
async function joinTimes(media: Media): Promise<{ flv: number[]; baseline: number[] }> {
  const stream = nextStream('join')
  const pusher = startPusher(media.urls.urls(stream, Date.now()).pushURL)
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

// ---------------------------------------------------------------------------------------------
// 2. End-to-end delay: decoded at the player minus sent by the pusher's clock, per frame.

interface Delay {
  /** ms, one per decoded frame in the window. */
  samples: number[]
  /** Frames due in the window, and frames decoded with a readable number. */
  expected: number
  readable: number
}

/** Delays of the frames a player decoded during the window [from, to) (performance.now() ms). */
function delaysIn(pusher: Pusher, player: Player, from: number, to: number): Delay {
  const origin = pusher.origin()
  const inWindow = player.received.filter((r) => r.at >= from && r.at < to)
  const readable = inWindow.filter((r): r is Received & { frame: number } => r.frame !== undefined)
  return {
    samples: readable.map((r) => r.at - (origin + (r.frame * 1000) / FPS)),
    expected: Math.round(((to - from) / 1000) * FPS),
    readable: readable.length,
  }
}

/** Once every player has its first frame: warm-up, then `during` (a window of `WINDOW_S` by default), and each player's delays in it. */
async function delayWindow(
  watched: ReadonlyArray<{ pusher: Pusher; player: Player }>,
  during: () => Promise<unknown> = () => sleep(WINDOW_S * 1000),
): Promise<Delay[]> {
  await withTimeout(Promise.all(watched.map((w) => w.player.firstFrame)), FIRST_FRAME_TIMEOUT_MS, 'the first frames')
  await sleep(WARMUP_S * 1000)
  const from = performance.now()
  await during()
  const to = performance.now()
  return watched.map((w) => delaysIn(w.pusher, w.player, from, to))
}

type DelayPaths = Record<Protocol | 'baseline', Delay>

/**
 * One session: RTMP and HTTP-FLV players of one stream on the media server, and the baseline
 * player with a pusher of its own, all over the same window, so that a busy machine slows them alike.
 */
async function delaySession(media: Media, seconds: number): Promise<DelayPaths> {
  const stream = nextStream('delay')
  const started: Array<{ proc: Proc }> = []
  try {
    const rtmp = await startPlayerOn(playUrl(media.urls, stream, 'rtmp'))
    started.push(rtmp)
    const flv = await startPlayerOn(playUrl(media.urls, stream, 'flv'))
    started.push(flv)
    const listening = await startListeningPlayer()
    started.push(listening.player)
    const ours = startPusher(media.urls.urls(stream, Date.now()).pushURL)
    const baseline = startPusher(listening.pushUrl)
    started.push(ours, baseline)
    const watched = [
      { pusher: ours, player: rtmp },
      { pusher: ours, player: flv },
      { pusher: baseline, player: listening.player },
    ]
    const [r, f, b] = await delayWindow(watched, () => sleep(seconds * 1000))
    return { rtmp: r, flv: f, baseline: b }
  } finally {
    await stopAll(...started)
  }
}

interface Delays {
  /** Every session's frames together. */
  pooled: DelayPaths
  /** Sessions in which the path ran half a frame interval or more behind the quickest path of that session (medians). */
  late: Record<Protocol | 'baseline', number>
}

const PATHS = ['rtmp', 'flv', 'baseline'] as const

function pool(parts: readonly Delay[]): Delay {
  return {
    samples: parts.flatMap((d) => d.samples),
    expected: parts.reduce((n, d) => n + d.expected, 0),
    readable: parts.reduce((n, d) => n + d.readable, 0),
  }
}

/**
 * DELAY_SESSIONS sessions of WINDOW_S / DELAY_SESSIONS each, pooled: now and then a whole session
 * (any path, the baseline too) settles exactly one frame late, so one session is not enough.
 */
async function delays(media: Media): Promise<Delays> {
  const sessions: DelayPaths[] = []
  for (let i = 0; i < DELAY_SESSIONS; i++) sessions.push(await delaySession(media, WINDOW_S / DELAY_SESSIONS))
  const lateIn = (p: (typeof PATHS)[number]) =>
    sessions.filter((s) => median(s[p].samples) - Math.min(...PATHS.map((q) => median(s[q].samples))) >= 500 / FPS).length
  const pooled = (p: (typeof PATHS)[number]) => pool(sessions.map((s) => s[p]))
  return {
    pooled: { rtmp: pooled('rtmp'), flv: pooled('flv'), baseline: pooled('baseline') },
    late: { rtmp: lateIn('rtmp'), flv: lateIn('flv'), baseline: lateIn('baseline') },
  }
}

// ---------------------------------------------------------------------------------------------
// 3. CPU.

interface StreamCpu {
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

async function streamCpu(media: Media): Promise<StreamCpu> {
  // Let the media server settle after the streams before (their sessions end, garbage is collected).
  await sleep(WARMUP_S * 1000)
  const idle = await cpuShare(media.pid, WINDOW_S)
  const streams = Array.from({ length: CPU_STREAMS }, () => nextStream('cpu'))
  const pushers = streams.map((s) => startPusher(media.urls.urls(s, Date.now()).pushURL))
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
  const relay = start(FFMPEG, args, ['ignore', 'ignore', 'pipe'])
  try {
    await until(`ffmpeg listening on ${port}`, () => isListening(port), 5_000)
  } catch (err) {
    await relay.stop()
    throw err
  }
  return { relay, pusher: startPusher(url) }
}

/** The baseline for carrying streams: one ffmpeg relay per stream, their CPU together per stream. */
async function relayCpu(): Promise<number> {
  const relays: Array<{ relay: Proc; pusher: Pusher }> = []
  try {
    for (let i = 0; i < CPU_STREAMS; i++) relays.push(await startRelay())
    await sleep(WARMUP_S * 1000)
    return (await cpuShare(relays.map((r) => r.relay.pid), WINDOW_S)) / CPU_STREAMS
  } finally {
    await stopAll(...relays.map((r) => r.pusher), ...relays.map((r) => ({ proc: r.relay })))
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Mix: the mixer over an anchor with one co-anchor, and with none (a plain transcode).

interface MixRun {
  startMs: number
  cpu: number
  delay: Delay
}

/** The mixer's ffmpeg for `mainStream`: the child of this process publishing its mix stream. */
function mixerPid(mainStream: string): number {
  const output = `/${mixStreamName(mainStream)}?`
  const pid = childPids().find((p) => cmdline(p).some((a) => a.includes(output)))
  if (pid === undefined) throw new Error(`no mixer ffmpeg for ${mainStream}`)
  return pid
}

/** Mixes `coAnchors` over `main` while an HTTP-FLV player watches the mix: start time, mixer CPU and delay. */
async function mixRun(media: Media, main: Pusher & { stream: string }, coAnchors: readonly string[]): Promise<MixRun> {
  const player = await startPlayerOn(playUrl(media.urls, mixStreamName(main.stream), 'flv'))
  try {
    const t0 = performance.now()
    await media.mixer.mix(main.stream, layoutMix(main.stream, coAnchors))
    const startMs = performance.now() - t0
    const pid = mixerPid(main.stream)
    let cpu = NaN
    const [delay] = await delayWindow([{ pusher: main, player }], async () => {
      cpu = await cpuShare(pid, WINDOW_S)
    })
    return { startMs, cpu, delay }
  } finally {
    await media.mixer.cancel(main.stream)
    await player.proc.stop()
  }
}

async function mixRuns(media: Media): Promise<{ mix: MixRun; transcode: MixRun }> {
  const pushers = ['anchor', 'coanchor'].map((label) => {
    const stream = nextStream(label)
    return Object.assign(startPusher(media.urls.urls(stream, Date.now()).pushURL), { stream })
  })
  try {
    const [anchor, coAnchor] = pushers
    await until('both streams published', () => pushers.every((p) => media.events.isLive(p.stream)), FIRST_FRAME_TIMEOUT_MS)
    await sleep(WARMUP_S * 1000)
    const mix = await mixRun(media, anchor, [coAnchor.stream])
    // The baseline mixes the other stream, so that the mix stream name is fresh too.
    const transcode = await mixRun(media, coAnchor, [])
    return { mix, transcode }
  } finally {
    await stopAll(...pushers)
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return '–'
  // No "-0" for a value that rounds to zero.
  if (Number(n.toFixed(digits)) === 0) n = 0
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

const pct = (share: number) => `${fmt(share * 100, 1)} %`
const spread = (xs: readonly number[]) => `${fmt(median(xs))} [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]`
const ratio = (a: number, b: number) => fmt(a / b, 2)
const delayCell = (d: Delay) => `${fmt(median(d.samples))} / ${fmt(quantile(d.samples, 0.9))}`
const delayRatio = (d: Delay, base: Delay) =>
  `${ratio(median(d.samples), median(base.samples))} / ${ratio(quantile(d.samples, 0.9), quantile(base.samples, 0.9))}`

type Row = [figure: string, ours: string, baseline: string, ratio: string, baselineIs: string]

function printTable(rows: readonly Row[]): void {
  const header: Row = ['figure', 'ours', 'baseline', 'ours / baseline', 'baseline is']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const left = (i: number) => i === 0 || i === 4
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (left(i) ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((w, i) => (left(i) ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`)
  for (const r of rows) console.log(line(r))
}

interface Results {
  firstFrame: Record<Protocol | 'baseline', FirstFrame[]>
  join: { flv: number[]; baseline: number[] }
  delay: Delays
  cpu: StreamCpu
  relay: number
  mix: MixRun
  transcode: MixRun
}

function rows(r: Results): Row[] {
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

function notes(r: Results): string[] {
  const all = [...r.firstFrame.rtmp, ...r.firstFrame.flv, ...r.firstFrame.baseline]
  const lost = all.filter((f) => f.frame !== 0)
  const pusherStart = (k: keyof Results['firstFrame']) => fmt(median(r.firstFrame[k].map((f) => f.pusherStartMs)))
  const decoded = (d: Delay) => `${d.readable}/${d.expected}`
  const d = r.delay.pooled
  const added = (p: Protocol) => fmt(median(d[p].samples) - median(d.baseline.samples))
  const rate = median(r.cpu.viewerRates)
  return [
    '- First frame after publish start: the player already waits on its URL and the clock starts as the pusher is spawned, so the ' +
      `figure is mostly the pusher's own start-up and RTMP connect/publish (spawn to first frame sent, median: RTMP ${pusherStart('rtmp')} ms, ` +
      `HTTP-FLV ${pusherStart('flv')} ms, baseline ${pusherStart('baseline')} ms; ffmpeg alone takes hundreds of ms to start on a busy ` +
      "machine; the baseline's pusher waits on ffmpeg's own, slower, RTMP server handshake). After the pusher's first frame sent: one " +
      "keyframe through the path, the player's probe (it stops at the first keyframe) and decode; the baseline player, being the " +
      'server, only opens its input as the publish arrives, so part of its set-up falls in there too: a ratio below 1 is that, not a ' +
      'faster path. Frame 0 is a keyframe, so the GOP size does not count here. ' +
      (lost.length === 0
        ? 'Every player decoded frame 0 first.'
        : `${lost.length} of ${all.length} players lost frames before their first (first frame numbers: ${lost.map((f) => f.frame ?? '?').join(', ')}).`),
    '- First frame on joining: a player started beforehand and waiting on its stdin is fed the HTTP-FLV body from the request on, so ' +
      "ffmpeg's start-up is not timed (RTMP needs ffmpeg's own client, so no RTMP row); the baseline feeds it, at once, bytes a viewer " +
      'received earlier in the run: the probe and first decode alone. node-media-server answers with its GOP cache ' +
      `(headers, then the current GOP from its keyframe), so a viewer never waits for the next keyframe (GOP ${FPS} frames = 1 s), but ` +
      'its first picture is up to a GOP old. A mini-program live-player adds its cache on top (min-cache, 1 s by default).',
    `- Delay: per frame, decoded at the player minus sent by the pusher (frame N at the pusher's -re start + N / ${FPS} s, the start ` +
      'read from its progress reports), for RTMP and HTTP-FLV players of one stream and the baseline (with a pusher of its own) over ' +
      `the same window, in ${DELAY_SESSIONS} sessions; frames decoded / due: RTMP ${decoded(d.rtmp)}, HTTP-FLV ${decoded(d.flv)}, ` +
      `baseline ${decoded(d.baseline)}, mix ${decoded(r.mix.delay)}, transcode ${decoded(r.transcode.delay)}. The baseline is what ` +
      "the pusher and the player take by themselves (the pusher's muxer holds each video frame until the AAC frames catch up, " +
      'decoding, the pipes); ours minus baseline (medians) is what the media server adds: ' +
      `RTMP ${added('rtmp')} ms, HTTP-FLV ${added('flv')} ms. Now and then a whole session settles exactly one ` +
      `frame late, on any path; sessions half a frame (${fmt(500 / FPS)} ms) or more behind the quickest path of the same session: ` +
      `RTMP ${r.delay.late.rtmp}, HTTP-FLV ${r.delay.late.flv}, baseline ${r.delay.late.baseline} of ${DELAY_SESSIONS}. ` +
      "A phone's camera, encoder and player buffer are not in it.",
    '- Delay and start of the mix: the mixer probes each input for 2 KB (the media server sends metadata and codec headers ' +
      `first) and publishes within ${fmt(r.transcode.startMs)} ms with one input. Each input starts with the media server's GOP ` +
      "cache (up to a GOP, 1 s here, of frames already sent), and overlay pairs the two inputs' frames by timestamp, so the mix " +
      'runs as far behind as its later input plus a decode, an x264 encode and a second pass through the media server.',
    `- CPU: utime + stime from /proc/<pid>/stat over ${WINDOW_S} s after ${WARMUP_S} s of warm-up. Per stream: the media child ` +
      `with ${CPU_STREAMS} pushed streams (mean of a window before and one after the viewers': ${r.cpu.streams.map(pct).join(', ')}) ` +
      `minus idle (${pct(r.cpu.idle)}), divided by ${CPU_STREAMS}; node-media-server re-frames every message as RTMP and as FLV (GOP ` +
      `cache), where the relay only copies packets. Per viewers: with ${VIEWERS_MEASURED} HTTP-FLV readers of one stream (discarding, ` +
      `${fmt((rate * 8) / 1000)} kbit/s each) minus without, scaled to ${VIEWERS}; the pusher's 900 kbit/s H.264 + 64 kbit/s AAC ` +
      'sets the bytes to send.',
    "- CPU per mix: the mixer's ffmpeg alone (2 decodes, scale, overlay, x264 veryfast encode, AAC mix and encode). The baseline, " +
      "the same ffmpeg with one input, is mostly the x264 encode; the difference is the co-anchor's decode, scale and overlay.",
    `- Machine: ${os.availableParallelism()} CPUs (${os.cpus()[0]?.model ?? 'unknown'}) shared by pushers, players, mixer and media ` +
      `server (and anything else running: load average ${os.loadavg().map((l) => fmt(l, 2)).join(' / ')} at the end).`,
  ]
}

// ---------------------------------------------------------------------------------------------

function ffmpegVersion(): string {
  const first = execFileSync(FFMPEG, ['-version']).toString().split('\n')[0]
  return /^ffmpeg version \S+/.exec(first)?.[0] ?? first
}

async function measure(media: Media): Promise<Results> {
  const firstFrame: Results['firstFrame'] = { rtmp: [], flv: [], baseline: [] }
  for (let i = 0; i < RUNS; i++) {
    firstFrame.rtmp.push(await firstFrameOurs(media, 'rtmp'))
    firstFrame.flv.push(await firstFrameOurs(media, 'flv'))
    firstFrame.baseline.push(await firstFrameBaseline())
  }
  const join = await joinTimes(media)
  const delay = await delays(media)
  const cpu = await streamCpu(media)
  const relay = await relayCpu()
  const { mix, transcode } = await mixRuns(media)
  return { firstFrame, join, delay, cpu, relay, mix, transcode }
}

/** A child this benchmark is answerable for: an ffmpeg, or the media server (not tsx's esbuild service). */
function isMediaChild(pid: number): boolean {
  const argv = cmdline(pid)
  return path.basename(argv[0] ?? '') === path.basename(FFMPEG) || argv.some((a) => a.endsWith('nmsChild.ts'))
}

/** Stops every child still running: those started here, then the media server, then any ffmpeg left (a mixer's). */
async function cleanup(media: Media | undefined): Promise<void> {
  stopping = true
  await Promise.allSettled([...procs].map((p) => p.stop()))
  await media?.close().catch((err: unknown) => log.error({ err }, 'media close failed'))
  for (const pid of childPids().filter(isMediaChild)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
}

async function main(): Promise<void> {
  let media: Media | undefined
  const deadline = setTimeout(() => {
    console.error(`bench:media: not done after ${DEADLINE_S} s; stopping`)
    void cleanup(media).finally(() => process.exit(1))
  }, DEADLINE_S * 1000)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup(media).finally(() => process.exit(130)))
  }
  try {
    media = await startMedia()
    console.log(
      `media path benchmark: embedded media server (node-media-server child) on loopback, pusher ffmpeg -re testsrc2 ${WIDTH}x${HEIGHT} ` +
        `${FPS} fps x264 zerolatency GOP ${FPS} 900 kbit/s + AAC, players ffmpeg (low-delay); ${RUNS} runs per first-frame figure, ` +
        `${WINDOW_S} s windows after ${WARMUP_S} s warm-up; node ${process.version}, ${ffmpegVersion()}\n`,
    )
    const results = await measure(media)
    printTable(rows(results))
    console.log(`\n${notes(results).join('\n')}`)
  } finally {
    clearTimeout(deadline)
    await cleanup(media)
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
