// Builds the room service as a Fastify instance, without listening (tests use it directly): the
// parts (room rules, tokens, media path) are made here and handed to the plugins that use them.
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import auth from './auth/plugin.ts'
import { TokenService } from './auth/tokens.ts'
import { WechatApi, type WechatLogin } from './auth/wechat.ts'
import { systemClock, type Clock } from './clock.ts'
import type { Config } from './config.ts'
import connectionGuards, { deadlineOptions } from './http/connections.ts'
import errorHandlers from './http/errorHandler.ts'
import { frameworkErrorOptions } from './http/frameworkErrors.ts'
import jsonBody from './http/json.ts'
import requestLog, { loggerOptions, type LoggerOptions } from './http/logging.ts'
import metrics from './http/metrics.ts'
import rateLimits from './http/rateLimits.ts'
import refuseWhileClosing from './http/shutdown.ts'
import type { MediaEvents } from './media/events.ts'
import mediaLifecycle, { createMediaPath } from './media/plugin.ts'
import { TencentCloudMixer } from './mix/tencent.ts'
import type { StreamMixer } from './mix/types.ts'
import { RoomService } from './rooms/service.ts'
import sweeper from './rooms/sweeper.ts'
import audienceRoutes from './routes/audiences.ts'
import healthRoutes from './routes/health.ts'
import identityRoutes from './routes/identity.ts'
import mixRoutes from './routes/mix.ts'
import pusherRoutes from './routes/pushers.ts'
import recordingRoutes from './routes/recordings.ts'
import roomRoutes from './routes/rooms.ts'
import rtmpRoutes from './routes/rtmp.ts'
import type { RoomStore } from './store/types.ts'
import { createStreamUrlPolicy } from './streams/index.ts'

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

/**
 * TRUST_PROXY as Fastify takes it. Fastify 5.12 no longer honours a bare hop count (it cannot tell
 * a proxy from a client that sends the header itself); ours keeps its documented meaning, "the
 * nearest N hops are our proxies", which holds while the service is reachable only through them.
 */
function fastifyTrustProxy(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust
  return (_address, hop) => hop < trust
}

/** The app and the parts it was built from, which whoever built it may drive or watch itself. */
export interface BuiltApp {
  app: FastifyInstance
  /** The room rules the routes and the sweeper use (tests run its sweep at a moment of their choosing). */
  rooms: RoomService
  /** What the media server (embedded, or external through /rtmp/*) reported: which streams are live. */
  mediaEvents: MediaEvents
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  return (await buildAppWithParts(deps)).app
}

/**
 * The plugins are registered in the order their `dependencies` require; a plugin registered
 * before one it depends on, or without it, stops the start with Fastify's own error.
 */
export async function buildAppWithParts(deps: AppDeps): Promise<BuiltApp> {
  const { config, store } = deps
  const clock = deps.clock ?? systemClock

  const app = Fastify({
    logger: deps.logger === false ? false : (deps.logger ?? loggerOptions(config.logLevel, deps.logStream)),
    bodyLimit: config.bodyLimit,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    // Requests that still arrive while closing get a coded 503 (the shutdown plugin), which clients retry.
    return503OnClosing: false,
    // One line per request (the request-log plugin) instead of Fastify's two: at info level,
    // logging was a fifth of a heartbeat's cost.
    logController: new LogController({ disableRequestLogging: true }),
    ...frameworkErrorOptions,
    ...deadlineOptions(config.connections),
  })
  if (config.devLogin) app.log.warn(DEV_LOGIN_WARNING)

  const cloudMixer = deps.mixer ?? (config.mix ? new TencentCloudMixer(config.mix) : undefined)
  const media = createMediaPath(config, clock, app.log, { embedded: deps.embeddedMedia, ffmpegMixer: cloudMixer === undefined })
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
  const tokens = new TokenService(store, clock, config.tokenTtlS * 1000, config.secretKey, config.maxTokensPerUser)
  const wechat = deps.wechat ?? (config.wechat ? new WechatApi(config.wechat) : undefined)
  const redis = store.redisClient()

  await app.register(connectionGuards, {
    requestTimeoutMs: config.connections.requestTimeoutMs,
    // Behind a proxy every connection comes from the proxy: the cap is the proxy's to apply.
    maxPerAddress: config.trustProxy === false ? config.connections.maxPerAddress : 0,
  })
  await app.register(requestLog)
  await app.register(refuseWhileClosing)
  await app.register(jsonBody)
  await app.register(rateLimits, {
    limits: config.rateLimit,
    trustProxy: config.trustProxy,
    redis: redis ? { client: redis, prefix: config.redisPrefix } : undefined,
  })
  await app.register(errorHandlers)
  await app.register(mediaLifecycle, { media })
  await app.register(auth, { tokens })
  await app.register(metrics, { store, media: media.events })
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
  if (deps.sweeper !== false) await app.register(sweeper, { rooms, intervalMs: config.sweepIntervalS * 1000 })

  return { app, rooms, mediaEvents: media.events }
}
