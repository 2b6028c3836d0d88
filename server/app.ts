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
import { LiveNoticeSender } from './notices/sender.ts'
import { WechatSubscribeMessages } from './notices/subscribeMessage.ts'
import { LiveSubscriptions, savingOpenids } from './notices/subscriptions.ts'
import { Profiles } from './profiles/profiles.ts'
import { RoomCovers } from './covers/covers.ts'
import { RoomService } from './rooms/service.ts'
import sweeper from './rooms/sweeper.ts'
import audienceRoutes from './routes/audiences.ts'
import broadcastRoutes from './routes/broadcast.ts'
import coverRoutes from './routes/covers.ts'
import healthRoutes from './routes/health.ts'
import waitingImageRoutes from './routes/waitingImage.ts'
import identityRoutes from './routes/identity.ts'
import mixRoutes from './routes/mix.ts'
import profileRoutes from './routes/profiles.ts'
import pusherRoutes from './routes/pushers.ts'
import recordingRoutes from './routes/recordings.ts'
import roomRoutes from './routes/rooms.ts'
import rtmpRoutes from './routes/rtmp.ts'
import { createBroadcastStores } from './store/broadcastStores.ts'
import type { RoomStore } from './store/types.ts'
import { LiveSummaries, type MessageCounter } from './summaries/liveSummaries.ts'
import { AccessTokens } from './textcheck/accessToken.ts'
import { createModerationStore } from './store/moderationStore.ts'
import { ModerationGate } from './moderation/gate.ts'
import { ModerationService } from './moderation/service.ts'
import moderationRoutes from './routes/moderation.ts'
import imCallbackRoutes from './routes/imCallback.ts'
import { BeforeSendMsg } from './im/beforeSendMsg.ts'
import { LayeredTextChecker, textCheckMetrics } from './textcheck/checker.ts'
import { OpenidDirectory, rememberingOpenids } from './textcheck/openids.ts'
import { checkRoomName } from './textcheck/roomName.ts'
import { WechatContentCheck } from './textcheck/wechat.ts'
import { WordList } from './textcheck/wordlist.ts'
import { createStreamUrlPolicy } from './streams/index.ts'

