// The embedded media path with real streams: ffmpeg pushes what a phone would to the URL the
// service signed, ffprobe and frame grabs play it back. Mixing and recording run real ffmpeg.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { layoutMix } from '../mix/layout.ts'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { guardStore } from '../store/types.ts'
import { publishToken } from '../streams/rtmp.ts'
import { dominant, ffmpegProcesses, grabFrame, probeCodecs, probeDuration, push, requireFfmpeg, stopRuns } from './ffmpeg.ts'
import { freePort, listen, SDKAPPID, SECRET_KEY, tempDir, until, type Running, type Session } from './helpers.ts'

const RTMP_SECRET = 'media-test-secret-0123456789'

interface MediaService extends Running {
  dataDir: string
  rtmpPort: number
  httpPort: number
}

/** The room service with its embedded media server, on free loopback ports. */
async function startMediaService(env: Record<string, string> = {}): Promise<MediaService> {
  const dataDir = tempDir('liveroom-media-')
  const rtmpPort = await freePort()
  const httpPort = await freePort()
  const config = loadConfig({
    SDKAPPID: String(SDKAPPID),
    SECRET_KEY,
    RTMP_SECRET,
    DATA_DIR: dataDir,
    MEDIA_RTMP_PORT: String(rtmpPort),
    MEDIA_HTTP_PORT: String(httpPort),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '100000',
    RATE_LIMIT_ADDRESS_MAX: '100000',
    RATE_LIMIT_LOGIN_MAX: '100000',
    ...env,
  })
  const store = guardStore(new SqliteRoomStore(path.join(dataDir, 'rooms.sqlite')))
  const running = await listen({ config, store })
  return {
    ...running,
    dataDir,
    rtmpPort,
    httpPort,
    close: async () => {
      await running.close()
      await store.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

let svc: MediaService

async function anchorUrls(s: Session, service: Running = svc) {
  const r = await service.client.call('get_anchor_url', s, {})
  expect(r.body.code).toBe(0)
  return r.body
}

/** A room created with `record`, its creator joined as pusher, and the creator's push URL. */
async function recordedRoom(service: Running, userID: string) {
  const anchor = await service.client.session(userID)
  const created = await service.client.call('create_room', anchor, { roomInfo: `rec ${userID}`, roomName: `回放${userID}`.slice(0, 20), record: true })
  expect(created.body.code).toBe(0)
  const roomID = created.body.roomID
  const urls = await anchorUrls(anchor, service)
  expect((await service.client.call('add_anchor', anchor, { roomID, pushURL: urls.pushURL })).body.code).toBe(0)
  return { anchor, roomID, urls }
}

async function recordings(service: Running, s: Session, roomID?: string) {
  const r = await service.client.call('get_recordings', s, roomID ? { roomID } : {})
  expect(r.body.code).toBe(0)
  return r.body.recordings
}

beforeAll(async () => {
  requireFfmpeg()
  svc = await startMediaService()
}, 30_000)

afterEach(stopRuns)

afterAll(async () => {
  await svc?.close()
})

describe('embedded media server', () => {
  it('publishes a push signed by the service, playable as RTMP and HTTP-FLV with H.264 and AAC', async () => {
    const alice = await svc.client.session('m_alice')
    const urls = await anchorUrls(alice)
    expect(urls.pushURL).toMatch(new RegExp(`^rtmp://127\\.0\\.0\\.1:${svc.rtmpPort}/live/${SDKAPPID}_m_alice\\?expire=\\d+&token=`))
    expect(urls.flvPlayURL).toBe(`http://127.0.0.1:${svc.httpPort}/live/${SDKAPPID}_m_alice.flv`)
    const p = push(urls.pushURL, { seconds: 8 })
    try {
      expect(await probeCodecs(urls.flvPlayURL)).toEqual(['aac', 'h264'])
      expect(await probeCodecs(urls.rtmpPlayURL)).toEqual(['aac', 'h264'])
    } finally {
      await p.stop()
    }
  }, 40_000)

  it.each([
    ['without a token', (u: string) => u.split('?')[0]],
    ['with a tampered token', (u: string) => u.replace(/token=./, (m) => `token=${m.endsWith('A') ? 'B' : 'A'}`)],
    ['with an expired token', (u: string) => {
      const name = new URL(u).pathname.split('/').pop() ?? ''
      const past = Math.floor(Date.now() / 1000) - 60
      return `${u.split('?')[0]}?expire=${past}&token=${publishToken(RTMP_SECRET, name, past)}`
    }],
  ])('refuses a push %s, and nothing plays', async (_, tamper) => {
    const s = await svc.client.session('m_mallory')
    const urls = await anchorUrls(s)
    const p = push(tamper(urls.pushURL), { seconds: 4 })
    expect(await p.exited).not.toBe(0)
    expect(await probeCodecs(urls.flvPlayURL, 2_000)).toEqual([])
  }, 30_000)

  it("refuses a push to someone else's stream name with one's own token", async () => {
    const mallory = await svc.client.session('m_mallory2')
    const victim = await svc.client.session('m_victim')
    const own = (await anchorUrls(mallory)).pushURL
    const victimUrls = await anchorUrls(victim)
    const forged = own.replace(`${SDKAPPID}_m_mallory2`, `${SDKAPPID}_m_victim`)
    const p = push(forged, { seconds: 4 })
    expect(await p.exited).not.toBe(0)
    expect(await probeCodecs(victimUrls.flvPlayURL, 2_000)).toEqual([])
  }, 30_000)
})

describe('mixing with ffmpeg', () => {
  it("lays the co-anchor's window over the anchor's picture, publishes it as the room's mix, and stops it", async () => {
    const anchor = await svc.client.session('mx_anchor')
    const guest = await svc.client.session('mx_guest')
    const room = await svc.client.call('create_room', anchor, { roomInfo: 'mix', requireAdmission: true })
    const roomID = room.body.roomID
    const anchorUrlsReply = await anchorUrls(anchor)
    const guestUrls = await anchorUrls(guest)
    expect((await svc.client.call('add_anchor', anchor, { roomID, pushURL: anchorUrlsReply.pushURL })).body.code).toBe(0)
    expect((await svc.client.joinAsCoAnchor(anchor, guest, { roomID, pushURL: guestUrls.pushURL })).body.code).toBe(0)
    const red = push(anchorUrlsReply.pushURL, { seconds: 60, color: 'red' })
    const blue = push(guestUrls.pushURL, { seconds: 60, color: 'blue' })
    try {
      await until('both pushes', async () => ((await probeCodecs(guestUrls.flvPlayURL, 3_000)).length === 2 ? true : undefined))
      const merged = await svc.client.call('merge_stream', anchor, { roomID, mergeParams: { streams: [guestUrls.accelerateURL] } })
      expect(merged.body).toMatchObject({ code: 0, streams: [`${SDKAPPID}_mx_guest`] })

      const mixedPlayURL = (await svc.client.call('get_anchors', anchor, { roomID })).body.mixedPlayURL
      expect(mixedPlayURL).toBe(`http://127.0.0.1:${svc.httpPort}/live/mix_${SDKAPPID}_mx_anchor.flv`)
      expect(await probeCodecs(mixedPlayURL)).toEqual(['aac', 'h264'])
      const frame = await grabFrame(mixedPlayURL, 360, 640, 20)
      const [, win] = layoutMix(`${SDKAPPID}_mx_anchor`, [`${SDKAPPID}_mx_guest`])
      expect(dominant(frame.pixel(win.x + win.width / 2, win.y + win.height / 2))).toBe('blue')
      expect(dominant(frame.pixel(win.x + 5, win.y + 5))).toBe('blue')
      expect(dominant(frame.pixel(win.x - 10, win.y + win.height / 2))).toBe('red')
      expect(dominant(frame.pixel(60, 100))).toBe('red')
      expect(dominant(frame.pixel(300, win.y - 10))).toBe('red')

      // The anchor mutes the co-anchor: the mix is redone with the anchor's audio alone, and still plays.
      expect((await svc.client.call('set_pusher_muted', anchor, { roomID, userID: 'mx_guest', muted: true })).body.code).toBe(0)
      await until('the mix without the co-anchor’s audio', () => (ffmpegProcesses('amix=inputs=1:').length === 1 ? true : undefined), 10_000)
      expect(ffmpegProcesses(`mix_${SDKAPPID}_mx_anchor`)).toHaveLength(1)
      expect(await probeCodecs(mixedPlayURL)).toEqual(['aac', 'h264'])

      // The link ends: the mix stops and the audience is sent back to the anchor's stream.
      expect((await svc.client.call('merge_stream', anchor, { roomID, mergeParams: { streams: [] } })).body.code).toBe(0)
      expect((await svc.client.call('get_anchors', anchor, { roomID })).body.mixedPlayURL).toBe(anchorUrlsReply.flvPlayURL)
      expect(await probeCodecs(mixedPlayURL, 2_000)).toEqual([])

      // Mixed again, then the anchor stops pushing: the mix goes with it.
      expect((await svc.client.call('merge_stream', anchor, { roomID, mergeParams: { streams: [guestUrls.accelerateURL] } })).body.code).toBe(0)
      await red.stop()
      await until('the mix to stop', async () => {
        const url = (await svc.client.call('get_anchors', anchor, { roomID })).body.mixedPlayURL
        return url === anchorUrlsReply.flvPlayURL ? true : undefined
      })
      await until('no mixing ffmpeg', () => (ffmpegProcesses(`mix_${SDKAPPID}_mx_anchor`).length === 0 ? true : undefined), 10_000)
    } finally {
      await red.stop()
      await blue.stop()
    }
  }, 90_000)

  it('answers a mix of a stream that is not live with a clear error, and leaves no ffmpeg behind', async () => {
    const anchor = await svc.client.session('mx_idle')
    const guest = await svc.client.session('mx_idle_guest')
    const roomID = (await svc.client.call('create_room', anchor, { roomInfo: 'idle', requireAdmission: true })).body.roomID
    const guestUrls = await anchorUrls(guest)
    await svc.client.call('add_anchor', anchor, { roomID })
    await svc.client.joinAsCoAnchor(anchor, guest, { roomID, pushURL: guestUrls.pushURL })
    const listeners = svc.mediaEvents.listenerCount('publish')
    const r = await svc.client.call('merge_stream', anchor, { roomID, mergeParams: { streams: [guestUrls.accelerateURL] } })
    expect(svc.mediaEvents.listenerCount('publish')).toBe(listeners)
    expect(r.status).toBe(502)
    expect(r.body.code).toBe(5002)
    expect(r.body.message).toMatch(/mix/)
    expect(ffmpegProcesses(`mix_${SDKAPPID}_mx_idle`)).toEqual([])
  }, 40_000)
})

describe('recording', () => {
  it('keeps a 10 s push as HLS that plays back for 10 ± 1 s, listed for the room and for its creator', async () => {
    const { anchor, roomID, urls } = await recordedRoom(svc, 'rec_anchor')
    const p = push(urls.pushURL, { seconds: 10 })
    expect(await p.exited).toBe(0)
    const [rec] = await until('the recording to complete', async () => {
      const list = await recordings(svc, anchor, roomID)
      return list[0]?.status === 'complete' ? list : undefined
    })
    expect(rec).toMatchObject({ roomID, roomCreator: 'rec_anchor', roomName: '回放rec_anchor', message: '' })
    expect(rec.playURL).toBe(`http://127.0.0.1:${svc.httpPort}/recordings/${rec.recordingID}/index.m3u8`)
    expect(rec.duration).toBeGreaterThanOrEqual(9)
    expect(rec.duration).toBeLessThanOrEqual(11)
    const played = await probeDuration(rec.playURL)
    expect(played).toBeGreaterThanOrEqual(9)
    expect(played).toBeLessThanOrEqual(11)
    expect(await probeCodecs(rec.playURL)).toEqual(['aac', 'h264'])

    // Anyone logged in replays a room; "mine" lists the creator's own; only the creator deletes.
    const viewer = await svc.client.session('rec_viewer')
    expect((await recordings(svc, viewer, roomID)).map((r) => r.recordingID)).toEqual([rec.recordingID])
    expect(await recordings(svc, viewer)).toEqual([])
    expect((await recordings(svc, anchor)).map((r) => r.recordingID)).toContain(rec.recordingID)
    const refused = await svc.client.call('delete_recording', viewer, { recordingID: rec.recordingID })
    expect(refused.body.code).toBe(3003)
    expect((await svc.client.call('delete_recording', anchor, { recordingID: rec.recordingID })).body.code).toBe(0)
    expect(await recordings(svc, anchor, roomID)).toEqual([])
    expect((await svc.client.call('delete_recording', anchor, { recordingID: rec.recordingID })).body.code).toBe(3008)
    expect((await svc.client.call('delete_recording', anchor, { recordingID: '../etc' })).status).toBe(400)
  }, 60_000)

  it('does not record a room created without record', async () => {
    const anchor = await svc.client.session('norec_anchor')
    const roomID = (await svc.client.call('create_room', anchor, { roomInfo: 'plain' })).body.roomID
    const urls = await anchorUrls(anchor)
    await svc.client.call('add_anchor', anchor, { roomID, pushURL: urls.pushURL })
    const p = push(urls.pushURL, { seconds: 3 })
    expect(await p.exited).toBe(0)
    expect(await recordings(svc, anchor, roomID)).toEqual([])
    expect(ffmpegProcesses(roomID)).toEqual([])
  }, 30_000)

  it('a recorder killed mid-recording leaves a closed, playable part and goes on in a new one', async () => {
    const { anchor, roomID, urls } = await recordedRoom(svc, 'rec_crash')
    const p = push(urls.pushURL, { seconds: 14 })
    const [pid] = await until('the recorder', () => {
      const pids = ffmpegProcesses(roomID)
      return pids.length > 0 ? pids : undefined
    })
    await new Promise((r) => setTimeout(r, 6_000))
    process.kill(pid, 'SIGKILL')
    expect(await p.exited).toBe(0)
    const list = await until('both parts to end', async () => {
      const l = await recordings(svc, anchor, roomID)
      return l.length === 2 && l.every((r) => r.status !== 'recording') ? l : undefined
    })
    const [second, first] = list
    expect(first.status).toBe('interrupted')
    expect(first.message).not.toBe('')
    expect(first.duration).toBeGreaterThan(2)
    expect(fs.readFileSync(path.join(svc.dataDir, 'recordings', first.recordingID, 'index.m3u8'), 'utf8')).toMatch(/#EXT-X-ENDLIST\n$/)
    expect(await probeDuration(first.playURL)).toBeGreaterThan(2)
    expect(second.status).toBe('complete')
    expect(second.duration).toBeGreaterThan(2)
  }, 60_000)
})

describe('recording on a full disk', () => {
  it('refuses to start below RECORD_MIN_FREE_MB, with the reason in the list', async () => {
    const full = await startMediaService({ RECORD_MIN_FREE_MB: '100000000' })
    try {
      const { anchor, roomID, urls } = await recordedRoom(full, 'full_anchor')
      const p = push(urls.pushURL, { seconds: 3 })
      expect(await p.exited).toBe(0)
      const [rec] = await until('the failed recording', async () => {
        const l = await recordings(full, anchor, roomID)
        return l.length > 0 ? l : undefined
      })
      expect(rec).toMatchObject({ status: 'failed', playURL: '', duration: 0 })
      expect(rec.message).toMatch(/^disk full: \d+ MB free, RECORD_MIN_FREE_MB is 100000000$/)
    } finally {
      await full.close()
    }
  }, 40_000)

  it('a disk that fills while recording keeps what was written, closed and playable, and says why', async () => {
    const dir = tempDir('liveroom-tinydisk-')
    // A real full disk: a tmpfs that holds about two 4 s segments of the test stream (the tests
    // run as root, as CI does).
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1800k', 'tmpfs', dir])
    const full = await startMediaService({ RECORD_DIR: dir, RECORD_MIN_FREE_MB: '0' })
    try {
      const { anchor, roomID, urls } = await recordedRoom(full, 'tiny_anchor')
      const p = push(urls.pushURL, { seconds: 12 })
      expect(await p.exited).toBe(0)
      const list = await until('the recordings to end', async () => {
        const l = await recordings(full, anchor, roomID)
        return l.length > 0 && l.every((r) => r.status !== 'recording') ? l : undefined
      })
      const first = list[list.length - 1]
      expect(first.status).toBe('interrupted')
      expect(first.message).toMatch(/^disk full: 0 MB free/)
      expect(first.duration).toBeGreaterThan(0)
      expect(await probeDuration(first.playURL)).toBeGreaterThan(0)
      // The parts tried after it (a few at most) failed or kept what fitted: none is left open.
      expect(list.length).toBeLessThanOrEqual(4)
    } finally {
      await full.close()
      execFileSync('umount', [dir])
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
