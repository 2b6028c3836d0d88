// The media server's supervision: a child that dies is restarted and serves again; the streams
// it carried are reported ended; a port already taken is a clear error at start, within a deadline.
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { EmbeddedMediaServer, MediaServerError } from '../media/embedded.ts'
import { MediaEvents } from '../media/events.ts'
import { RtmpStreamUrls } from '../streams/rtmp.ts'
import { probeCodecs, push, requireFfmpeg } from './ffmpeg.ts'
import { freePort, SDKAPPID, tempDir } from './helpers.ts'

const SECRET = 'embedded-test-secret-0123'
const servers: EmbeddedMediaServer[] = []
const quietLog = {
  level: 'silent', fatal: () => undefined, error: () => undefined, warn: () => undefined, info: () => undefined,
  debug: () => undefined, trace: () => undefined, silent: () => undefined, child: () => quietLog,
} as unknown as import('fastify').FastifyBaseLogger

async function media(events = new MediaEvents(), ports?: { rtmpPort: number; httpPort: number }, playAuth = false) {
  const rtmpPort = ports?.rtmpPort ?? (await freePort())
  const httpPort = ports?.httpPort ?? (await freePort())
  const server = new EmbeddedMediaServer({
    config: { bind: '127.0.0.1', rtmpPort, httpPort, dataDir: tempDir('liveroom-nms-'), secret: SECRET, sdkAppId: SDKAPPID, playAuth },
    events,
    log: quietLog,
    startTimeoutMs: 8_000,
  })
  servers.push(server)
  const urls = new RtmpStreamUrls({
    mode: 'rtmp',
    pushBase: `rtmp://127.0.0.1:${rtmpPort}/live`,
    playBase: `rtmp://127.0.0.1:${rtmpPort}/live`,
    httpPlayBase: `http://127.0.0.1:${httpPort}/live`,
    secret: SECRET,
    urlExpireS: 600,
    playAuth,
    internalBase: `rtmp://127.0.0.1:${rtmpPort}/live`,
  })
  return { server, events, urls, rtmpPort, httpPort }
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()))
})

describe('EmbeddedMediaServer', () => {
  it('restarts a media server that died, reports its streams ended, and serves pushes again', async () => {
    requireFfmpeg()
    const { server, events, urls } = await media()
    await server.start()
    const stream = `${SDKAPPID}_crash`
    const ended: string[] = []
    events.on('unpublish', (s) => ended.push(s))

    const first = push(urls.urls(stream, Date.now()).pushURL, { seconds: 30 })
    await expect.poll(() => events.isLive(stream), { timeout: 10_000 }).toBe(true)
    const pid = server.pid
    process.kill(pid!, 'SIGKILL')
    await expect.poll(() => ended, { timeout: 5_000 }).toEqual([stream])
    expect(await first.exited).not.toBe(0)

    await expect.poll(() => server.ready && server.pid !== pid, { timeout: 10_000 }).toBe(true)
    const second = push(urls.urls(stream, Date.now()).pushURL, { seconds: 6 })
    try {
      await expect.poll(async () => probeCodecs(urls.play(stream, Date.now()).flvPlayURL, 3_000), { timeout: 15_000 }).toEqual(['aac', 'h264'])
    } finally {
      await second.stop()
    }
  }, 60_000)

  it('with play auth, plays only URLs the service signed, over RTMP and HTTP-FLV', async () => {
    requireFfmpeg()
    const { server, urls } = await media(new MediaEvents(), undefined, true)
    await server.start()
    const stream = `${SDKAPPID}_private`
    const p = push(urls.urls(stream, Date.now()).pushURL, { seconds: 12 })
    try {
      const signed = urls.play(stream, Date.now())
      expect(signed.flvPlayURL).toMatch(/\.flv\?expire=\d+&token=/)
      await expect.poll(async () => probeCodecs(signed.flvPlayURL, 3_000), { timeout: 10_000 }).toEqual(['aac', 'h264'])
      expect(await probeCodecs(signed.rtmpPlayURL)).toEqual(['aac', 'h264'])
      expect(await probeCodecs(signed.flvPlayURL.split('?')[0], 2_000)).toEqual([])
      expect(await probeCodecs(signed.rtmpPlayURL.split('?')[0], 2_000)).toEqual([])
      // A play token opens that one stream only.
      const other = urls.play(`${SDKAPPID}_other`, Date.now()).flvPlayURL.split('?')[1]
      expect(await probeCodecs(`${signed.flvPlayURL.split('?')[0]}?${other}`, 2_000)).toEqual([])
    } finally {
      await p.stop()
    }
  }, 60_000)

  it('fails to start with a clear error when its port is taken, and leaves no child behind', async () => {
    const blocker = net.createServer()
    const rtmpPort = await freePort()
    await new Promise<void>((resolve) => blocker.listen(rtmpPort, '127.0.0.1', resolve))
    try {
      const { server } = await media(new MediaEvents(), { rtmpPort, httpPort: await freePort() })
      await expect(server.start()).rejects.toThrow(MediaServerError)
      await expect(server.start()).rejects.toThrow(new RegExp(`port ${rtmpPort}`))
      expect(server.pid).toBeUndefined()
    } finally {
      blocker.close()
    }
  }, 30_000)
})
