// Recording: while the creator of a room created with `record` publishes, an ffmpeg copies the
// stream into HLS (no re-encoding) under RECORD_DIR/<roomID>.<start ms>/. Every segment is
// playable on its own, so a crash or a full disk costs at most the segment being written; the
// playlist is closed (#EXT-X-ENDLIST) when the part ends, or at the next start after a crash.
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { RecordingInfo, RecordingStatus } from '@liveroom/protocol/roomService'
import type { Clock } from '../clock.ts'
import type { RecordingConfig } from '../config.ts'
import type { MediaEvents } from './events.ts'
import { FfmpegJob, INPUT_TIMEOUT_MS, liveInput, type FfmpegExit } from './ffmpegJob.ts'

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

interface Part {
  job: FfmpegJob
  meta: RecordingMeta
  dir: string
  /**
   * The longest playlist ffmpeg has written. ffmpeg 5 ignores write errors: on a full disk it
   * leaves an empty playlist beside the segments, so this copy is what gets restored.
   */
  playlist: string
}

export interface RecorderOptions {
  config: RecordingConfig
  ffmpegPath: string
  /** Where ffmpeg reads a live stream from. */
  playUrl: (stream: string) => string
  events: MediaEvents
  clock: Clock
  log: FastifyBaseLogger
  /** How often free disk and the playlists are checked while recording. */
  diskCheckMs?: number
}

const PLAYLIST = 'index.m3u8'
const META = 'meta.json'
/**
 * Space set aside when a part starts and given back when it ends, so that closing the playlist
 * and writing the outcome still fit on a disk the recording filled.
 */
const RESERVE = '.reserve'
const RESERVE_BYTES = 64 * 1024
// A dot file: the folder is served over HTTP, and static servers hide dot files.
const ARMED = '.armed.json'
const ENDLIST = '#EXT-X-ENDLIST'
const DAY_MS = 86_400_000
/** Whatever RECORD_MIN_FREE_MB says, a recording stops before the disk is this close to full. */
const FLOOR_MB = 1
const MAX_RESTARTS = 3

