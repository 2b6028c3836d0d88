// Builds the room service as a Fastify instance, without listening (tests use it directly).
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import { installAuth } from './auth/plugin.ts'
import { TokenService } from './auth/tokens.ts'
import { WechatApi, type WechatLogin } from './auth/wechat.ts'
import { systemClock, type Clock } from './clock.ts'
import type { Config } from './config.ts'
import { installErrorHandlers } from './http/errorHandler.ts'
import { ApiError } from './http/errors.ts'
import { bodyDeadline, capConnectionsPerAddress, deadlineOptions } from './http/connections.ts'
import { frameworkErrorOptions } from './http/frameworkErrors.ts'
import { installMetrics } from './http/metrics.ts'
import { acceptEmptyJson } from './http/json.ts'
import { loggerOptions, logRequests, type LoggerOptions } from './http/logging.ts'
import { installRateLimits } from './http/rateLimits.ts'
import { TencentCloudMixer } from './mix/tencent.ts'
import type { StreamMixer } from './mix/types.ts'
import { RoomService } from './rooms/service.ts'
import audienceRoutes from './routes/audiences.ts'
import healthRoutes from './routes/health.ts'
import identityRoutes from './routes/identity.ts'
import mixRoutes from './routes/mix.ts'
import pusherRoutes from './routes/pushers.ts'
import roomRoutes from './routes/rooms.ts'
import recordingRoutes from './routes/recordings.ts'
import rtmpRoutes from './routes/rtmp.ts'
import type { MediaEvents } from './media/events.ts'
import { installMedia } from './media/plugin.ts'
import type { RoomStore } from './store/types.ts'
import { ErrorCode } from '../src/protocol/errors.ts'
import { createStreamUrlPolicy } from './streams/index.ts'

declare module 'fastify' {
  interface FastifyInstance {
    rooms: RoomService
    /** What the media server (embedded, or external through /rtmp/*) reported: which streams are live. */
    mediaEvents: MediaEvents
  }
}

export const DEV_LOGIN_WARNING =
  '!!! DEV_LOGIN=1: get_login_info issues a UserSig for ANY userID without a WeChat login. ' +
  'Anyone who can reach this service can act as any user. Never enable it in production. !!!'

export interface AppDeps {
  config: Config
  /** The app does not close it: whoever created it does. */
  store: RoomStore
  clock?: Clock
  /**
   * Defaults to Tencent Cloud when TENCENTCLOUD_SECRET_ID/KEY are set, else to ffmpeg on an RTMP
   * media path, else none.
   */
  mixer?: StreamMixer
  /** Run the embedded media server when the configuration asks for one (default true). */
  embeddedMedia?: boolean
  /** Defaults to WeChat's API when WX_APPID/WX_SECRET are set, else none. */
  wechat?: WechatLogin
  /** Logger settings; default: pino at config.logLevel to stdout. */
  logger?: LoggerOptions | false
  /** Where log lines go (with the default settings). */
  logStream?: NodeJS.WritableStream
  /** Run the expiry sweeper every SWEEP_INTERVAL_S (default true). */
  sweeper?: boolean
}

function redisOf(store: RoomStore): Redis | undefined {
  return store.kind === 'redis' ? (store as RoomStore & { redis?: Redis }).redis : undefined
}

/**
 * TRUST_PROXY as Fastify takes it. Fastify 5.12 no longer honours a bare hop count (it cannot tell
 * a proxy from a client that sends the header itself); ours keeps its documented meaning, "the
 * nearest N hops are our proxies", which holds while the service is reachable only through them.
 */
function fastifyTrustProxy(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust
  return (_address, hop) => hop < trust
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, store } = deps
  const clock = deps.clock ?? systemClock

  const app = Fastify({
    logger: deps.logger === false ? false : (deps.logger ?? loggerOptions(config.logLevel, deps.logStream)),
    bodyLimit: config.bodyLimit,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    // Requests that still arrive while closing get a coded 503 (below), which clients retry.
    return503OnClosing: false,
    // One line per request (logRequests below) instead of Fastify's two: at info level, logging
    // was a fifth of a heartbeat's cost.
    logController: new LogController({ disableRequestLogging: true }),
    ...frameworkErrorOptions,
    ...deadlineOptions(config.connections),
  })
  // Behind a proxy every connection comes from the proxy: the cap is the proxy's to apply.
  capConnectionsPerAddress(app, config.trustProxy === false ? config.connections.maxPerAddress : 0)
  bodyDeadline(app, config.connections.requestTimeoutMs)

  if (config.devLogin) app.log.warn(DEV_LOGIN_WARNING)

  logRequests(app)
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onRequest', async () => {
    if (closing) throw new ApiError(ErrorCode.SHUTTING_DOWN)
  })
  acceptEmptyJson(app)

  const redis = redisOf(store)
  await installRateLimits(app, {
    limits: config.rateLimit,
    trustProxy: config.trustProxy,
    redis: redis ? { client: redis, prefix: config.redisPrefix } : undefined,
  })
  installErrorHandlers(app)

  const cloudMixer = deps.mixer ?? (config.mix ? new TencentCloudMixer(config.mix) : undefined)
  const media = installMedia(app, config, clock, { embedded: deps.embeddedMedia, ffmpegMixer: cloudMixer === undefined })
  const rooms = new RoomService({
    store,
    clock,
    streams: createStreamUrlPolicy(config.streams),
    mixer: cloudMixer ?? media.mixer,
    recorder: media.recorder,
    sdkAppId: config.sdkAppId,
    anchorTimeoutMs: config.anchorTimeoutS * 1000,
    maxPushers: config.maxPushers,
    maxRoomsPerUser: config.maxRoomsPerUser,
    admission: config.admission,
    audienceTimeoutMs: config.audienceTimeoutS * 1000,
  })
  app.decorate('rooms', rooms)
  app.decorate('mediaEvents', media.events)
  installAuth(app, new TokenService(store, clock, config.tokenTtlS * 1000, config.secretKey, config.maxTokensPerUser))

  const wechat = deps.wechat ?? (config.wechat ? new WechatApi(config.wechat) : undefined)
  installMetrics(app, { store, media: media.events })
  await app.register(healthRoutes, { store })
  await app.register(identityRoutes, { config, clock, wechat })
  await app.register(roomRoutes, { rooms })
  await app.register(pusherRoutes, { rooms })
  await app.register(audienceRoutes, { rooms })
  await app.register(mixRoutes, { rooms })
  await app.register(recordingRoutes, { recorder: media.recorder })
  if (config.streams.mode === 'rtmp') {
    await app.register(rtmpRoutes, { streams: config.streams, clock, sdkAppId: config.sdkAppId, events: media.events })
  }

  if (deps.sweeper !== false) {
    let timer: NodeJS.Timeout | undefined
    let running = false
    app.addHook('onReady', async () => {
      timer = setInterval(() => {
        if (running) return
        running = true
        rooms
          .sweep()
          .then((r) => {
            if (r.closedRooms.length > 0 || r.removedPushers.length > 0 || r.removedAudience.length > 0) {
              app.log.info(r, 'expired by heartbeat timeout')
            }
          })
          .catch((err: unknown) => app.log.error({ err }, 'sweep failed'))
          .finally(() => {
            running = false
          })
      }, config.sweepIntervalS * 1000)
      timer.unref()
    })
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer)
    })
  }

  return app
}
