// The recorder's bookkeeping, without media: what a crash left open is closed at the next start,
// retention, armed rooms surviving a restart, and a missing ffmpeg reported on the recording.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.ts'
import { MediaEvents } from '../media/events.ts'
import { playlistDuration, Recorder } from '../media/recorder.ts'
import { FakeClock, tempDir } from './helpers.ts'

const DAY = 86_400_000
const log = { error: () => undefined, warn: () => undefined, info: () => undefined } as unknown as FastifyBaseLogger
const recorders: Recorder[] = []
const dirs: string[] = []

function recorder(dir: string, clock: Clock, opts: { ffmpegPath?: string; events?: MediaEvents } = {}): Recorder {
  const r = new Recorder({
    config: { dir, playBase: 'https://media.example.com/rec', retentionDays: 7, minFreeMb: 0 },
    ffmpegPath: opts.ffmpegPath ?? 'ffmpeg',
    playUrl: (s) => `rtmp://127.0.0.1/live/${s}`,
    events: opts.events ?? new MediaEvents(),
    clock,
    log,
  })
  recorders.push(r)
  return r
}

function leftBehind(dir: string, id: string, meta: object, playlist?: string): string {
  const folder = path.join(dir, id)
  fs.mkdirSync(folder, { recursive: true })
  fs.writeFileSync(path.join(folder, 'meta.json'), JSON.stringify(meta))
  if (playlist !== undefined) fs.writeFileSync(path.join(folder, 'index.m3u8'), playlist)
  return folder
}

const PARTIAL = '#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.000000,\nseg00000.ts\n#EXTINF:3.500000,\nseg00001.ts\n'

afterEach(async () => {
  await Promise.all(recorders.splice(0).map((r) => r.close()))
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('Recorder', () => {
  it('sums a playlist', () => {
    expect(playlistDuration(PARTIAL)).toBe(7.5)
    expect(playlistDuration('')).toBe(0)
  })

  it('closes what a crash left open at the next start: playable parts are interrupted, empty ones failed', () => {
    const dir = tempDir()
    dirs.push(dir)
    const clock = new FakeClock(1_800_000_000_000)
    const base = { roomID: 'r1', roomName: '课堂', roomCreator: 'teacher', message: '' }
    const open = leftBehind(dir, 'r1.1799999990000', { ...base, recordingID: 'r1.1799999990000', startTime: 1_799_999_990_000, status: 'recording' }, PARTIAL)
    leftBehind(dir, 'r1.1799999995000', { ...base, recordingID: 'r1.1799999995000', startTime: 1_799_999_995_000, status: 'recording' })
    recorder(dir, clock).start()

    expect(fs.readFileSync(path.join(open, 'index.m3u8'), 'utf8')).toBe(`${PARTIAL}#EXT-X-ENDLIST\n`)
    expect(recorder(dir, clock).list({ roomID: 'r1' })).toEqual([
      { ...base, recordingID: 'r1.1799999995000', startTime: 1_799_999_995_000, duration: 0, status: 'failed', playURL: '', message: 'the service stopped while recording' },
      {
        ...base,
        recordingID: 'r1.1799999990000',
        startTime: 1_799_999_990_000,
        duration: 7.5,
        status: 'interrupted',
        playURL: 'https://media.example.com/rec/r1.1799999990000/index.m3u8',
        message: 'the service stopped while recording',
      },
    ])
    expect(recorder(dir, clock).list({ roomCreator: 'teacher' })).toHaveLength(2)
    expect(recorder(dir, clock).list({ roomCreator: 'someone' })).toEqual([])
  })

  it('deletes recordings older than the retention at start, and keeps the rest', () => {
    const dir = tempDir()
    dirs.push(dir)
    const now = 1_800_000_000_000
    const meta = (startTime: number) => ({ roomID: 'r2', roomName: 'n', roomCreator: 'u', recordingID: `r2.${startTime}`, startTime, status: 'complete', message: '' })
    leftBehind(dir, `r2.${now - 8 * DAY}`, meta(now - 8 * DAY), PARTIAL)
    leftBehind(dir, `r2.${now - 6 * DAY}`, meta(now - 6 * DAY), PARTIAL)
    recorder(dir, new FakeClock(now)).start()
    expect(fs.readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual([`r2.${now - 6 * DAY}`])
  })

  it('keeps armed rooms across a restart, and says on the recording when ffmpeg is missing', async () => {
    const dir = tempDir()
    dirs.push(dir)
    const clock = new FakeClock(1_800_000_000_000)
    const first = recorder(dir, clock)
    first.start()
    first.arm('1400000000_teacher', { roomID: 'r3', roomName: '课堂', roomCreator: 'teacher' })
    await first.close()

    const events = new MediaEvents()
    // Each part is named by its start time: a clock that moves, so a retried part would show.
    const ticking: Clock = { now: () => (clock.ms += 1_000) }
    recorder(dir, ticking, { ffmpegPath: '/nonexistent/ffmpeg', events }).start()
    events.published('1400000000_teacher')
    await expect.poll(() => recorder(dir, clock).list({ roomID: 'r3' })[0]?.status, { timeout: 5_000 }).toBe('failed')
    expect(recorder(dir, clock).list({ roomID: 'r3' })[0].message).toBe('ffmpeg not found at "/nonexistent/ffmpeg": install ffmpeg or set FFMPEG_PATH')
    // No retrying a binary that is not there.
    await new Promise((r) => setTimeout(r, 1_500))
    expect(recorder(dir, clock).list({ roomID: 'r3' })).toHaveLength(1)
  })

  it('disarms only the room that ended', () => {
    const dir = tempDir()
    dirs.push(dir)
    const r = recorder(dir, new FakeClock())
    r.start()
    r.arm('s', { roomID: 'new', roomName: 'n', roomCreator: 'u' })
    r.disarm('s', 'old')
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.armed.json'), 'utf8'))).toEqual({ s: { roomID: 'new', roomName: 'n', roomCreator: 'u' } })
    r.disarm('s', 'new')
    expect(JSON.parse(fs.readFileSync(path.join(dir, '.armed.json'), 'utf8'))).toEqual({})
  })
})
