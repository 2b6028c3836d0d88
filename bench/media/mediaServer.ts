// The embedded media server and the ffmpeg mixer for the bench, stream names and play URLs on it.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../server/config.ts'
import { EmbeddedMediaServer } from '../../server/media/embedded.ts'
import { MediaEvents } from '../../server/media/events.ts'
import { FfmpegMixer } from '../../server/mix/ffmpeg.ts'
import { streamNameFor } from '../../server/streams/names.ts'
import { RtmpStreamUrls } from '../../server/streams/rtmp.ts'
import { freePort } from './net.ts'
import { FFMPEG, log, SDKAPPID } from './settings.ts'

export interface Media {
  server: EmbeddedMediaServer
  events: MediaEvents
  urls: RtmpStreamUrls
  mixer: FfmpegMixer
  /** The pid of the media server child. */
  pid: number
  close(): Promise<void>
}

/** The embedded media server and the ffmpeg mixer, set up as server/media/plugin.ts sets them up. */
export async function startMedia(): Promise<Media> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'liveroom-bench-media-'))
  const config = loadConfig({
    SDKAPPID: String(SDKAPPID),
    SECRET_KEY: 'bench-secret-key',
    RTMP_SECRET: 'bench-rtmp-secret-0123456789',
    RTMP_PLAY_AUTH: '1',
    HOST: '127.0.0.1',
    MEDIA_RTMP_PORT: String(await freePort()),
    MEDIA_HTTP_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    FFMPEG_PATH: FFMPEG,
  })
  const streams = config.streams
  if (!config.media || streams.mode !== 'rtmp') throw new Error('expected the embedded media configuration')
  const events = new MediaEvents()
  const server = new EmbeddedMediaServer({
    config: {
      bind: config.media.bind,
      rtmpPort: config.media.rtmpPort,
      httpPort: config.media.httpPort,
      dataDir: config.media.dataDir,
      secret: streams.secret,
      sdkAppId: config.sdkAppId,
      playAuth: streams.playAuth,
    },
    events,
    log,
  })
  const urls = new RtmpStreamUrls(streams)
  const mixer = new FfmpegMixer({ ffmpegPath: FFMPEG, urls: (s) => urls.internal(s, Date.now()), events, log })
  try {
    await server.start()
  } catch (err) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    throw err
  }
  const pid = server.pid
  if (pid === undefined) throw new Error('media server has no pid')
  return {
    server,
    events,
    urls,
    mixer,
    pid,
    close: async () => {
      await mixer.close()
      await server.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export type Protocol = 'rtmp' | 'flv'

export function playUrl(urls: RtmpStreamUrls, stream: string, protocol: Protocol): string {
  const play = urls.play(stream, Date.now())
  return protocol === 'rtmp' ? play.rtmpPlayURL : play.flvPlayURL
}

export function pushUrl(urls: RtmpStreamUrls, stream: string): string {
  return urls.urls(stream, Date.now()).pushURL
}

let streamCounter = 0
/** A fresh stream name each time: node-media-server keeps an ended publish for 30 s, to resume it. */
export function nextStream(label: string): string {
  return streamNameFor(SDKAPPID, `bench_${label}_${++streamCounter}`)
}