/** One cgi-bin/token request on its own; each caller still waits at most its own deadline. */
const WECHAT_TOKEN_FETCH_TIMEOUT_MS = 5000

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
  /** Chat messages and likes per room, for live summaries; default: the IM callback's counts (moderation store). */
  messageCounter?: MessageCounter
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
  // Moderation and text checks. WeChat's msgSecCheck needs the writer's openid: the WeChat
  // login remembers it (in memory) for users logging in through this instance.
  const moderationStore = createModerationStore(store, config.redisPrefix)
  const gate = new ModerationGate(moderationStore)
  const openids = new OpenidDirectory(clock)
  // One access_token for every WeChat API caller: fetching a new one revokes the one before it.
  const wechatTokens = config.wechat ? new AccessTokens(config.wechat, clock, WECHAT_TOKEN_FETCH_TIMEOUT_MS) : undefined
  const textMetrics = textCheckMetrics()
  const words = WordList.load(config.textCheck.wordlistFile)
  const texts = new LayeredTextChecker({
    words,
    wechat:
      config.wechat && wechatTokens
        ? new WechatContentCheck(config.wechat, { tokens: wechatTokens, timeoutMs: config.textCheck.timeoutMs, openidOf: (id) => openids.openidOf(id) })
        : undefined,
    clock,
    log: app.log,
    metrics: textMetrics,
    cooldownMs: 10_000,
  })
  app.log.info({ words: words.size, wechat: config.wechat !== undefined, imCallback: config.imCallbackToken !== undefined }, 'text checks')

  // Live summaries, profiles and live notices (開播提醒, when WECHAT_LIVE_TEMPLATE_ID is set).
  const stores = createBroadcastStores(store, config.redisPrefix, config.dataDir)
  const summaries = new LiveSummaries({
    store: stores.summaries,
    rooms: store,
    clock,
    retentionMs: config.broadcast.summaryRetentionS * 1000,
    // Counted only while the IM callback runs; without it summaries say null.
    counter: deps.messageCounter ?? (config.imCallbackToken !== undefined ? moderationStore : undefined),
  })
  const noticeCfg = config.broadcast.liveNotice
  const notices =
    noticeCfg && config.wechat && wechatTokens
      ? new LiveNoticeSender(
          stores.notices,
          new WechatSubscribeMessages(config.wechat, wechatTokens, noticeCfg.timeoutMs),
          noticeCfg,
          app.log,
        )
      : undefined

  const covers = new RoomCovers({ covers: stores.covers, images: stores.coverImages, rooms: store, maxBytes: config.broadcast.coverMaxBytes })
  const rooms = new RoomService({
    watchers: notices ? [summaries, notices, covers] : [summaries, covers],
    covers,
    entryCheck: (room, userID) => gate.check(room, userID),
    nameCheck: (roomName, userID) => checkRoomName(texts, roomName, userID),
    store,
    clock,
    streams: createStreamUrlPolicy(config.streams),
    mixer: cloudMixer ?? media.mixer,
    recorder: media.recorder,
    sdkAppId: config.sdkAppId,
    anchorTimeoutMs: config.anchorTimeoutS * 1000,
    anchorAwayLimitMs: config.anchorAwayLimitS * 1000,
    maxPushers: config.maxPushers,
    maxRoomsPerUser: config.maxRoomsPerUser,
    admission: config.admission,
    audienceTimeoutMs: config.audienceTimeoutS * 1000,
  })
  const tokens = new TokenService(store, clock, config.tokenTtlS * 1000, config.secretKey, config.maxTokensPerUser)
  const wechatLogin = deps.wechat ?? (config.wechat ? new WechatApi(config.wechat) : undefined)
  // Live notices go to the openid of a WeChat login: kept (in the store) as long as such a login lasts.
  const loginMs = Math.min(config.tokenTtlS, config.userSigExpireS) * 1000
  const wechat =
    wechatLogin &&
    rememberingOpenids(notices ? savingOpenids(wechatLogin, stores.notices, clock, config.userIdKey, loginMs) : wechatLogin, openids, config.userIdKey)
  const moderation = new ModerationService({ store: moderationStore, roomStore: store, rooms, clock, ...config.moderation })
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
  await app.register(metrics, { store, media: media.events, extra: [textMetrics.checks, textMetrics.fallbacks, ...(notices ? [notices.metric] : [])] })
  await app.register(healthRoutes, { store })
  await app.register(waitingImageRoutes)
  await app.register(identityRoutes, { config, clock, wechat })
  await app.register(roomRoutes, { rooms })
  await app.register(pusherRoutes, { rooms })
  await app.register(audienceRoutes, { rooms })
  await app.register(moderationRoutes, { moderation })
  if (config.imCallbackToken !== undefined) {
    const beforeSendMsg = new BeforeSendMsg({ rooms, gate, store: moderationStore, texts, clock, log: app.log })
    await app.register(imCallbackRoutes, { token: config.imCallbackToken, sdkAppId: config.sdkAppId, clock, beforeSendMsg })
  }
  await app.register(mixRoutes, { rooms })
  await app.register(recordingRoutes, { recorder: media.recorder })
  await app.register(broadcastRoutes, { rooms, summaries, subscriptions: new LiveSubscriptions(notices ? stores.notices : undefined, clock) })
  await app.register(profileRoutes, {
    profiles: new Profiles(stores.profiles, stores.avatars, clock, config.broadcast.avatarMaxBytes),
    avatarMaxBytes: config.broadcast.avatarMaxBytes,
  })
  await app.register(coverRoutes, { covers, coverMaxBytes: config.broadcast.coverMaxBytes })
  if (notices) app.addHook('onClose', () => notices.close())
  if (config.streams.mode === 'rtmp') {
    await app.register(rtmpRoutes, { streams: config.streams, clock, sdkAppId: config.sdkAppId, events: media.events })
  }
  if (deps.sweeper !== false) await app.register(sweeper, { rooms, intervalMs: config.sweepIntervalS * 1000 })

  return { app, rooms, mediaEvents: media.events }
}
