// ffmpeg standing in for a phone (a test pattern or a solid colour, plus a tone, as H.264 + AAC
// over RTMP) and for a player (ffprobe, frame grabs). Every run has a deadline, and stopRuns()
// ends those a test left going.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'

export function requireFfmpeg(): void {
  for (const tool of ['ffmpeg', 'ffprobe']) {
    if (spawnSync(tool, ['-version']).status !== 0) {
      throw new Error(`${tool} is needed by the media tests: install Debian's ffmpeg (apt-get install ffmpeg); npm test does it when run as root`)
    }
  }
}

/** An ffmpeg or ffprobe run with a deadline. */
export interface Run {
  /** Exit code; null when it could not start or was killed. */
  exited: Promise<number | null>
  stdout(): Buffer
  stderr(): string
  /** Kills it (if it still runs) and waits for it. */
  stop(): Promise<void>
}

/** Runs still going; a test's afterEach ends them with stopRuns(), whatever the test did. */
const running = new Set<ChildProcess>()

function run(cmd: string, args: readonly string[], deadlineMs: number): Run {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  running.add(child)
  const out: Buffer[] = []
  let err = ''
  child.stdout?.on('data', (d: Buffer) => out.push(d))
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err = (err + d).slice(-4000)
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs)
  const exited = new Promise<number | null>((resolve) => {
    const done = (code: number | null) => {
      clearTimeout(timer)
      running.delete(child)
      resolve(code)
    }
    // A spawn failure (no such binary) may come without a 'close'.
    child.once('error', (e) => {
      err += String(e)
      done(null)
    })
    child.once('close', done)
  })
  return {
    exited,
    stdout: () => Buffer.concat(out),
    stderr: () => err,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}

/** Ends every run still going (for afterEach: a failed test leaves no pusher behind). */
export async function stopRuns(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve())
          child.kill('SIGKILL')
        }),
    ),
  )
}

/** Pushes `seconds` of video (solid `color`, or testsrc2) with a 440 Hz tone at real-time speed. */
export function push(url: string, opts: { seconds: number; color?: string; fps?: number }): Run {
  const fps = opts.fps ?? 15
  const video = opts.color ? `color=c=${opts.color}:s=360x640:r=${fps}` : `testsrc2=size=360x640:rate=${fps}`
  return run('ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-re',
    '-f', 'lavfi', '-i', video,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100',
    '-t', String(opts.seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', String(fps), '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k',
    '-f', 'flv', url,
  ], (opts.seconds + 15) * 1000)
}

/** Runs to the end (or the deadline) and hands back what it printed. */
async function output(cmd: string, args: readonly string[], deadlineMs: number): Promise<{ stdout: Buffer; stderr: string }> {
  const r = run(cmd, args, deadlineMs)
  await r.exited
  return { stdout: r.stdout(), stderr: r.stderr() }
}

/** Codec names of the streams a player finds at `url` (empty when nothing plays within the deadline). */
export async function probeCodecs(url: string, timeoutMs = 8_000): Promise<string[]> {
  const r = await output('ffprobe', ['-v', 'error', '-rw_timeout', String(timeoutMs * 1000), '-show_entries', 'stream=codec_name,codec_type', '-of', 'csv=p=0', url], timeoutMs + 2_000)
  const codecs = r.stdout
    .toString()
    .split('\n')
    .map((l) => l.split(',')[0].trim())
    .filter((c) => c !== '' && c !== 'unknown')
  // An HLS playlist lists its streams once per program.
  return [...new Set(codecs)].sort()
}

/** Duration in seconds of a media file or playlist. */
export async function probeDuration(url: string): Promise<number> {
  const r = await output('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', url], 20_000)
  return Number(r.stdout.toString().trim())
}

export type Rgb = [number, number, number]

export interface Frame {
  width: number
  height: number
  pixel(x: number, y: number): Rgb
}

/** The `n`th decoded frame at `url`, as RGB (later frames let an overlay settle). */
export async function grabFrame(url: string, width: number, height: number, n = 10, timeoutMs = 15_000): Promise<Frame> {
  const r = await output('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-rw_timeout', String(timeoutMs * 1000), '-i', url, '-frames:v', String(n), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], timeoutMs + 2_000)
  const size = width * height * 3
  if (r.stdout.length < size) throw new Error(`no frame from ${url}: ${r.stderr}`)
  const frames = Math.floor(r.stdout.length / size)
  const last = r.stdout.subarray((frames - 1) * size, frames * size)
  return {
    width,
    height,
    pixel: (x, y) => {
      const i = (y * width + x) * 3
      return [last[i], last[i + 1], last[i + 2]]
    },
  }
}

/** Which of red, green, blue a pixel is, when one clearly dominates. */
export function dominant([r, g, b]: Rgb): 'red' | 'green' | 'blue' | 'mixed' {
  if (r > 150 && g < 90 && b < 90) return 'red'
  if (g > 150 && r < 90 && b < 90) return 'green'
  if (b > 150 && r < 90 && g < 90) return 'blue'
  return 'mixed'
}

/** Pids of running ffmpeg processes whose arguments mention `text`. */
export function ffmpegProcesses(text: string): number[] {
  const pids: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue
    let argv: string[]
    try {
      argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
    } catch {
      continue
    }
    if (argv[0]?.endsWith('ffmpeg') && argv.some((a) => a.includes(text))) pids.push(Number(entry))
  }
  return pids
}
