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
// player fed, from memory, the bytes a viewer received on joining, for joining a live stream; an
// ffmpeg "-c copy" relay per stream for the CPU of carrying streams; the same mixer with no
// co-anchor (a plain transcode) for the mix.
// Ratios are ours / baseline.
//
// Everything listens on free loopback ports; every child (media server, pushers, players, the
// mixer's ffmpeg) is stopped at the end, on an error, on Ctrl-C, or when the deadline passes.
//
// The parts are in bench/media/, one job each; this file runs them in order and prints the report.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { relayCpu, streamCpu } from './media/cpu.ts'
import { delays } from './media/delay.ts'
import { firstFrameBaseline, firstFrameOurs } from './media/firstFrame.ts'
import { joinTimes } from './media/join.ts'
import { startMedia, type Media } from './media/mediaServer.ts'
import { mixRuns } from './media/mix.ts'
import { notes } from './media/notes.ts'
import { FPS, HEIGHT, WIDTH } from './media/picture.ts'
import { childPids, cmdline, stopTracked } from './media/processes.ts'
import { printTable, rows, type Results } from './media/report.ts'
import { DEADLINE_S, FFMPEG, log, RUNS, WARMUP_S, WINDOW_S } from './media/settings.ts'

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
  await stopTracked()
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
    // The shell's code for death by that signal: 128 + its number.
    process.once(signal, () => void cleanup(media).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143)))
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
