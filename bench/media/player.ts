// Player: an ffmpeg decoder that hands the stripes band of every frame over as raw gray.
import type { StdioOptions } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { connectedTo, freePort, untilListening } from './net.ts'
import { CROP_BYTES, CROP_HEIGHT, CROP_Y, readFrameNumber, WIDTH } from './picture.ts'
import { awaitReady, startProc, type Proc } from './processes.ts'
import { FFMPEG } from './settings.ts'
import { until } from './wait.ts'

/** After a player's TCP connection: time for its request (HTTP GET, or RTMP handshake, connect and play). */
const PLAY_REQUEST_MS = 200

export interface Received {
  /** performance.now() ms when the frame came out of the decoder. */
  at: number
  /** The frame number read from its stripes; undefined when they were not clear. */
  frame: number | undefined
}

export interface Player {
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

export function startPlayer(input: readonly string[], stdio?: StdioOptions): Player {
  const proc = startProc(FFMPEG, playerArgs(input), stdio)
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

/** A player on a play URL, once it is connected and has asked for the stream (which need not be live yet). */
export async function startPlayerOn(url: string): Promise<Player> {
  const player = startPlayer(['-rw_timeout', '10000000', '-i', url])
  const port = Number(new URL(url).port)
  await awaitReady(player.proc, () => until(`the player to connect to ${url}`, () => connectedTo(player.proc.pid, port), 5_000))
  // The HTTP request, or RTMP's handshake, connect and play, follow within a few loopback round trips.
  await sleep(PLAY_REQUEST_MS)
  return player
}

/** The baseline player: ffmpeg as the RTMP server the pusher publishes to, once it listens. */
export async function startListeningPlayer(): Promise<{ player: Player; pushUrl: string }> {
  const port = await freePort()
  const pushUrl = `rtmp://127.0.0.1:${port}/live/baseline`
  const player = startPlayer(['-listen', '1', '-i', pushUrl])
  await awaitReady(player.proc, () => untilListening(port))
  return { player, pushUrl }
}
