// Service configuration: a pure function of an environment object, so it can be tested
// without touching process.env. Every problem is reported at once, one line per variable.
import fs from 'node:fs'
import path from 'node:path'
import { createHmac } from 'node:crypto'
import { isIP } from 'node:net'
import os from 'node:os'
import type { LiveNoticeConfig } from './notices/sender.ts'
import { parseTemplateData } from './notices/templateData.ts'

export type Env = Readonly<Record<string, string | undefined>>

export interface TencentStreamConfig {
  mode: 'tencent'
  pushDomain: string
  pushKey: string
  playDomain: string
  /** Play URLs are signed only when set. */
  playKey?: string
  urlExpireS: number
}

export interface RtmpStreamConfig {
  mode: 'rtmp'
  /** e.g. rtmp://media.example.com/live */
  pushBase: string
  /** e.g. rtmp://media.example.com/live */
  playBase: string
  /** HTTP-FLV base, e.g. https://media.example.com/live (the audience plays `<base>/<stream>.flv`), optional */
  httpPlayBase?: string
  /** HLS base (`<base>/<stream>.m3u8`), optional: nginx-rtmp makes HLS, the embedded server does not */
  hlsPlayBase?: string
  /** HMAC key of publish tokens checked by POST /rtmp/on_publish. */
  secret: string
  urlExpireS: number
  /** Play URLs carry a token too, checked by the media server (`on_play`). */
  playAuth: boolean
  /** Where this service's own ffmpeg (mixer, recorder) reads and publishes streams. */
  internalBase: string
}

/** The media server this service runs itself (node-media-server in a child process). */
export interface EmbeddedMediaConfig {
  bind: string
  rtmpPort: number
  httpPort: number
  /** The host phones use in stream URLs: MEDIA_PUBLIC_HOST, or the LAN address when HOST is 0.0.0.0. */
  publicHost: string
  dataDir: string
}

export interface RecordingConfig {
  dir: string
  /** HTTP base under which `dir` is served (the recordings' play URLs). */
  playBase: string
  retentionDays: number
  /** Below this much free disk (and below 1 MB whatever it says), no recording starts and running ones stop. */
  minFreeMb: number
}

export type StreamConfig = TencentStreamConfig | RtmpStreamConfig

export interface WechatConfig {
  appId: string
  secret: string
  apiBase: string
}

export interface MixConfig {
  secretId: string
  secretKey: string
  /** Host (and port) of the Tencent Cloud Live API. */
  endpoint: string
  protocol: 'https://' | 'http://'
  region: string
}

export interface ModerationConfig {
  /** Bans one anchor may hold (3013 BAN_LIST_FULL beyond). */
  maxBansPerAnchor: number
  /** Users one room may have kicked (3015 KICK_LIST_FULL beyond). */
  maxKicksPerRoom: number
}

export interface TextCheckConfig {
  /** Word list file (one word a line); the shipped list when unset. */
  wordlistFile?: string
  /** Everything one WeChat msgSecCheck may take, access_token included, ms. */
  timeoutMs: number
}

export interface BroadcastConfig {
  /** How long a room's live summary is kept after the room ended, s. */
  summaryRetentionS: number
  /** Largest avatar image taken, bytes. */
  avatarMaxBytes: number
  /** Largest room cover (the anchor's snapshot) taken, bytes. */
  coverMaxBytes: number
  /** "开播提醒" by WeChat subscription message: set with WECHAT_LIVE_TEMPLATE_ID (and WeChat login). */
  liveNotice?: LiveNoticeConfig
}

export interface RateLimitConfig {
  /** Authenticated calls per user per window. */
  userMax: number
  /** Requests per address per window, of any kind. */
  addressMax: number
  /** login and get_login_info calls per address per window. */
  loginMax: number
  windowS: number
}

/** Fastify's trustProxy: false, a number of proxy hops, or the proxies' addresses/CIDRs. */
export type TrustProxy = false | number | string[]

