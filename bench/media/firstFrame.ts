// First frame: the player is already waiting on its URL; the clock starts as the pusher is spawned.
import { setTimeout as sleep } from 'node:timers/promises'
import { nextStream, playUrl, pushUrl, type Media, type Protocol } from './mediaServer.ts'
import { startListeningPlayer, startPlayerOn, type Player } from './player.ts'
import { stopAll } from './processes.ts'
import { startPusher, type Pusher } from './pusher.ts'
import { FIRST_FRAME_TIMEOUT_MS } from './settings.ts'
import { withTimeout } from './wait.ts'

export interface FirstFrame {
  ms: number
  /** Spawn to the pusher's first frame sent (its start-up, part of `ms`). */
  pusherStartMs: number
  /** From the pusher's first frame sent to the first frame decoded: the path, the player's probe and decode. */
  afterSentMs: number
  /** The number of the first frame decoded: 0 unless frames were lost before it. */
  frame: number | undefined
}

export async function firstFrameOurs(media: Media, protocol: Protocol): Promise<FirstFrame> {
  const stream = nextStream(`ff_${protocol}`)
  const player = await startPlayerOn(playUrl(media.urls, stream, protocol))
  return firstFrameOf(player, pushUrl(media.urls, stream))
}

export async function firstFrameBaseline(): Promise<FirstFrame> {
  const { player, pushUrl } = await startListeningPlayer()
  return firstFrameOf(player, pushUrl)
}

/** Spawns a pusher to `url` and times the first frame `player` decodes; stops both. */
async function firstFrameOf(player: Player, url: string): Promise<FirstFrame> {
  let pusher: Pusher | undefined
  try {
    pusher = startPusher(url)
    const first = await withTimeout(player.firstFrame, FIRST_FRAME_TIMEOUT_MS, 'the first frame')
    // Let the pusher report its clock before it is stopped.
    await sleep(300)
    const origin = pusher.origin()
    return { ms: first.at - pusher.spawnedAt, pusherStartMs: origin - pusher.spawnedAt, afterSentMs: first.at - origin, frame: first.frame }
  } finally {
    await stopAll(pusher, player)
  }
}
