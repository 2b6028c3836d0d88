// The real room service in-process, for client-side tests: SQLite in a temp dir, a controllable
// clock, and a Transport that sends the client's requests through Fastify's inject.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildAppWithParts } from '../../server/app.ts'
import { loadConfig, type Env } from '../../server/config.ts'
import { SqliteRoomStore } from '../../server/store/sqlite.ts'
import type { MixWindow } from '../../server/mix/layout.ts'
import type { StreamMixer } from '../../server/mix/types.ts'
import type { Transport } from '../../src/adapters/roomService/transport.ts'
import { ErrorCode } from '@liveroom/protocol/errors'
import type { RecordingInfo, RecordingStatus } from '@liveroom/protocol/roomService'
import { RoomServiceError } from '../../src/adapters/roomService/errors.ts'

/** Public check values (Tencent's published UserSig example): never a real deployment's keys. */
export const HARNESS_SDKAPPID = 1400000000
export const HARNESS_SECRET_KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e'

export const HARNESS_ENV: Env = {
  SDKAPPID: String(HARNESS_SDKAPPID),
  SECRET_KEY: HARNESS_SECRET_KEY,
  PUSH_DOMAIN: 'push.example.com',
  PUSH_KEY: 'e12c46f2612d5106e2034781ab261ca3',
  PLAY_DOMAIN: 'play.example.com',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_MAX: '100000',
  RATE_LIMIT_ADDRESS_MAX: '100000',
  RATE_LIMIT_LOGIN_MAX: '100000',
}

/** The HTTP base the harness's recordings are served under (RECORD_PLAY_BASE); nothing listens there. */
export const HARNESS_RECORD_PLAY_BASE = 'http://127.0.0.1:8000/recordings'

/**
 * A self-hosted media path (an RTMP server of one's own) in place of Tencent CSS: RTMP URLs, and
 * recordings kept under `recordDir`. No media server or ffmpeg runs: recordings are seeded on disk.
 */
function recordingEnv(recordDir: string): Env {
  const { PUSH_DOMAIN: _push, PUSH_KEY: _key, PLAY_DOMAIN: _play, ...rest } = HARNESS_ENV
  return {
    ...rest,
    RTMP_PUSH_BASE: 'rtmp://127.0.0.1:1935/live',
    RTMP_SECRET: 'harness-rtmp-secret-0123456789',
    RECORD_DIR: recordDir,
    RECORD_PLAY_BASE: HARNESS_RECORD_PLAY_BASE,
  }
}

export interface RoomServiceHarnessOptions {
  /**
   * Run the service on a self-hosted media path that records (RTMP URLs, RECORD_DIR in the
   * harness's temp folder): get_recordings/delete_recording answer and create_room takes `record`.
   * Without it the service has no recorder and answers those with 5006, as on Tencent CSS.
   */
  recording?: boolean
  /**
   * What the audience plays while the fake mixer mixes: 'creator' (Tencent Cloud mixes into the
   * creator's own stream; the default) or 'own' (a self-hosted ffmpeg mix is a stream of its own,
   * `mix_<creator>`, so a room's mixedPlayURL moves while a mix runs).
   */
  mixOutput?: 'creator' | 'own'
}

/** A recording written to RECORD_DIR the way the recorder writes one (see server/media/recorder.ts). */
export interface SeededRecording {
  roomID: string
  roomName: string
  roomCreator: string
  /** Server ms when the part started (the folder is `<roomID>.<startTime>`). */
  startTime: number
  status: RecordingStatus
  message?: string
  /** Segment lengths in seconds listed in index.m3u8; empty or absent: no playlist at all. */
  segments?: number[]
}

/** A mix the service asked for: the output (creator's) stream and the windows laid over it. */
export interface RecordedMix {
  outputStream: string
  windows: readonly MixWindow[]
}

export interface RoomServiceHarness {
  app: FastifyInstance
  /** Every mix request the service made, in order (cancel is a mix with no windows). */
  mixes: RecordedMix[]
  /** Every call that reached the service through `transport`, in order: endpoint and body. */
  calls: Array<{ endpoint: string; body: unknown }>
  /** Milliseconds on the service's clock; move it with `advance`. */
  now(): number
  advance(ms: number): void
  /** Runs heartbeat expiry now, as the sweeper would. */
  sweep(): Promise<void>
  transport: Transport
  /** Makes the service unreachable (every request fails as a network error) or reachable again. */
  setReachable(on: boolean): void
  /** Revokes every token the service has issued so far, as a logout elsewhere or a lost session store would. */
  revokeTokens(): Promise<void>
  /** Holds every call to `endpoint` (a slow network): `reached` once one arrives, until `release()`. */
  hold(endpoint: string): { reached: Promise<void>; release: () => void }
  /** RECORD_DIR (only with the `recording` option). */
  recordDir: string | null
  /** Writes a recording to RECORD_DIR (the `recording` option); what get_recordings will say of it. */
  seedRecording(recording: SeededRecording): Pick<RecordingInfo, 'recordingID' | 'playURL' | 'duration'>
  close(): Promise<void>
}