export interface Config {
  port: number
  host: string
  dataDir: string
  redisUrl?: string
  redisPrefix: string
  redisCommandTimeoutMs: number
  sdkAppId: number
  secretKey: string
  userSigExpireS: number
  tokenTtlS: number
  /** Key that turns a WeChat openid into a stable user ID. */
  userIdKey: string
  streams: StreamConfig
  /** Set when the service runs its own media server (no CSS domain, no external RTMP server). */
  media?: EmbeddedMediaConfig
  /** ffmpeg, for mixing and recording on a self-hosted media path. */
  ffmpegPath: string
  recording?: RecordingConfig
  wechat?: WechatConfig
  mix?: MixConfig
  anchorTimeoutS: number
  /** How long a room waits for a creator whose app went to the background (set_anchor_away); at least anchorTimeoutS. */
  anchorAwayLimitS: number
  sweepIntervalS: number
  maxPushers: number
  /** Rooms one user may hold at once; 0: no cap. */
  maxRoomsPerUser: number
  /** Live tokens one user keeps (devices, tabs); a login beyond it ends the oldest; 0: no cap. */
  maxTokensPerUser: number
  /**
   * Whose co-anchors need the creator's admit_anchor before add_anchor: rooms whose creator asked
   * (this mini-program always does), or all rooms (co-anchors of old MLVB anchor apps cannot join).
   */
  admission: 'room' | 'all'
  /** Audience members that repeat no add_audience for this long are dropped; 0: never. */
  audienceTimeoutS: number
  devLogin: boolean
  broadcast: BroadcastConfig
  moderation: ModerationConfig
  textCheck: TextCheckConfig
  /** Tencent IM callback authentication token: POST /im/callback is served only with one. */
  imCallbackToken?: string
  rateLimit: RateLimitConfig
  bodyLimit: number
  connections: { requestTimeoutMs: number; idleTimeoutMs: number; maxPerAddress: number }
  trustProxy: TrustProxy
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

class Reader {
  readonly problems: string[] = []
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const v = this.env[name]
    if (v === undefined) return undefined
    const t = v.trim()
    return t === '' ? undefined : t
  }

  str(name: string, fallback: string): string {
    return this.raw(name) ?? fallback
  }

  required(name: string, what: string): string {
    const v = this.raw(name)
    if (v === undefined) this.problems.push(`${name} is required (${what})`)
    return v ?? ''
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name)
    if (v === undefined) return fallback
    if (!/^-?[0-9]+$/.test(v) || Number(v) < min || Number(v) > max) {
      this.problems.push(`${name} must be an integer from ${min} to ${max} (got "${v}")`)
      return fallback
    }
    return Number(v)
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const v = this.raw(name)
    if (v === undefined) return fallback
    if ((values as readonly string[]).includes(v)) return v as T
    this.problems.push(`${name} must be one of ${values.join(', ')} (got "${v}")`)
    return fallback
  }

  bool(name: string, fallback = false): boolean {
    const v = this.raw(name)
    if (v === undefined) return fallback
    if (['1', 'true', 'yes', 'on'].includes(v.toLowerCase())) return true
    if (['0', 'false', 'no', 'off'].includes(v.toLowerCase())) return false
    this.problems.push(`${name} must be 1 or 0 (got "${v}")`)
    return fallback
  }

  domain(name: string, value: string): string {
    if (value && !/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(value)) {
      this.problems.push(`${name} must be a host name like live.example.com, without scheme or path (got "${value}")`)
    }
    return value
  }

  url(name: string, value: string | undefined, schemes: readonly string[]): string | undefined {
    if (value === undefined) return undefined
    // A URL may carry a password (redis://:secret@host): never echo that part.
    const shown = value.replace(/\/\/.*@/, '//***@')
    let u: URL
    try {
      u = new URL(value)
    } catch {
      this.problems.push(`${name} must be a URL (got "${shown}")`)
      return undefined
    }
    if (!schemes.includes(u.protocol)) {
      this.problems.push(`${name} must use ${schemes.join(' or ')} (got "${shown}")`)
      return undefined
    }
    if (u.search || u.hash) {
      this.problems.push(`${name} must not have a query string or fragment`)
      return undefined
    }
    return value.replace(/\/+$/, '')
  }

  /** Two variables that only make sense together. */
  pair(a: string, b: string): [string, string] | undefined {
    const va = this.raw(a)
    const vb = this.raw(b)
    if (va === undefined && vb === undefined) return undefined
    if (va === undefined || vb === undefined) {
      this.problems.push(`${a} and ${b} must be set together (only ${va === undefined ? b : a} is set)`)
      return undefined
    }
    return [va, vb]
  }
}

