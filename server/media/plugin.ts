// The self-hosted media path: the embedded media server (when no external one is configured),
// its publish events, the ffmpeg mixer and the recorder. createMediaPath builds them (the room
// service and the routes take them as they are); the `media` plugin starts and stops them with
// the app.
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { Clock } from '../clock.ts'
import type { Config } from '../config.ts'
import { FfmpegMixer } from '../mix/ffmpeg.ts'
import { RtmpStreamUrls } from '../streams/rtmp.ts'
import { EmbeddedMediaServer } from './embedded.ts'
import { MediaEvents } from './events.ts'
import { Recorder } from './recorder.ts'

export interface MediaPath {
  events: MediaEvents
  mixer?: FfmpegMixer
  recorder?: Recorder
  embedded?: EmbeddedMediaServer
}

/** The media path of an RTMP configuration (only its events for Tencent CSS, which has its own). */
export function createMediaPath(
  config: Config,
  clock: Clock,
  log: FastifyBaseLogger,
  opts: { embedded?: boolean; ffmpegMixer?: boolean },
): MediaPath {
  const events = new MediaEvents()
  const streams = config.streams
  if (streams.mode !== 'rtmp') return { events }
  const urls = new RtmpStreamUrls(streams)
  const internal = (stream: string) => urls.internal(stream, clock.now())

  const embedded =
    config.media && opts.embedded !== false
      ? new EmbeddedMediaServer({
          config: {
            bind: config.media.bind,
            rtmpPort: config.media.rtmpPort,
            httpPort: config.media.httpPort,
            dataDir: config.media.dataDir,
            recordDir: config.recording?.dir,
            secret: streams.secret,
            sdkAppId: config.sdkAppId,
            playAuth: streams.playAuth,
          },
          events,
          log: log.child({ part: 'media' }),
        })
      : undefined
  const mixer =
    opts.ffmpegMixer !== false
      ? new FfmpegMixer({ ffmpegPath: config.ffmpegPath, urls: internal, events, log: log.child({ part: 'mix' }) })
      : undefined
  const recorder = config.recording
    ? new Recorder({
        config: config.recording,
        ffmpegPath: config.ffmpegPath,
        playUrl: (stream) => internal(stream).play,
        events,
        clock,
        log: log.child({ part: 'record' }),
      })
    : undefined

  return { events, mixer, recorder, embedded }
}

const mediaLifecycle: FastifyPluginAsync<{ media: MediaPath }> = async (app, { media: { embedded, mixer, recorder } }) => {
  app.addHook('onReady', async () => {
    await embedded?.start()
    recorder?.start()
  })
  app.addHook('onClose', async () => {
    await mixer?.close()
    await recorder?.close()
    await embedded?.stop()
  })
}

export default fp(mediaLifecycle, { name: 'media' })
