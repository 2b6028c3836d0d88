// What the media benchmark runs with: run counts and windows from the environment, fixed sizes, the logger.
import { pino } from 'pino'

export const RUNS = Number(process.env.BENCH_MEDIA_RUNS ?? 5)
export const WINDOW_S = Number(process.env.BENCH_MEDIA_WINDOW_S ?? 10)
export const DEADLINE_S = Number(process.env.BENCH_MEDIA_DEADLINE_S ?? 360)
/** Before a delay or CPU window: the pipeline settles (GOP-cache burst, probing, start-up). */
export const WARMUP_S = 2
export const VIEWERS = 10
/** Viewers the CPU per VIEWERS is measured with (more, for a signal above the noise). */
export const VIEWERS_MEASURED = 30
/** Sessions the delay window is split over. */
export const DELAY_SESSIONS = 5
/** Pushed streams the CPU per stream is measured over (and divided by). */
export const CPU_STREAMS = 3
export const FFMPEG = process.env.FFMPEG_PATH ?? 'ffmpeg'
export const SDKAPPID = 1400000000
export const FIRST_FRAME_TIMEOUT_MS = 10_000

export const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' }, pino.destination(2))