/** The first non-internal IPv4 address: what a phone on the same LAN can reach. */
export function lanAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  }
  return undefined
}

function rtmpSecret(r: Reader, what = 'key that signs publish tokens for the RTMP server'): string {
  const secret = r.required('RTMP_SECRET', what)
  if (secret && secret.length < 16) r.problems.push('RTMP_SECRET must be at least 16 characters')
  return secret
}

function embeddedMedia(r: Reader, host: string, dataDir: string, lan: string | undefined): EmbeddedMediaConfig {
  const wildcard = host === '0.0.0.0' || host === '::'
  const publicHost = r.raw('MEDIA_PUBLIC_HOST') ?? (wildcard ? (lan ?? '127.0.0.1') : host)
  r.domain('MEDIA_PUBLIC_HOST', publicHost)
  return {
    bind: host,
    rtmpPort: r.int('MEDIA_RTMP_PORT', 1935, 1, 65535),
    httpPort: r.int('MEDIA_HTTP_PORT', 8000, 1, 65535),
    publicHost,
    dataDir: path.join(dataDir, 'media'),
  }
}

function hostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`
}

function streamConfig(
  r: Reader,
  media: EmbeddedMediaConfig | undefined,
): StreamConfig {
  const urlExpireS = r.int('URL_EXPIRE_S', 86400, 60, 30 * 86400)
  const playAuth = r.bool('RTMP_PLAY_AUTH')
  if (media) {
    const rtmp = `rtmp://${hostPort(media.publicHost, media.rtmpPort)}/live`
    return {
      mode: 'rtmp',
      pushBase: rtmp,
      playBase: rtmp,
      httpPlayBase: `http://${hostPort(media.publicHost, media.httpPort)}/live`,
      secret: rtmpSecret(
        r,
        'key that signs publish tokens for the embedded media server, which runs because neither PUSH_DOMAIN (Tencent CSS) nor RTMP_PUSH_BASE (your own RTMP server) is set',
      ),
      urlExpireS,
      playAuth,
      internalBase: `rtmp://127.0.0.1:${media.rtmpPort}/live`,
    }
  }
  const rtmpPush = r.raw('RTMP_PUSH_BASE')
  if (rtmpPush !== undefined) {
    if (r.raw('PUSH_DOMAIN') !== undefined) {
      r.problems.push('set either PUSH_DOMAIN (Tencent CSS) or RTMP_PUSH_BASE (own RTMP server), not both')
    }
    const pushBase = r.url('RTMP_PUSH_BASE', rtmpPush, ['rtmp:', 'rtmps:']) ?? ''
    const playBase = r.url('RTMP_PLAY_BASE', r.raw('RTMP_PLAY_BASE') ?? rtmpPush, ['rtmp:', 'rtmps:']) ?? ''
    const httpPlayBase = r.url('RTMP_HTTP_PLAY_BASE', r.raw('RTMP_HTTP_PLAY_BASE'), ['http:', 'https:'])
    // HLS where RTMP_HLS_PLAY_BASE says, else beside the FLV (SRS serves both at one base).
    const hlsPlayBase = r.url('RTMP_HLS_PLAY_BASE', r.raw('RTMP_HLS_PLAY_BASE'), ['http:', 'https:']) ?? httpPlayBase
    const internalBase = r.url('RTMP_INTERNAL_BASE', r.raw('RTMP_INTERNAL_BASE') ?? playBase, ['rtmp:']) ?? ''
    return { mode: 'rtmp', pushBase, playBase, httpPlayBase, hlsPlayBase, secret: rtmpSecret(r), urlExpireS, playAuth, internalBase }
  }
  return {
    mode: 'tencent',
    pushDomain: r.domain('PUSH_DOMAIN', r.raw('PUSH_DOMAIN') ?? ''),
    pushKey: r.required('PUSH_KEY', 'push anti-leech key of PUSH_DOMAIN'),
    playDomain: r.domain('PLAY_DOMAIN', r.required('PLAY_DOMAIN', 'Tencent CSS play domain')),
    playKey: r.raw('PLAY_KEY'),
    urlExpireS,
  }
}

