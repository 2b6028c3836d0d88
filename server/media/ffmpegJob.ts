// One ffmpeg process the service depends on (a mix, a recording): its exit is always noticed,
// its last lines of stderr kept for the report, and stopping it has a deadline.
import { spawn, type ChildProcess } from 'node:child_process'

export interface FfmpegExit {
  /** Stopped by stop(), not on its own. */
  requested: boolean
  code: number | null
  signal: NodeJS.Signals | null
  /** Why, in a person's words: the spawn error or ffmpeg's last stderr lines. */
  reason: string
  /** ffmpeg never ran (not installed, not executable): trying again will not help. */
  spawnFailed: boolean
}

export interface FfmpegJobOptions {
  ffmpegPath: string
  args: readonly string[]
  onExit: (exit: FfmpegExit) => void
  /**
   * stop(): SIGINT (ffmpeg finishes its files), then SIGKILL after this long. A read from a live
   * input that went quiet returns only at its -rw_timeout (INPUT_TIMEOUT_MS).
   */
  stopTimeoutMs?: number
}

const TAIL_LINES = 8

export class FfmpegJob {
  private readonly child: ChildProcess
  private readonly tail: string[] = []
  private requested = false
  private spawnError?: Error
  readonly exited: Promise<FfmpegExit>

  constructor(private readonly o: FfmpegJobOptions) {
    this.child = spawn(o.ffmpegPath, ['-hide_banner', '-nostdin', '-loglevel', 'warning', ...o.args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let partial = ''
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) if (line.trim()) this.tail.push(line.trim())
      this.tail.splice(0, Math.max(0, this.tail.length - TAIL_LINES))
    })
    this.exited = new Promise((resolve) => {
      let done = false
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (done) return
        done = true
        const exit: FfmpegExit = { requested: this.requested, code, signal, reason: this.reason(), spawnFailed: this.spawnError !== undefined }
        o.onExit(exit)
        resolve(exit)
      }
      // A spawn failure (no such binary) may come without a 'close'.
      this.child.once('error', (err) => {
        this.spawnError = err
        finish(null, null)
      })
      this.child.once('close', finish)
    })
  }

  private reason(): string {
    const err = this.spawnError as (Error & { code?: string }) | undefined
    if (err?.code === 'ENOENT') return `ffmpeg not found at "${this.o.ffmpegPath}": install ffmpeg or set FFMPEG_PATH`
    if (err) return err.message
    return this.tail.join(' | ') || 'ffmpeg exited'
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && !this.spawnError
  }

  async stop(): Promise<FfmpegExit> {
    this.requested = true
    if (this.running) {
      // SIGINT ends ffmpeg's loop once its current read returns, and it closes its output files.
      // (A second SIGINT would cut the read short, but also the writing of those files.)
      this.child.kill('SIGINT')
      const kill = setTimeout(() => this.child.kill('SIGKILL'), this.o.stopTimeoutMs ?? 5_000)
      await this.exited
      clearTimeout(kill)
    }
    return this.exited
  }
}

/** A live input that sends nothing for this long has ended. */
export const INPUT_TIMEOUT_MS = 10_000

/**
 * Input options for a live RTMP source. ffmpeg's default probe read each input for about 3 s, one
 * after the other, and a mix then started ~5 s late with the anchor 2.3 s behind. A media server
 * sends the codec headers first, so a little probing finds both streams: 2 KB is enough after
 * node-media-server's headers, not after nginx-rtmp's (it found the audio only); 32 KB is a
 * fraction of a second of a phone's stream.
 */
export function liveInput(url: string): string[] {
  return ['-probesize', '32768', '-rw_timeout', String(INPUT_TIMEOUT_MS * 1000), '-i', url]
}
