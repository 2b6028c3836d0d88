// End-to-end delay: decoded at the player minus sent by the pusher's clock, per frame.
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { nextStream, playUrl, pushUrl, type Media } from './mediaServer.ts'
import { FPS } from './picture.ts'
import { startListeningPlayer, startPlayerOn, type Player, type Received } from './player.ts'
import { stopAll, type Proc } from './processes.ts'
import { startPusher, type Pusher } from './pusher.ts'
import { DELAY_SESSIONS, FIRST_FRAME_TIMEOUT_MS, WARMUP_S, WINDOW_S } from './settings.ts'
import { median } from './stats.ts'
import { withTimeout } from './wait.ts'

export interface Delay {
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
export async function delayWindow(
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

const PATHS = ['rtmp', 'flv', 'baseline'] as const
type Path = (typeof PATHS)[number]
type DelayPaths = Record<Path, Delay>

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
    const ours = startPusher(pushUrl(media.urls, stream))
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

export interface Delays {
  /** Every session's frames together. */
  pooled: DelayPaths
  /** Sessions in which the path ran half a frame interval or more behind the quickest path of that session (medians). */
  late: Record<Path, number>
}

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
export async function delays(media: Media): Promise<Delays> {
  const sessions: DelayPaths[] = []
  for (let i = 0; i < DELAY_SESSIONS; i++) sessions.push(await delaySession(media, WINDOW_S / DELAY_SESSIONS))
  const lateIn = (p: Path) =>
    sessions.filter((s) => median(s[p].samples) - Math.min(...PATHS.map((q) => median(s[q].samples))) >= 500 / FPS).length
  const pooled = (p: Path) => pool(sessions.map((s) => s[p]))
  return {
    pooled: { rtmp: pooled('rtmp'), flv: pooled('flv'), baseline: pooled('baseline') },
    late: { rtmp: lateIn('rtmp'), flv: lateIn('flv'), baseline: lateIn('baseline') },
  }
}