/**
 * Recordings: kept by the service's own media path (embedded media server, or RECORD_DIR and
 * RECORD_PLAY_BASE beside an external RTMP server). Not with Tencent CSS, which records in the cloud.
 */
function recordingConfig(r: Reader, streams: StreamConfig, media: EmbeddedMediaConfig | undefined, dataDir: string): RecordingConfig | undefined {
  const retentionDays = r.int('RECORD_RETENTION_DAYS', 7, 1, 3650)
  const minFreeMb = r.int('RECORD_MIN_FREE_MB', 200, 0, 100_000_000)
  if (streams.mode !== 'rtmp') return undefined
  if (media) {
    return {
      dir: path.resolve(r.str('RECORD_DIR', path.join(dataDir, 'recordings'))),
      playBase: `http://${hostPort(media.publicHost, media.httpPort)}/recordings`,
      retentionDays,
      minFreeMb,
    }
  }
  const dir = r.raw('RECORD_DIR')
  const playBase = r.url('RECORD_PLAY_BASE', r.raw('RECORD_PLAY_BASE'), ['http:', 'https:'])
  if (dir === undefined && playBase === undefined) return undefined
  if (dir === undefined || playBase === undefined) {
    r.problems.push('RECORD_DIR and RECORD_PLAY_BASE must be set together (where recordings go, and the HTTP base that serves that folder)')
    return undefined
  }
  return { dir: path.resolve(dir), playBase, retentionDays, minFreeMb }
}

/** An IP address, or a CIDR block of one. */
function isProxyAddress(text: string): boolean {
  const [address, bits, extra] = text.split('/')
  const family = isIP(address)
  if (family === 0 || extra !== undefined) return false
  if (bits === undefined) return true
  return /^[0-9]{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)
}

/**
 * TRUST_PROXY: how many proxies in front of the service set X-Forwarded-For (1 for one nginx),
 * or their addresses. Trusting every hop would let any client choose its own address.
 */
function trustProxy(r: Reader): TrustProxy {
  const v = r.raw('TRUST_PROXY')
  if (v === undefined) return false
  if (/^[0-9]+$/.test(v)) {
    if (Number(v) <= 10) return Number(v) === 0 ? false : Number(v)
  } else {
    const list = v.split(',').map((a) => a.trim())
    if (list.every(isProxyAddress)) return list
  }
  r.problems.push(`TRUST_PROXY must be a number of proxy hops (0 to 10, e.g. 1 for one nginx) or a comma-separated list of proxy addresses or CIDRs (got "${v}")`)
  return false
}

function textCheckConfig(r: Reader, cwd: string): TextCheckConfig {
  const raw = r.raw('TEXT_CHECK_WORDLIST')
  const wordlistFile = raw === undefined ? undefined : path.resolve(cwd, raw)
  if (wordlistFile !== undefined) {
    try {
      fs.accessSync(wordlistFile, fs.constants.R_OK)
    } catch {
      r.problems.push(`TEXT_CHECK_WORDLIST must name a readable file, one word a line (cannot read "${wordlistFile}")`)
    }
  }
  // Tencent IM waits 2 s for its before-send callback, which waits for this check.
  return { wordlistFile, timeoutMs: r.int('TEXT_CHECK_TIMEOUT_MS', 1200, 100, 1500) }
}

function imCallbackToken(r: Reader): string | undefined {
  const token = r.raw('IM_CALLBACK_TOKEN')
  if (token !== undefined && token.length > 128) r.problems.push('IM_CALLBACK_TOKEN must be at most 128 characters (the IM console allows no more)')
  return token
}

