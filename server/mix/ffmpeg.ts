// Mixing on our own media path: one ffmpeg per mixed room pulls the creator's and the co-anchors'
// streams from the media server, lays the co-anchors over the creator with the same layout as the
// Tencent path, and publishes the result as the room's mix stream. A mix that dies while its
// creator still publishes is restarted a few times, then given up and reported: the audience is
// sent back to the creator's own stream rather than to a dead one.
import type { FastifyBaseLogger } from 'fastify'
import { FfmpegJob, liveInput, type FfmpegExit } from '../media/ffmpegJob.ts'
import type { MediaEvents } from '../media/events.ts'
import { mixStreamName } from '../streams/names.ts'
import type { MixWindow } from './layout.ts'
import { MixUpstreamError, type StreamMixer } from './types.ts'

export interface FfmpegMixerOptions {
  ffmpegPath: string
  /** Where ffmpeg reads a stream from and publishes one to (signed, on the media server). */
  urls: (stream: string) => { play: string; publish: string }
  events: MediaEvents
  log: FastifyBaseLogger
  /** How long mix() waits for the mix to be published. */
  startTimeoutMs?: number
  maxRestarts?: number
}

/** The filter graph: inputs in window order (0 is the canvas-filling creator), the audio of those not muted mixed. */
export function mixFilter(windows: readonly MixWindow[]): string {
  const [base, ...overlays] = windows
  const parts = [`[0:v]scale=${base.width}:${base.height},setsar=1[c0]`]
  overlays.forEach((w, i) => {
    const n = i + 1
    parts.push(`[${n}:v]scale=${w.width}:${w.height},setsar=1[w${n}]`)
    parts.push(`[c${n - 1}][w${n}]overlay=x=${w.x}:y=${w.y}:eof_action=pass[c${n}]`)
  })
  parts.push(`[c${overlays.length}]format=yuv420p[vout]`)
  // The creator is never muted, so at least one input is mixed; `duration=first` follows it.
  const heard = windows.flatMap((w, i) => (w.audioMuted ? [] : [`[${i}:a]`]))
  parts.push(`${heard.join('')}amix=inputs=${heard.length}:duration=first:normalize=0[aout]`)
  return parts.join(';')
}

export function mixArgs(windows: readonly MixWindow[], inputUrls: readonly string[], outputUrl: string): string[] {
  return [
    ...inputUrls.flatMap(liveInput),
    '-filter_complex', mixFilter(windows),
    '-map', '[vout]', '-map', '[aout]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-r', '15', '-g', '30',
    '-b:v', '900k', '-maxrate', '900k', '-bufsize', '1800k',
    '-c:a', 'aac', '-b:a', '64k', '-ar', '44100',
    '-f', 'flv', outputUrl,
  ]
}

interface RunningMix {
  windows: readonly MixWindow[]
  job: FfmpegJob
  restarts: number
  /** Published and seen by the media server. */
  live: boolean
}

export class FfmpegMixer implements StreamMixer {
  private readonly mixes = new Map<string, RunningMix>()

  constructor(private readonly o: FfmpegMixerOptions) {
    // The creator stopped publishing: nothing left to mix.
    o.events.on('unpublish', (stream) => {
      if (this.mixes.has(stream)) void this.cancel(stream)
    })
  }

  outputStream(mainStream: string): string {
    return this.mixes.get(mainStream)?.live ? mixStreamName(mainStream) : mainStream
  }

  windowsOf(mainStream: string): readonly MixWindow[] | undefined {
    return this.mixes.get(mainStream)?.windows
  }

  async mix(mainStream: string, windows: readonly MixWindow[]): Promise<void> {
    await this.cancel(mainStream)
    const output = mixStreamName(mainStream)
    let onPublish: ((s: string) => void) | undefined
    const published = new Promise<void>((resolve) => {
      onPublish = (s: string) => {
        if (s === output) resolve()
      }
      this.o.events.on('publish', onPublish)
    })
    const running = this.spawn(mainStream, windows, 0)
    const timeoutMs = this.o.startTimeoutMs ?? 15_000
    let timer: NodeJS.Timeout | undefined
    const outcome = await Promise.race([
      published.then(() => 'live' as const),
      running.job.exited.then((exit) => exit),
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs)
      }),
    ])
    clearTimeout(timer)
    // Whatever the outcome: a mix that failed to start must not leave its listener behind.
    if (onPublish) this.o.events.off('publish', onPublish)
    if (outcome === 'live') {
      running.live = true
      return
    }
    await this.cancel(mainStream)
    if (outcome === 'timeout') throw new MixUpstreamError(`the mix was not published within ${timeoutMs} ms`, 'MIX_TIMEOUT')
    throw new MixUpstreamError(`ffmpeg: ${outcome.reason}`, 'FFMPEG_EXIT')
  }

  private spawn(mainStream: string, windows: readonly MixWindow[], restarts: number): RunningMix {
    const output = this.o.urls(mixStreamName(mainStream)).publish
    const inputs = windows.map((w) => this.o.urls(w.streamId).play)
    const running: RunningMix = {
      windows,
      restarts,
      live: restarts > 0,
      job: new FfmpegJob({
        ffmpegPath: this.o.ffmpegPath,
        args: mixArgs(windows, inputs, output),
        onExit: (exit) => this.onExit(mainStream, running, exit),
      }),
    }
    this.mixes.set(mainStream, running)
    return running
  }

  private onExit(mainStream: string, running: RunningMix, exit: FfmpegExit): void {
    if (exit.requested || this.mixes.get(mainStream) !== running) return
    const creatorLive = this.o.events.isLive(mainStream)
    if (running.live && creatorLive && !exit.spawnFailed && running.restarts < (this.o.maxRestarts ?? 3)) {
      this.o.log.warn({ stream: mainStream, reason: exit.reason, restart: running.restarts + 1 }, 'mix exited; restarting')
      setTimeout(() => {
        if (this.mixes.get(mainStream) === running) this.spawn(mainStream, running.windows, running.restarts + 1)
      }, 1_000).unref()
      return
    }
    this.mixes.delete(mainStream)
    if (!running.live) return
    if (creatorLive) this.o.log.error({ stream: mainStream, reason: exit.reason }, 'mix stopped; the audience falls back to the creator stream')
    else this.o.log.info({ stream: mainStream }, 'mix ended with the creator stream')
  }

  async cancel(mainStream: string): Promise<void> {
    const running = this.mixes.get(mainStream)
    if (!running) return
    this.mixes.delete(mainStream)
    await running.job.stop()
  }

  /** Stops every mix (service shutdown). */
  async close(): Promise<void> {
    await Promise.all([...this.mixes.keys()].map((s) => this.cancel(s)))
  }
}
