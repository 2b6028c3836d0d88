// Recording: while the creator of a room created with `record` publishes, an ffmpeg copies the
// stream into HLS (no re-encoding) under RECORD_DIR/<roomID>.<start ms>/. Every segment is
// playable on its own, so a crash or a full disk costs at most the segment being written; the
// playlist is closed (#EXT-X-ENDLIST) when the part ends, or at the next start after a crash.
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { RecordingInfo, RecordingStatus } from '../../src/protocol/roomService.ts'
import type { Clock } from '../clock.ts'
import type { RecordingConfig } from '../config.ts'
import type { MediaEvents } from './events.ts'
import { FfmpegJob, liveInput } from './ffmpegJob.ts'

export interface RecordedRoom {
  roomID: string
  roomName: string
  roomCreator: string
}

interface RecordingMeta extends RecordedRoom {
  recordingID: string
  startTime: number
  status: RecordingStatus
  message: string
}

export interface RecorderOptions {
  config: RecordingConfig
  ffmpegPath: string
  /** Where ffmpeg reads a live stream from. */
  playUrl: (stream: string) => string
  events: MediaEvents
  clock: Clock
  log: FastifyBaseLogger
  /** How often free disk is checked while recording. */
  diskCheckMs?: number
}

const PLAYLIST = 'index.m3u8'
const META = 'meta.json'
// A dot file: the folder is served over HTTP, and static servers hide dot files.
const ARMED = '.armed.json'
const ENDLIST = '#EXT-X-ENDLIST'
const DAY_MS = 86_400_000