function broadcastConfig(r: Reader, wechat: boolean): BroadcastConfig {
  const templateId = r.raw('WECHAT_LIVE_TEMPLATE_ID')
  const fields = parseTemplateData(r.str('WECHAT_LIVE_TEMPLATE_DATA', 'thing1=roomName,thing2=anchorName,time3=startTime'))
  if (typeof fields === 'string') r.problems.push(`WECHAT_LIVE_TEMPLATE_DATA: ${fields}`)
  const page = r.str('WECHAT_LIVE_PAGE', 'live/room/room')
  if (!/^[A-Za-z0-9_/-]+$/.test(page)) r.problems.push(`WECHAT_LIVE_PAGE must be a mini-program page path without a query (got "${page}")`)
  if (templateId !== undefined && !wechat) r.problems.push('WECHAT_LIVE_TEMPLATE_ID needs WX_APPID and WX_SECRET (live notices go to WeChat users)')
  const notice: Omit<LiveNoticeConfig, 'templateId'> = {
    page,
    fields: typeof fields === 'string' ? [] : fields,
    state: r.oneOf('WECHAT_MINIPROGRAM_STATE', ['formal', 'trial', 'developer'] as const, 'formal'),
    concurrency: r.int('LIVE_NOTICE_CONCURRENCY', 4, 1, 100),
    attempts: r.int('LIVE_NOTICE_ATTEMPTS', 4, 1, 20),
    timeoutMs: r.int('LIVE_NOTICE_TIMEOUT_MS', 5000, 100, 60_000),
    retryMs: r.int('LIVE_NOTICE_RETRY_MS', 60_000, 10, 3_600_000),
  }
  return {
    summaryRetentionS: r.int('SUMMARY_RETENTION_S', 86400, 60, 30 * 86400),
    avatarMaxBytes: r.int('AVATAR_MAX_BYTES', 256 * 1024, 1024, 5 * 1024 * 1024),
    coverMaxBytes: r.int('COVER_MAX_BYTES', 512 * 1024, 1024, 5 * 1024 * 1024),
    liveNotice: templateId !== undefined && wechat ? { ...notice, templateId } : undefined,
  }
}