export async function startRoomServiceHarness(env: Env = {}, options: RoomServiceHarnessOptions = {}): Promise<RoomServiceHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'room-harness-'))
  const store = new SqliteRoomStore(path.join(dir, 'rooms.db'))
  let ms = Date.now()
  const clock = { now: () => ms }
  const mixes: RecordedMix[] = []
  /** Creator streams being mixed now, and their windows. */
  const mixing = new Map<string, readonly MixWindow[]>()
  const mixer: StreamMixer = {
    mix: async (outputStream, windows) => {
      mixes.push({ outputStream, windows })
      mixing.set(outputStream, windows)
    },
    cancel: async (outputStream) => {
      mixes.push({ outputStream, windows: [] })
      mixing.delete(outputStream)
    },
    outputStream: (main) => (options.mixOutput === 'own' && mixing.has(main) ? `mix_${main}` : main),
    windowsOf: (main) => mixing.get(main),
  }
  const recordDir = options.recording ? path.join(dir, 'recordings') : null
  const config = loadConfig({ ...(recordDir ? recordingEnv(recordDir) : HARNESS_ENV), ...env }, dir)
  const { app, rooms } = await buildAppWithParts({ config, store, clock, mixer, embeddedMedia: false, logger: false, sweeper: false })
  await app.ready()
  let reachable = true
  const issuedTokens: string[] = []
  const held = new Map<string, { reached: () => void; released: Promise<void> }>()
  const calls: Array<{ endpoint: string; body: unknown }> = []

  const transport: Transport = async (url, body, _timeoutMs, endpoint, contentType) => {
    if (!reachable) throw new RoomServiceError(ErrorCode.NETWORK_ERROR, '无法连接房间服务，请检查网络或服务地址', endpoint)
    const gate = held.get(endpoint)
    if (gate) {
      gate.reached()
      await gate.released
    }
    const { pathname, search } = new URL(url)
    calls.push({ endpoint, body: structuredClone(body) })
    const res = await app.inject(
      body instanceof ArrayBuffer
        ? { method: 'POST', url: pathname + search, payload: Buffer.from(body), headers: { 'content-type': contentType ?? 'application/octet-stream' } }
        : { method: 'POST', url: pathname + search, payload: body as Record<string, unknown> },
    )
    const data = res.json() as { token?: unknown }
    if (typeof data.token === 'string') issuedTokens.push(data.token)
    return { statusCode: res.statusCode, data }
  }

  return {
    app,
    mixes,
    calls,
    now: () => ms,
    advance: (delta) => {
      ms += delta
    },
    sweep: async () => {
      await rooms.sweep()
    },
    transport,
    setReachable: (on) => {
      reachable = on
    },
    hold: (endpoint) => {
      let reached: () => void = () => undefined
      let release: () => void = () => undefined
      const gate = {
        reached: new Promise<void>((resolve) => (reached = resolve)),
        released: new Promise<void>((resolve) => (release = resolve)),
      }
      held.set(endpoint, { reached, released: gate.released })
      return {
        reached: gate.reached,
        release: () => {
          held.delete(endpoint)
          release()
        },
      }
    },
    recordDir,
    seedRecording: (recording) => {
      if (!recordDir) throw new Error('seedRecording needs the harness started with { recording: true }')
      const recordingID = `${recording.roomID}.${String(recording.startTime).padStart(13, '0')}`
      const folder = path.join(recordDir, recordingID)
      fs.mkdirSync(folder, { recursive: true })
      const { segments = [], message = '', ...meta } = recording
      fs.writeFileSync(path.join(folder, 'meta.json'), JSON.stringify({ recordingID, ...meta, message }))
      if (segments.length > 0) {
        const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:4', '#EXT-X-MEDIA-SEQUENCE:0', '#EXT-X-PLAYLIST-TYPE:EVENT']
        segments.forEach((s, i) => lines.push(`#EXTINF:${s.toFixed(6)},`, `seg${String(i).padStart(5, '0')}.ts`))
        if (recording.status !== 'recording') lines.push('#EXT-X-ENDLIST')
        fs.writeFileSync(path.join(folder, 'index.m3u8'), `${lines.join('\n')}\n`)
      }
      const duration = Math.round(segments.reduce((a, b) => a + b, 0) * 1000) / 1000
      return { recordingID, duration, playURL: duration > 0 ? `${HARNESS_RECORD_PLAY_BASE}/${recordingID}/index.m3u8` : '' }
    },
    revokeTokens: async () => {
      for (const token of issuedTokens.splice(0)) await app.tokens.revoke(token)
    },
    close: async () => {
      await app.close()
      await store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