/** Seconds of media a playlist lists. */
export function playlistDuration(text: string): number {
  let total = 0
  for (const m of text.matchAll(/^#EXTINF:([0-9.]+)/gm)) total += Number(m[1])
  return Math.round(total * 1000) / 1000
}

export class Recorder {
  /** Creator stream → the room it is recorded for. Kept on disk too, so a restart goes on recording. */
  private readonly armed = new Map<string, RecordedRoom>()
  private readonly parts = new Map<string, { job: FfmpegJob; meta: RecordingMeta; dir: string }>()
  private timers: NodeJS.Timeout[] = []

  constructor(private readonly o: RecorderOptions) {}

  /** Closes what a crash left open, loads armed rooms, applies retention, and follows publishes. */
  start(): void {
    fs.mkdirSync(this.o.config.dir, { recursive: true })
    for (const meta of this.metas()) {
      if (meta.status === 'recording') this.finish(this.dirOf(meta.recordingID), meta, 'interrupted', 'the service stopped while recording')
    }
    try {
      const saved = JSON.parse(fs.readFileSync(path.join(this.o.config.dir, ARMED), 'utf8')) as Record<string, RecordedRoom>
      for (const [stream, room] of Object.entries(saved)) this.armed.set(stream, room)
    } catch {
      // none yet
    }
    this.applyRetention()
    this.timers.push(setInterval(() => this.applyRetention(), 3_600_000).unref())
    this.timers.push(setInterval(() => this.checkDisk(), this.o.diskCheckMs ?? 10_000).unref())
    this.o.events.on('publish', this.onPublish)
    this.o.events.on('unpublish', this.onUnpublish)
  }

  async close(): Promise<void> {
    this.o.events.off('publish', this.onPublish)
    this.o.events.off('unpublish', this.onUnpublish)
    for (const t of this.timers) clearInterval(t)
    this.timers = []
    await Promise.all([...this.parts.keys()].map((s) => this.stopPart(s, 'complete', '')))
  }

  /** `stream` (a creator's) is recorded for `room` whenever it publishes; null: not recorded. */
  arm(stream: string, room: RecordedRoom | null): void {
    if (room) this.armed.set(stream, room)
    else if (!this.armed.delete(stream)) return
    this.saveArmed()
    if (room && this.o.events.isLive(stream) && !this.parts.has(stream)) this.startPart(stream, room)
    if (!room) void this.stopPart(stream, 'complete', '')
  }

  /** The room ended: stop recording its creator's stream, unless a newer room of theirs records it. */
  disarm(stream: string, roomID: string): void {
    if (this.armed.get(stream)?.roomID === roomID) this.arm(stream, null)
  }

  private saveArmed(): void {
    const file = path.join(this.o.config.dir, ARMED)
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(this.armed)))
    fs.renameSync(`${file}.tmp`, file)
  }

  private readonly onPublish = (stream: string): void => {
    const room = this.armed.get(stream)
    if (room && !this.parts.has(stream)) this.startPart(stream, room)
  }

  private readonly onUnpublish = (stream: string): void => {
    void this.stopPart(stream, 'complete', '')
  }

  private dirOf(recordingID: string): string {
    return path.join(this.o.config.dir, recordingID)
  }

  private freeMb(): number {
    const s = fs.statfsSync(this.o.config.dir)
    return (s.bavail * s.bsize) / 1_048_576
  }

  private writeMeta(dir: string, meta: RecordingMeta): void {
    fs.writeFileSync(path.join(dir, `${META}.tmp`), JSON.stringify(meta))
    fs.renameSync(path.join(dir, `${META}.tmp`), path.join(dir, META))
  }

  private startPart(stream: string, room: RecordedRoom): void {
    const startTime = this.o.clock.now()
    const meta: RecordingMeta = { ...room, recordingID: `${room.roomID}.${startTime}`, startTime, status: 'recording', message: '' }
    const dir = this.dirOf(meta.recordingID)
    fs.mkdirSync(dir, { recursive: true })
    const free = this.freeMb()
    if (free < this.o.config.minFreeMb) {
      const message = `disk full: ${Math.floor(free)} MB free, RECORD_MIN_FREE_MB is ${this.o.config.minFreeMb}`
      this.writeMeta(dir, { ...meta, status: 'failed', message })
      this.o.log.error({ roomID: room.roomID }, `not recording: ${message}`)
      return
    }
    this.writeMeta(dir, meta)
    const job = new FfmpegJob({
      ffmpegPath: this.o.ffmpegPath,
      args: [
        ...liveInput(this.o.playUrl(stream)),
        '-c', 'copy',
        '-f', 'hls', '-hls_time', '4', '-hls_list_size', '0', '-hls_playlist_type', 'event',
        '-hls_segment_filename', path.join(dir, 'seg%05d.ts'),
        path.join(dir, PLAYLIST),
      ],
      onExit: (exit) => {
        if (exit.requested || this.parts.get(stream)?.job !== job) return
        this.parts.delete(stream)
        this.finish(dir, meta, 'interrupted', exit.reason)
        this.o.log.error({ roomID: room.roomID, reason: exit.reason }, 'recording stopped unexpectedly')
        // Still live and still wanted: go on in a new part.
        if (this.o.events.isLive(stream) && this.armed.get(stream) === room) {
          setTimeout(() => this.onPublish(stream), 1_000).unref()
        }
      },
    })
    this.parts.set(stream, { job, meta, dir })
  }

  private async stopPart(stream: string, status: RecordingStatus, message: string): Promise<void> {
    const part = this.parts.get(stream)
    if (!part) return
    this.parts.delete(stream)
    await part.job.stop()
    this.finish(part.dir, part.meta, status, message)
  }

  /** Closes the playlist (ffmpeg does on a clean stop; a crash does not) and records the outcome. */
  private finish(dir: string, meta: RecordingMeta, status: RecordingStatus, message: string): void {
    const playlist = path.join(dir, PLAYLIST)
    let text = ''
    try {
      text = fs.readFileSync(playlist, 'utf8')
    } catch {
      // nothing was written
    }
    const playable = playlistDuration(text) > 0
    if (playable && !text.includes(ENDLIST)) fs.appendFileSync(playlist, `${text.endsWith('\n') ? '' : '\n'}${ENDLIST}\n`)
    const final: RecordingStatus = playable ? status : 'failed'
    this.writeMeta(dir, { ...meta, status: final, message: playable ? message : message || 'no media was received' })
  }

  private checkDisk(): void {
    if (this.parts.size === 0) return
    const free = this.freeMb()
    if (free >= this.o.config.minFreeMb) return
    const message = `disk full: ${Math.floor(free)} MB free, RECORD_MIN_FREE_MB is ${this.o.config.minFreeMb}`
    this.o.log.error(`stopping recordings: ${message}`)
    for (const stream of [...this.parts.keys()]) void this.stopPart(stream, 'interrupted', message)
  }

  private applyRetention(): void {
    const cutoff = this.o.clock.now() - this.o.config.retentionDays * DAY_MS
    for (const meta of this.metas()) {
      if (meta.startTime < cutoff && meta.status !== 'recording') this.remove(meta.recordingID)
    }
  }

  private remove(recordingID: string): void {
    fs.rmSync(this.dirOf(recordingID), { recursive: true, force: true })
  }

  private metas(): RecordingMeta[] {
    const out: RecordingMeta[] = []
    for (const entry of fs.readdirSync(this.o.config.dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue
      try {
        out.push(JSON.parse(fs.readFileSync(path.join(this.o.config.dir, entry.name, META), 'utf8')) as RecordingMeta)
      } catch {
        // a folder that is not a recording (or being created)
      }
    }
    return out
  }

  private info(meta: RecordingMeta): RecordingInfo {
    let duration = 0
    try {
      duration = playlistDuration(fs.readFileSync(path.join(this.dirOf(meta.recordingID), PLAYLIST), 'utf8'))
    } catch {
      // nothing kept yet
    }
    return {
      recordingID: meta.recordingID,
      roomID: meta.roomID,
      roomName: meta.roomName,
      roomCreator: meta.roomCreator,
      startTime: meta.startTime,
      duration,
      status: meta.status,
      playURL: duration > 0 ? `${this.o.config.playBase}/${meta.recordingID}/${PLAYLIST}` : '',
      message: meta.message,
    }
  }

  /** Newest first: one room's, or one creator's. */
  list(filter: { roomID: string } | { roomCreator: string }): RecordingInfo[] {
    return this.metas()
      .filter((m) => ('roomID' in filter ? m.roomID === filter.roomID : m.roomCreator === filter.roomCreator))
      .sort((a, b) => b.startTime - a.startTime)
      .map((m) => this.info(m))
  }

  /** The recording's creator, or undefined when there is no such recording. */
  creatorOf(recordingID: string): string | undefined {
    return this.metas().find((m) => m.recordingID === recordingID)?.roomCreator
  }

  async delete(recordingID: string): Promise<void> {
    const live = [...this.parts].find(([, p]) => p.meta.recordingID === recordingID)
    if (live) await this.stopPart(live[0], 'complete', '')
    this.remove(recordingID)
  }
}
