// Mix: the mixer over an anchor with one co-anchor, and with none (a plain transcode).
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { layoutMix } from '../../server/mix/layout.ts'
import { mixStreamName } from '../../server/streams/names.ts'
import { delayWindow, type Delay } from './delay.ts'
import { nextStream, playUrl, pushUrl, type Media } from './mediaServer.ts'
import { startPlayerOn } from './player.ts'
import { childPids, cmdline, cpuShare, stopAll } from './processes.ts'
import { startPusher, type Pusher } from './pusher.ts'
import { FIRST_FRAME_TIMEOUT_MS, WARMUP_S, WINDOW_S } from './settings.ts'
import { until } from './wait.ts'

export interface MixRun {
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

export async function mixRuns(media: Media): Promise<{ mix: MixRun; transcode: MixRun }> {
  const pushers = ['anchor', 'coanchor'].map((label) => {
    const stream = nextStream(label)
    return Object.assign(startPusher(pushUrl(media.urls, stream)), { stream })
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