function mixConfig(r: Reader): MixConfig | undefined {
  const pair = r.pair('TENCENTCLOUD_SECRET_ID', 'TENCENTCLOUD_SECRET_KEY')
  const endpointRaw = r.str('TENCENTCLOUD_LIVE_ENDPOINT', 'live.tencentcloudapi.com')
  let endpoint = endpointRaw
  let protocol: MixConfig['protocol'] = 'https://'
  const m = /^(https?):\/\/([^/?#]+)\/?$/.exec(endpointRaw)
  if (m) {
    protocol = m[1] === 'http' ? 'http://' : 'https://'
    endpoint = m[2]
  } else if (!/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(endpointRaw)) {
    r.problems.push(
      `TENCENTCLOUD_LIVE_ENDPOINT must be a host (live.tencentcloudapi.com) or http(s)://host:port (got "${endpointRaw}")`,
    )
  }
  const region = r.str('TENCENTCLOUD_REGION', 'ap-guangzhou')
  if (!pair) return undefined
  return { secretId: pair[0], secretKey: pair[1], endpoint, protocol, region }
}

/**
 * Reads and checks the configuration; throws ConfigError listing every problem. `lan` is the
 * address put in stream URLs when the service listens on every interface.
 */
export function loadConfig(env: Env, cwd: string = process.cwd(), lan: string | undefined = lanAddress()): Config {
  const r = new Reader(env)

  const sdkAppIdRaw = r.required('SDKAPPID', 'SDKAppID of your Tencent Cloud IM/MLVB application')
  let sdkAppId = 0
  if (sdkAppIdRaw) {
    if (/^[1-9][0-9]{0,11}$/.test(sdkAppIdRaw)) sdkAppId = Number(sdkAppIdRaw)
    else r.problems.push(`SDKAPPID must be a positive integer (got "${sdkAppIdRaw}")`)
  }
  const secretKey = r.required('SECRET_KEY', 'IM secret key that signs UserSig')

  const redisUrl = r.url('REDIS_URL', r.raw('REDIS_URL'), ['redis:', 'rediss:'])
  const wx = r.pair('WX_APPID', 'WX_SECRET')
  const wxApiBase = r.url('WX_API_BASE', r.str('WX_API_BASE', 'https://api.weixin.qq.com'), ['http:', 'https:'])


  const host = r.str('HOST', '127.0.0.1')
  const dataDir = path.resolve(cwd, r.str('DATA_DIR', './.data'))
  // Neither Tencent CSS nor an RTMP server of your own: the service runs one.
  const media = r.raw('PUSH_DOMAIN') === undefined && r.raw('RTMP_PUSH_BASE') === undefined
    ? embeddedMedia(r, host, dataDir, lan)
    : undefined
  const streams = streamConfig(r, media)
  const anchorTimeoutS = r.int('ANCHOR_TIMEOUT_S', 30, 5, 3600)
  // 180 s: as long as WeChat's <live-pusher> keeps pushing its waiting image in the background.
  const anchorAwayLimitS = r.int('ANCHOR_AWAY_LIMIT_S', 180, 5, 3600)
  if (anchorAwayLimitS < anchorTimeoutS) r.problems.push(`ANCHOR_AWAY_LIMIT_S must be at least ANCHOR_TIMEOUT_S (${anchorTimeoutS})`)

  const config: Config = {
    port: r.int('PORT', 8787, 0, 65535),
    host,
    dataDir,
    redisUrl,
    redisPrefix: r.str('REDIS_PREFIX', 'liveroom:'),
    redisCommandTimeoutMs: r.int('REDIS_COMMAND_TIMEOUT_MS', 1000, 50, 60_000),
    sdkAppId,
    secretKey,
    userSigExpireS: r.int('USERSIG_EXPIRE_S', 604800, 60, 180 * 86400),
    tokenTtlS: r.int('TOKEN_TTL_S', 86400, 60, 30 * 86400),
    userIdKey: r.raw('USERID_KEY') ?? createHmac('sha256', secretKey).update('wechat-openid-to-user-id').digest('hex'),
    streams,
    media,
    ffmpegPath: r.str('FFMPEG_PATH', 'ffmpeg'),
    recording: recordingConfig(r, streams, media, dataDir),
    wechat: wx ? { appId: wx[0], secret: wx[1], apiBase: wxApiBase ?? 'https://api.weixin.qq.com' } : undefined,
    mix: mixConfig(r),
    anchorTimeoutS,
    anchorAwayLimitS,
    sweepIntervalS: r.int('SWEEP_INTERVAL_S', 5, 1, 600),
    maxPushers: r.int('MAX_PUSHERS', 4, 1, 16),
    maxRoomsPerUser: r.int('MAX_ROOMS_PER_USER', 3, 0, 10_000),
    maxTokensPerUser: r.int('MAX_TOKENS_PER_USER', 10, 0, 10_000),
    admission: r.oneOf('CO_ANCHOR_ADMISSION', ['room', 'all'] as const, 'room'),
    audienceTimeoutS: r.int('AUDIENCE_TIMEOUT_S', 120, 0, 86400),
    devLogin: r.bool('DEV_LOGIN'),
    broadcast: broadcastConfig(r, wx !== undefined),
    moderation: {
      maxBansPerAnchor: r.int('MAX_BANS_PER_ANCHOR', 10_000, 1, 1_000_000),
      maxKicksPerRoom: r.int('MAX_KICKS_PER_ROOM', 10_000, 1, 1_000_000),
    },
    textCheck: textCheckConfig(r, cwd),
    imCallbackToken: imCallbackToken(r),
    rateLimit: {
      userMax: r.int('RATE_LIMIT_MAX', 300, 1, 1_000_000_000),
      addressMax: r.int('RATE_LIMIT_ADDRESS_MAX', 3000, 1, 1_000_000_000),
      loginMax: r.int('RATE_LIMIT_LOGIN_MAX', 600, 1, 1_000_000_000),
      windowS: r.int('RATE_LIMIT_WINDOW_S', 60, 1, 3600),
    },
    bodyLimit: r.int('BODY_LIMIT', 16 * 1024, 1024, 1024 * 1024),
    connections: {
      requestTimeoutMs: r.int('REQUEST_TIMEOUT_S', 10, 1, 300) * 1000,
      idleTimeoutMs: r.int('IDLE_TIMEOUT_S', 60, 1, 3600) * 1000,
      maxPerAddress: r.int('MAX_CONNECTIONS_PER_ADDRESS', 64, 0, 100_000),
    },
    trustProxy: trustProxy(r),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems)
  return config
}

/** Names of the variables whose values must never reach a log line. */
export const SECRET_ENV_NAMES = [
  'SECRET_KEY',
  'PUSH_KEY',
  'PLAY_KEY',
  'RTMP_SECRET',
  'WX_SECRET',
  'TENCENTCLOUD_SECRET_KEY',
  'USERID_KEY',
  'IM_CALLBACK_TOKEN',
] as const
