// Pusher: the stripes-coded test picture, with its clock read from its progress reports.
import { performance } from 'node:perf_hooks'
import { CODE_Y, FPS, HEIGHT, stripesFilter, WIDTH } from './picture.ts'
import { startProc, type Proc } from './processes.ts'
import { FFMPEG } from './settings.ts'

export interface Pusher {
  proc: Proc
  spawnedAt: number
  /**
   * When the pusher's -re clock started, i.e. when frame N was due to be sent minus N / fps, as
   * performance.now() ms: the latest such time its progress reports allow (it sent frame F-1 by
   * the time it reported F frames).
   */
  origin(): number
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

export function startPusher(url: string): Pusher {
  const spawnedAt = performance.now()
  const proc = startProc(FFMPEG, pusherArgs(url))
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