/** Seconds of media a playlist lists. */
export function playlistDuration(text: string): number {
  let total = 0
  for (const m of text.matchAll(/^#EXTINF:([0-9.]+)/gm)) total += Number(m[1])
  return Math.round(total * 1000) / 1000
}

/** A file's text, or '' when there is none. */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

export class Recorder {
  /** Creator stream → the room it is recorded for. Kept on disk too, so a restart goes on recording. */
  private readonly armed = new Map<string, RecordedRoom>()
  private readonly parts = new Map<string, Part>()
  /** Recorder restarts since the stream's last publish: a recorder that keeps dying is given up. */
  private readonly restarts = new Map<string, number>()
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
    this.timers.push(setInterval(() => this.checkParts(), this.o.diskCheckMs ?? 2_000).unref())
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
    this.restarts.delete(stream)
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
    try {
      fs.mkdirSync(dir, { recursive: true })
      const free = this.freeMb()
      if (free < this.minFreeMb) {
        const message = this.diskFull(free)
        this.writeMeta(dir, { ...meta, status: 'failed', message })
        this.o.log.error({ roomID: room.roomID }, `not recording: ${message}`)
        return
      }
      this.writeMeta(dir, meta)
      fs.writeFileSync(path.join(dir, RESERVE), Buffer.alloc(RESERVE_BYTES))
    } catch (err) {
      // Not even the folder fits (a full disk): nothing to list, say it in the log.
      fs.rmSync(dir, { recursive: true, force: true })
      this.o.log.error({ err, roomID: room.roomID }, 'not recording: cannot write to RECORD_DIR')
      return
    }
    const job = new FfmpegJob({
      ffmpegPath: this.o.ffmpegPath,
      // When the creator stops, the input goes quiet: ffmpeg closes the playlist at its read timeout.
      stopTimeoutMs: INPUT_TIMEOUT_MS + 5_000,
      args: [
        ...liveInput(this.o.playUrl(stream)),
        '-c', 'copy',
        // temp_file: the playlist is replaced whole, so a full disk cannot leave it truncated.
        '-f', 'hls', '-hls_time', '4', '-hls_list_size', '0', '-hls_playlist_type', 'event', '-hls_flags', 'temp_file',
        '-hls_segment_filename', path.join(dir, 'seg%05d.ts'),
        path.join(dir, PLAYLIST),
      ],
      onExit: (exit) => {
        if (exit.requested || this.parts.get(stream)?.job !== job) return
        this.parts.delete(stream)
        // The media server ends the recorder's input when the publish ends, and may say so a
        // moment after ffmpeg saw it: give the news that moment before calling it a failure.
        setTimeout(() => this.partExited(stream, room, dir, meta, exit), 500).unref()
      },
    })
    this.parts.set(stream, { job, meta, dir, playlist: '' })
  }

  private partExited(stream: string, room: RecordedRoom, dir: string, meta: RecordingMeta, exit: FfmpegExit): void {
    if (!this.o.events.isLive(stream)) {
      this.finish(dir, meta, 'complete', '')
      return
    }
    this.finish(dir, meta, 'interrupted', exit.reason)
    this.o.log.error({ roomID: room.roomID, reason: exit.reason }, 'recording stopped unexpectedly')
    // Still live and still wanted: go on in a new part, a few times.
    const restarts = this.restarts.get(stream) ?? 0
    if (exit.spawnFailed || restarts >= MAX_RESTARTS || this.armed.get(stream) !== room) return
    this.restarts.set(stream, restarts + 1)
    setTimeout(() => {
      if (this.o.events.isLive(stream) && this.armed.get(stream) === room && !this.parts.has(stream)) this.startPart(stream, room)
    }, 1_000).unref()
  }

  private async stopPart(stream: string, status: RecordingStatus, message: string): Promise<void> {
    const part = this.parts.get(stream)
    if (!part) return
    this.parts.delete(stream)
    await part.job.stop()
    this.finish(part.dir, part.meta, status, message, part.playlist)
  }

  /** Closes the playlist (ffmpeg does on a clean stop; a crash does not) and records the outcome. */
  private finish(dir: string, meta: RecordingMeta, status: RecordingStatus, message: string, kept = ''): void {
    fs.rmSync(path.join(dir, RESERVE), { force: true })
    try {
      this.closePart(dir, meta, status, message, kept)
    } catch (err) {
      this.o.log.error({ err, recordingID: meta.recordingID }, 'could not close the recording')
    }
  }

  private closePart(dir: string, meta: RecordingMeta, status: RecordingStatus, message: string, kept: string): void {
    const playlist = path.join(dir, PLAYLIST)
    let text = readText(playlist)
    if (playlistDuration(kept) > playlistDuration(text)) {
      text = kept
      fs.writeFileSync(playlist, text)
    }
    const playable = playlistDuration(text) > 0
    if (playable && !text.includes(ENDLIST)) fs.appendFileSync(playlist, `${text.endsWith('\n') ? '' : '\n'}${ENDLIST}\n`)
    const final: RecordingStatus = playable ? status : 'failed'
    this.writeMeta(dir, { ...meta, status: final, message: playable ? message : message || 'no media was received' })
  }

  private get minFreeMb(): number {
    return Math.max(this.o.config.minFreeMb, FLOOR_MB)
  }

  private diskFull(freeMb: number): string {
    return `disk full: ${Math.floor(freeMb)} MB free, RECORD_MIN_FREE_MB is ${this.o.config.minFreeMb}`
  }

  /** Keeps each part's longest playlist, and stops every part when the disk is nearly full. */
  private checkParts(): void {
    if (this.parts.size === 0) return
    for (const part of this.parts.values()) {
      const text = readText(path.join(part.dir, PLAYLIST))
      if (playlistDuration(text) > playlistDuration(part.playlist)) part.playlist = text
    }
    const free = this.freeMb()
    if (free >= this.minFreeMb) return
    const message = this.diskFull(free)
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
    const duration = playlistDuration(readText(path.join(this.dirOf(meta.recordingID), PLAYLIST)))
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
