// A `wx` global that behaves like WeChat's, for running the compiled mini-program in tests.
//
// One shim object lives for the whole process: the uni runtime copies the functions of `wx` once when
// `common/vendor.js` loads, so every API here is a fixed function that reads the shim's current state.
// Tests change behaviour through `shim.configure(...)` / `shim.reset(...)` and read what the app did
// through `shim.records` and `shim.calls(api)`.
//
// Callbacks follow WeChat: `success` or `fail`, then `complete`, delivered asynchronously (as a
// microtask, so fake timers don't hold them back); an API called without any callback returns a
// Promise, as WeChat's base library does.
import http from 'node:http'
import https from 'node:https'

// ---------------------------------------------------------------------------------------------
// Shapes shared with WeChat
// ---------------------------------------------------------------------------------------------

export interface WxResult {
  errMsg: string
}

export interface WxError extends WxResult {
  errno?: number
  /** Open-data APIs (requestSubscribeMessage) say what failed with an errCode. */
  errCode?: number
}

export interface Callbacks<S extends WxResult> {
  success?: (res: S) => void
  fail?: (err: WxError) => void
  complete?: (res: S | WxError) => void
}

export interface SafeArea {
  left: number
  right: number
  top: number
  bottom: number
  width: number
  height: number
}

/** What getSystemInfoSync returns: the union of window, device and app-base info. */
export interface SystemInfo {
  brand: string
  model: string
  system: string
  platform: 'ios' | 'android' | 'devtools' | 'windows' | 'mac'
  pixelRatio: number
  screenWidth: number
  screenHeight: number
  windowWidth: number
  windowHeight: number
  statusBarHeight: number
  safeArea: SafeArea
  screenTop: number
  language: string
  /** WeChat version, e.g. 8.0.50 */
  version: string
  /** Base library version, e.g. 3.4.0 */
  SDKVersion: string
  theme: 'light' | 'dark'
  fontSizeSetting: number
  enableDebug: boolean
  host: { env: string; appId?: string }
  benchmarkLevel: number
  cameraAuthorized: boolean
  microphoneAuthorized: boolean
  locationAuthorized: boolean
  notificationAuthorized: boolean
  bluetoothEnabled: boolean
  locationEnabled: boolean
  wifiEnabled: boolean
  deviceOrientation: 'portrait' | 'landscape'
}

export interface LaunchOptions {
  path: string
  query: Record<string, string>
  scene: number
  shareTicket?: string
  referrerInfo: { appId?: string; extraData?: Record<string, unknown> }
}

/** A permission scope as WeChat names it. */
export type Scope = 'scope.camera' | 'scope.record' | 'scope.userLocation' | 'scope.writePhotosAlbum' | `scope.${string}`

/** granted: the user allowed it; refused: the user said no (authorize now fails without asking); unasked: never asked. */
export type PermissionState = 'granted' | 'refused' | 'unasked'

/** What requestSubscribeMessage answers for a template: the user's (or WeChat's) answer, or a failure with WeChat's errCode. */
export type SubscribeShimAnswer = 'accept' | 'reject' | 'ban' | 'filter' | { errCode: number }

export type NetworkType = 'wifi' | '2g' | '3g' | '4g' | '5g' | 'unknown' | 'none'

export interface ModalRequest {
  title: string
  content: string
  showCancel: boolean
  cancelText: string
  confirmText: string
  editable: boolean
  placeholderText: string
}

export interface ModalAnswer {
  confirm: boolean
  /** Text typed into an editable modal. */
  content?: string
}

export interface ToastRecord {
  title: string
  icon: 'success' | 'error' | 'loading' | 'none'
  duration: number
  mask: boolean
}

export type NavigationKind = 'navigateTo' | 'redirectTo' | 'reLaunch' | 'switchTab' | 'navigateBack'

export interface NavigationRecord {
  kind: NavigationKind
  /** The url as given (navigateBack has none). */
  url?: string
  /** The url's path without leading slash or query, e.g. live/push/push. */
  path?: string
  query?: Record<string, string>
  delta?: number
}

export interface ScanResult {
  result: string
  scanType: string
  charSet: string
  path?: string
  rawData?: string
}

export interface RequestRecord {
  /** The url the app asked for. */
  url: string
  /** Where the request was actually sent (after routing to the test's base URL). */
  sentTo: string
  method: string
  header: Record<string, string>
  data: unknown
  /** Filled in when the request settles. */
  statusCode?: number
  errMsg?: string
}

export interface RequestSuccess extends WxResult {
  data: unknown
  statusCode: number
  header: Record<string, string>
  cookies: string[]
}

export interface RequestOptions extends Callbacks<RequestSuccess> {
  url: string
  method?: string
  data?: unknown
  header?: Record<string, string | number | boolean>
  timeout?: number
  dataType?: string
  responseType?: 'text' | 'arraybuffer'
}

export interface RequestTask {
  abort(): void
  onHeadersReceived(listener: (res: { header: Record<string, string>; statusCode: number }) => void): void
  offHeadersReceived(listener?: (res: { header: Record<string, string>; statusCode: number }) => void): void
}

// ---------------------------------------------------------------------------------------------
// Live pusher / player contexts
// ---------------------------------------------------------------------------------------------

export type MediaKind = 'pusher' | 'player'

export interface ContextCall {
  method: string
  /** The option object the app passed (callbacks included), or undefined. */
  options: Record<string, unknown> | undefined
}

export const LIVE_PUSHER_METHODS = [
  'start', 'stop', 'pause', 'resume', 'switchCamera', 'snapshot', 'toggleTorch',
  'startPreview', 'stopPreview', 'playBGM', 'stopBGM', 'pauseBGM', 'resumeBGM', 'setBGMVolume',
  'setMICVolume', 'startAudioRecord', 'stopAudioRecord', 'sendMessage', 'getMaxZoom', 'setZoom',
] as const

export const LIVE_PLAYER_METHODS = [
  'play', 'stop', 'pause', 'resume', 'mute', 'requestFullScreen', 'exitFullScreen', 'snapshot',
  'requestPictureInPicture', 'exitPictureInPicture',
] as const

export type LivePusherMethod = (typeof LIVE_PUSHER_METHODS)[number]
export type LivePlayerMethod = (typeof LIVE_PLAYER_METHODS)[number]

type ContextMethod = (options?: Record<string, unknown>) => void

/** Sends an event to the element a context is bound to (set up by the page harness). */
export type ElementEventSender = (eventName: string, detail: Record<string, unknown>) => void

/** Finds the element for a context: the harness provides this so a context can emit element events. */
export type ElementResolver = (context: FakeMediaContext) => ElementEventSender | null

/** What a pusher's or player's snapshot() leaves on the device: a 16x16 JPEG (223 bytes). */
export const SNAPSHOT_JPEG: Uint8Array = Uint8Array.from(Buffer.from('/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgUFBcUFxsbGxsbGyAeICEhISAgICAhISEkJCQqKiokJCQhISQkKCgqKi4vLisrKisvLzIyMjw8OTlGRkhWVmf/xABLAAEBAAAAAAAAAAAAAAAAAAAABQEBAAAAAAAAAAAAAAAAAAAABhABAAAAAAAAAAAAAAAAAAAAABEBAAAAAAAAAAAAAAAAAAAAAP/AABEIABAAEAMBIgACEQADEQD/2gAMAwEAAhEDEQA/AIIB2Ov/2Q==', 'base64'))

/** A recording stand-in for LivePusherContext / LivePlayerContext. */
export interface FakeMediaContext {
  readonly kind: MediaKind
  /** The id given to createLivePlayerContext; null for the pusher (WeChat's takes none). */
  readonly id: string | null
  /** The component instance given to createLivePlayerContext, if any. */
  readonly component: unknown
  /** Every method call, in order. */
  readonly calls: ContextCall[]
  /** Names of the methods called, in order. */
  methods(): string[]
  callsOf(method: string): ContextCall[]
  called(method: string): boolean
  /** Fire an event on the bound live-pusher/live-player element, as the native component would. */
  emit(eventName: string, detail: Record<string, unknown>): boolean
}

export type FakeLivePusherContext = FakeMediaContext & Record<LivePusherMethod, ContextMethod>
export type FakeLivePlayerContext = FakeMediaContext & Record<LivePlayerMethod, ContextMethod>

// ---------------------------------------------------------------------------------------------
// Configuration and recordings
// ---------------------------------------------------------------------------------------------

export interface WxShimConfig {
  /** Overrides merged into the default device (an iPhone on WeChat 8.0.50, base library 3.4.0). */
  system: Partial<SystemInfo>
  /**
   * canIUse() answers false for these: an exact schema ('createLivePusherContext') or a prefix of one
   * ('live-pusher' also covers 'live-pusher.mode'). An API listed here also throws when called, as a
   * missing function would on an old client.
   */
  unsupported: string[]
  /** The state of each permission scope; scopes not listed are 'unasked'. */
  permissions: Partial<Record<Scope, PermissionState>>
  /** What the user answers when authorize() asks about an unasked scope. */
  authorizeAnswer: 'allow' | 'deny'
  /** What the user switches in the settings page that openSetting() opens (true = allowed). */
  openSettingChanges: Partial<Record<Scope, boolean>>
  /** The answer to showModal: a fixed button or a function of the modal shown. */
  modalAnswer: 'confirm' | 'cancel' | ((modal: ModalRequest) => ModalAnswer)
  /** The tapped index of showActionSheet, or 'cancel'. */
  actionSheetAnswer: number | 'cancel'
  /** What scanCode reads, or 'cancel' when the user backs out. */
  scanResult: ScanResult | 'cancel'
  /** The code login() returns. */
  loginCode: string
  /** How long a navigateTo/redirectTo takes to complete (WeChat animates the page in); 0: at once. */
  navigationMs: number
  /**
   * Where wx.request goes: when set, the origin (and base path) of every request URL is replaced by
   * this one, so a test can route the app's configured room-service address to a server on any port.
   * When null, only loopback URLs are sent; others fail as WeChat fails a domain not on the list.
   */
  requestBaseUrl: string | null
  /** Default request timeout in ms (WeChat's default is 60 s). */
  requestTimeout: number
  launchOptions: LaunchOptions
  networkType: NetworkType
  /** Initial storage content (deep-copied). */
  storage: Record<string, unknown>
  /**
   * Context methods that fail, e.g. { 'pusher.start': 'start:fail camera busy' }: the method calls
   * `fail` with that errMsg instead of `success`.
   */
  contextFailures: Partial<Record<`${MediaKind}.${string}`, string>>
  /**
   * When starting a pusher while camera or microphone is refused, fire the live-pusher `error` event
   * WeChat fires (10001 no camera permission, 10002 no microphone permission).
   */
  permissionErrorEvents: boolean
  /** Files on the device by path (e.g. the temp file chooseAvatar hands over), as getFileSystemManager reads them. */
  files: Record<string, Uint8Array>
  /**
   * requestSubscribeMessage's answer per template ID; the first failing template fails the call.
   * A template not listed fails with 20001 (no such template), as WeChat does.
   */
  subscribeAnswers: Partial<Record<string, SubscribeShimAnswer>>
  /**
   * Templates the user answered with "总是保持以上选择": requestSubscribeMessage answers so without
   * asking (over subscribeAnswers), and getSetting({ withSubscriptions: true }) lists them.
   */
  subscribeAlways: Partial<Record<string, 'accept' | 'reject'>>
}

export interface Records {
  /** Every wx API call, in order, with its arguments. */
  calls: Array<{ api: string; args: unknown[] }>
  modals: ModalRequest[]
  toasts: ToastRecord[]
  /** Titles passed to showLoading, in order. */
  loadings: string[]
  /** The loading title shown now, or null. */
  loading: string | null
  /** The toast shown now, or null. */
  toast: ToastRecord | null
  actionSheets: string[][]
  navigations: NavigationRecord[]
  /** Every keepScreenOn value set, in order. */
  keepScreenOn: boolean[]
  /** Scopes authorize() was asked for, in order. */
  authorizeRequests: string[]
  /** Scopes for which the user was actually shown WeChat's permission dialog. */
  authorizePrompts: string[]
  /** How many times openSetting() was called. */
  openSettingCount: number
  /** The template IDs of each requestSubscribeMessage call, in order. */
  subscribeRequests: string[][]
  requests: RequestRecord[]
  pushers: FakeLivePusherContext[]
  players: FakeLivePlayerContext[]
  scans: number
  vibrations: Array<'short' | 'long'>
  clipboard: string | null
  navigationBarTitles: string[]
  /** Listeners registered through wx.onXxx, by event name (AppShow, AppHide, Error, NetworkStatusChange, ...). */
  listeners: Map<string, Array<(...args: unknown[]) => void>>
}

export interface WxShim {
  /** The object to install as the global `wx`. */
  readonly api: WxApi
  readonly config: WxShimConfig
  readonly records: Records
  /** The in-memory storage (the live map: reads see what the app stored). */
  readonly storage: Map<string, unknown>
  /** Back to defaults (plus overrides): storage, permissions, recordings all cleared. */
  reset(overrides?: Partial<WxShimConfig>): void
  /** Change configuration without clearing anything. */
  configure(overrides: Partial<WxShimConfig>): void
  /** Set one permission's state. */
  setPermission(scope: Scope, state: PermissionState): void
  /** Arguments of each call to one API, in order. */
  calls(api: string): unknown[][]
  /** The last pusher context created (throws when none was). */
  lastPusher(): FakeLivePusherContext
  /** The last player context created, optionally the last one for an element id (throws when none was). */
  lastPlayer(id?: string): FakeLivePlayerContext
  /** Fire the listeners registered with wx.on<Event>, e.g. emit('NetworkStatusChange', {...}). */
  emit(event: string, ...args: unknown[]): void
  /** Change the network type and tell onNetworkStatusChange listeners. */
  setNetwork(type: NetworkType): void
  /** Used by the page harness so contexts can fire element events. */
  setElementResolver(resolver: ElementResolver | null): void
}

/** The functions installed as `wx`: WeChat's names, loosely typed arguments. */
export type WxApi = Record<string, unknown>

// ---------------------------------------------------------------------------------------------
// Defaults
// ---------------------------------------------------------------------------------------------

const DEFAULT_SYSTEM: SystemInfo = {
  brand: 'iPhone',
  model: 'iPhone 13',
  system: 'iOS 16.6',
  platform: 'ios',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 753,
  statusBarHeight: 47,
  safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
  screenTop: 91,
  language: 'zh_CN',
  version: '8.0.50',
  SDKVersion: '3.4.0',
  theme: 'light',
  fontSizeSetting: 17,
  enableDebug: false,
  host: { env: 'WeChat' },
  benchmarkLevel: 1,
  cameraAuthorized: true,
  microphoneAuthorized: true,
  locationAuthorized: true,
  notificationAuthorized: true,
  bluetoothEnabled: false,
  locationEnabled: true,
  wifiEnabled: true,
  deviceOrientation: 'portrait',
}

export function defaultConfig(): WxShimConfig {
  return {
    system: {},
    unsupported: [],
    permissions: {},
    authorizeAnswer: 'allow',
    openSettingChanges: {},
    modalAnswer: 'confirm',
    actionSheetAnswer: 'cancel',
    scanResult: { result: '', scanType: 'QR_CODE', charSet: 'utf-8' },
    loginCode: 'test-login-code',
    navigationMs: 0,
    requestBaseUrl: null,
    requestTimeout: 60_000,
    launchOptions: { path: 'pages/index/index', query: {}, scene: 1001, referrerInfo: {} },
    networkType: 'wifi',
    storage: {},
    contextFailures: {},
    permissionErrorEvents: true,
    files: {},
    subscribeAnswers: {},
    subscribeAlways: {},
  }
}

function emptyRecords(): Records {
  return {
    calls: [],
    modals: [],
    toasts: [],
    loadings: [],
    loading: null,
    toast: null,
    actionSheets: [],
    navigations: [],
    keepScreenOn: [],
    authorizeRequests: [],
    authorizePrompts: [],
    openSettingCount: 0,
    subscribeRequests: [],
    requests: [],
    pushers: [],
    players: [],
    scans: 0,
    vibrations: [],
    clipboard: null,
    navigationBarTitles: [],
    listeners: new Map(),
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type Options = Record<string, unknown>

function asOptions(value: unknown): Options {
  return value !== null && typeof value === 'object' ? (value as Options) : {}
}

function str(value: unknown, fallback = ''): string {
  return value === undefined || value === null ? fallback : String(value)
}

function hasCallback(options: Options): boolean {
  return ['success', 'fail', 'complete'].some((key) => typeof options[key] === 'function')
}

type Outcome = { ok: true; res: WxResult & Options } | { ok: false; err: WxError }

/**
 * Deliver an outcome the way WeChat does: callbacks on a later microtask, or a Promise when the caller
 * gave no callback at all.
 */
function settle(options: Options, outcome: Outcome): Promise<WxResult> | undefined {
  const success = options.success as ((r: unknown) => void) | undefined
  const fail = options.fail as ((r: unknown) => void) | undefined
  const complete = options.complete as ((r: unknown) => void) | undefined
  if (!hasCallback(options)) {
    return outcome.ok ? Promise.resolve(outcome.res) : Promise.reject(outcome.err)
  }
  queueMicrotask(() => {
    if (outcome.ok) success?.(outcome.res)
    else fail?.(outcome.err)
    complete?.(outcome.ok ? outcome.res : outcome.err)
  })
  return undefined
}

function ok(api: string, extra: Options = {}): Outcome {
  return { ok: true, res: { errMsg: `${api}:ok`, ...extra } }
}

function failed(api: string, reason: string, errno?: number): Outcome {
  const err: WxError = { errMsg: `${api}:fail ${reason}` }
  if (errno !== undefined) err.errno = errno
  return { ok: false, err }
}

function deepCopy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value)
}

/** Split `/pages/x/y?a=1&b=2` into `pages/x/y` and its query. */
export function parsePageUrl(url: string): { path: string; query: Record<string, string> } {
  const [pathPart, queryPart = ''] = url.split('?', 2)
  const query: Record<string, string> = {}
  for (const pair of queryPart.split('&')) {
    if (!pair) continue
    const [k, v = ''] = pair.split('=', 2)
    query[decodeURIComponent(k)] = decodeURIComponent(v)
  }
  return { path: pathPart.replace(/^\/+/, ''), query }
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1'
}

function toQueryString(data: Options): string {
  return Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))}`)
    .join('&')
}

// ---------------------------------------------------------------------------------------------
// The shim
// ---------------------------------------------------------------------------------------------

export function createWxShim(overrides: Partial<WxShimConfig> = {}): WxShim {
  let config: WxShimConfig = { ...defaultConfig(), ...overrides }
  let records: Records = emptyRecords()
  const storage = new Map<string, unknown>()
  let permissions = new Map<string, PermissionState>()
  let resolver: ElementResolver | null = null

  const loadState = (): void => {
    storage.clear()
    for (const [k, v] of Object.entries(config.storage)) storage.set(k, deepCopy(v))
    permissions = new Map(Object.entries(config.permissions) as Array<[string, PermissionState]>)
  }
  loadState()

  const system = (): SystemInfo => ({ ...DEFAULT_SYSTEM, ...config.system })

  const isUnsupported = (schema: string): boolean =>
    config.unsupported.some((u) => schema === u || schema.startsWith(`${u}.`))

  const requireSupported = (api: string): void => {
    if (isUnsupported(api)) throw new TypeError(`wx.${api} is not a function`)
  }

  const permissionOf = (scope: string): PermissionState => permissions.get(scope) ?? 'unasked'

  const authSetting = (): Record<string, boolean> => {
    const out: Record<string, boolean> = {}
    for (const [scope, state] of permissions) if (state !== 'unasked') out[scope] = state === 'granted'
    return out
  }

  const listen = (event: string) => (listener: unknown): void => {
    if (typeof listener !== 'function') return
    const list = records.listeners.get(event) ?? []
    list.push(listener as (...args: unknown[]) => void)
    records.listeners.set(event, list)
  }
  const unlisten = (event: string) => (listener?: unknown): void => {
    const list = records.listeners.get(event)
    if (!list) return
    if (typeof listener !== 'function') records.listeners.set(event, [])
    else records.listeners.set(event, list.filter((l) => l !== listener))
  }

  const emit = (event: string, ...args: unknown[]): void => {
    for (const listener of [...(records.listeners.get(event) ?? [])]) listener(...args)
  }

  // ---- media contexts ----

  const makeContext = (kind: MediaKind, id: string | null, component: unknown, methodNames: readonly string[]): FakeMediaContext & Record<string, unknown> => {
    const calls: ContextCall[] = []
    const ctx: FakeMediaContext & Record<string, unknown> = {
      kind,
      id,
      component,
      calls,
      methods: () => calls.map((c) => c.method),
      callsOf: (method: string) => calls.filter((c) => c.method === method),
      called: (method: string) => calls.some((c) => c.method === method),
      emit: (eventName: string, detail: Record<string, unknown>) => {
        const send = resolver?.(ctx) ?? null
        if (!send) return false
        send(eventName, detail)
        return true
      },
    }
    for (const method of methodNames) {
      ctx[method] = (options?: Record<string, unknown>) => {
        calls.push({ method, options })
        const opts = asOptions(options)
        const failure = config.contextFailures[`${kind}.${method}`]
        let outcome: Outcome
        if (failure) outcome = { ok: false, err: { errMsg: failure } }
        else if (method === 'snapshot') {
          // A real (16x16) JPEG on the device, so a snapshot can be read and uploaded like any file.
          const tempImagePath = `wxfile://tmp/snapshot-${calls.length}.jpg`
          config.files[tempImagePath] = SNAPSHOT_JPEG.slice()
          outcome = ok(method, { tempImagePath, width: 720, height: 1280 })
        }
        else if (method === 'getMaxZoom') outcome = ok(method, { maxZoom: 5 })
        else outcome = ok(method)
        if (hasCallback(opts)) settle(opts, outcome)
        if (kind === 'pusher' && method === 'start' && !failure && config.permissionErrorEvents) {
          // WeChat reports missing permissions on the element once the pusher tries to open the devices.
          queueMicrotask(() => {
            if (permissionOf('scope.camera') === 'refused') ctx.emit('error', { errCode: 10001, errMsg: '用户禁止使用摄像头' })
            if (permissionOf('scope.record') === 'refused') ctx.emit('error', { errCode: 10002, errMsg: '用户禁止使用录音' })
          })
        }
      }
    }
    return ctx
  }

  // ---- request ----

  const request = (raw: unknown): RequestTask => {
    const options = asOptions(raw) as RequestOptions & Options
    const method = str(options.method, 'GET').toUpperCase()
    const header: Record<string, string> = {}
    for (const [k, v] of Object.entries(options.header ?? {})) header[k.toLowerCase()] = String(v)
    if (!header['content-type']) header['content-type'] = 'application/json'

    const record: RequestRecord = { url: str(options.url), sentTo: '', method, header, data: options.data }
    records.requests.push(record)

    const headerListeners: Array<(res: { header: Record<string, string>; statusCode: number }) => void> = []
    let clientRequest: http.ClientRequest | null = null
    let settled = false
    const finish = (outcome: Outcome): void => {
      if (settled) return
      settled = true
      if (outcome.ok) record.statusCode = outcome.res.statusCode as number
      record.errMsg = outcome.ok ? outcome.res.errMsg : outcome.err.errMsg
      settle(hasCallback(options) ? options : { ...options, success: () => undefined }, outcome)
    }
    const task: RequestTask = {
      abort: () => {
        clientRequest?.destroy()
        finish(failed('request', 'abort'))
      },
      onHeadersReceived: (listener) => {
        headerListeners.push(listener)
      },
      offHeadersReceived: (listener) => {
        const i = listener ? headerListeners.indexOf(listener) : -1
        if (i >= 0) headerListeners.splice(i, 1)
        else if (!listener) headerListeners.length = 0
      },
    }

    let target: URL
    try {
      target = new URL(record.url)
    } catch {
      queueMicrotask(() => finish(failed('request', `invalid url "${record.url}"`)))
      return task
    }
    if (config.requestBaseUrl) {
      const base = new URL(config.requestBaseUrl)
      const basePath = base.pathname.replace(/\/+$/, '')
      target = new URL(`${basePath}${target.pathname}${target.search}`, base.origin)
    } else if (!isLoopback(target.hostname)) {
      queueMicrotask(() => finish(failed('request', 'url not in domain list')))
      return task
    }

    let body: Buffer | undefined
    const data = options.data
    if (method === 'GET' || method === 'HEAD') {
      if (data !== undefined && data !== null) {
        const qs = typeof data === 'string' ? data : toQueryString(asOptions(data))
        if (qs) target.search = target.search ? `${target.search}&${qs}` : `?${qs}`
      }
    } else if (data instanceof ArrayBuffer) {
      body = Buffer.from(data)
    } else if (typeof data === 'string') {
      body = Buffer.from(data)
    } else if (data !== undefined && data !== null) {
      body = Buffer.from(header['content-type'].includes('application/x-www-form-urlencoded') ? toQueryString(asOptions(data)) : JSON.stringify(data))
    }
    record.sentTo = target.toString()

    const transport = target.protocol === 'https:' ? https : http
    const timeout = typeof options.timeout === 'number' ? options.timeout : config.requestTimeout
    const sendHeaders: Record<string, string> = { ...header }
    if (body) sendHeaders['content-length'] = String(body.length)
    clientRequest = transport.request(target, { method, headers: sendHeaders }, (res) => {
      const chunks: Buffer[] = []
      const resHeader: Record<string, string> = {}
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) resHeader[k] = Array.isArray(v) ? v.join(', ') : v
      const statusCode = res.statusCode ?? 0
      for (const l of headerListeners) l({ header: resHeader, statusCode })
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', (e) => finish(failed('request', e.message)))
      res.on('end', () => {
        const buf = Buffer.concat(chunks)
        let resData: unknown
        if (options.responseType === 'arraybuffer') {
          resData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
        } else {
          const text = buf.toString('utf8')
          resData = text
          if ((options.dataType ?? 'json') === 'json') {
            try {
              resData = JSON.parse(text)
            } catch {
              resData = text
            }
          }
        }
        const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? [])
        finish(ok('request', { data: resData, statusCode, header: resHeader, cookies }))
      })
    })
    clientRequest.setTimeout(timeout, () => {
      clientRequest?.destroy()
      finish(failed('request', 'timeout'))
    })
    clientRequest.on('error', (e: NodeJS.ErrnoException) => finish(failed('request', e.code ? `${e.code} ${e.message}` : e.message)))
    if (body) clientRequest.write(body)
    clientRequest.end()
    return task
  }

  // ---- navigation ----

  const navigate = (kind: NavigationKind) => (raw: unknown): Promise<WxResult> | undefined => {
    const options = asOptions(raw)
    if (kind === 'navigateBack') {
      const delta = typeof options.delta === 'number' ? options.delta : 1
      records.navigations.push({ kind, delta })
      return settle(options, ok(kind))
    }
    const url = str(options.url)
    if (!url) return settle(options, failed(kind, 'parameter error: parameter.url should be String instead of Undefined;'))
    const { path, query } = parsePageUrl(url)
    records.navigations.push({ kind, url, path, query })
    if (config.navigationMs <= 0) return settle(options, ok(kind))
    setTimeout(() => settle(options, ok(kind)), config.navigationMs)
    return undefined
  }

  // ---- the API object ----

  const api: Record<string, (...args: unknown[]) => unknown> = {
    // base
    canIUse: (schema: unknown) => !isUnsupported(str(schema)),
    getSystemInfoSync: () => system(),
    getSystemInfo: (o: unknown) => settle(asOptions(o), ok('getSystemInfo', { ...system() })),
    getWindowInfo: () => {
      const s = system()
      return { pixelRatio: s.pixelRatio, screenWidth: s.screenWidth, screenHeight: s.screenHeight, windowWidth: s.windowWidth, windowHeight: s.windowHeight, statusBarHeight: s.statusBarHeight, safeArea: s.safeArea, screenTop: s.screenTop }
    },
    getDeviceInfo: () => {
      const s = system()
      return { brand: s.brand, model: s.model, system: s.system, platform: s.platform, benchmarkLevel: s.benchmarkLevel, abi: 'arm64', deviceAbi: 'arm64', cpuType: 'unknown', memorySize: 4096 }
    },
    getAppBaseInfo: () => {
      const s = system()
      return { SDKVersion: s.SDKVersion, version: s.version, language: s.language, theme: s.theme, fontSizeSetting: s.fontSizeSetting, enableDebug: s.enableDebug, host: s.host }
    },
    getSystemSetting: () => {
      const s = system()
      return { bluetoothEnabled: s.bluetoothEnabled, locationEnabled: s.locationEnabled, wifiEnabled: s.wifiEnabled, deviceOrientation: s.deviceOrientation }
    },
    getAppAuthorizeSetting: () => {
      const s = system()
      const state = (b: boolean): string => (b ? 'authorized' : 'denied')
      return { cameraAuthorized: state(s.cameraAuthorized), microphoneAuthorized: state(s.microphoneAuthorized), locationAuthorized: state(s.locationAuthorized), notificationAuthorized: state(s.notificationAuthorized), albumAuthorized: 'authorized' }
    },
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' }, plugin: {} }),
    getLaunchOptionsSync: () => deepCopy(config.launchOptions),
    getEnterOptionsSync: () => deepCopy(config.launchOptions),
    getMenuButtonBoundingClientRect: () => {
      const s = system()
      const top = s.statusBarHeight + 4
      return { width: 87, height: 32, top, bottom: top + 32, right: s.windowWidth - 7, left: s.windowWidth - 94 }
    },
    nextTick: (fn: unknown) => {
      if (typeof fn === 'function') void Promise.resolve().then(() => (fn as () => void)())
    },

    // app events
    onAppShow: listen('AppShow'),
    offAppShow: unlisten('AppShow'),
    onAppHide: listen('AppHide'),
    offAppHide: unlisten('AppHide'),
    onError: listen('Error'),
    offError: unlisten('Error'),
    onUnhandledRejection: listen('UnhandledRejection'),
    offUnhandledRejection: unlisten('UnhandledRejection'),
    onPageNotFound: listen('PageNotFound'),
    offPageNotFound: unlisten('PageNotFound'),
    onThemeChange: listen('ThemeChange'),
    offThemeChange: unlisten('ThemeChange'),
    onMemoryWarning: listen('MemoryWarning'),
    offMemoryWarning: unlisten('MemoryWarning'),
    onNetworkStatusChange: listen('NetworkStatusChange'),
    offNetworkStatusChange: unlisten('NetworkStatusChange'),
    onWindowResize: listen('WindowResize'),
    offWindowResize: unlisten('WindowResize'),

    // storage
    setStorageSync: (key: unknown, data: unknown) => {
      storage.set(str(key), deepCopy(data))
    },
    getStorageSync: (key: unknown) => {
      const k = str(key)
      return storage.has(k) ? deepCopy(storage.get(k)) : ''
    },
    removeStorageSync: (key: unknown) => {
      storage.delete(str(key))
    },
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => storageInfo(),
    setStorage: (o: unknown) => {
      const options = asOptions(o)
      storage.set(str(options.key), deepCopy(options.data))
      return settle(options, ok('setStorage'))
    },
    getStorage: (o: unknown) => {
      const options = asOptions(o)
      const k = str(options.key)
      return settle(options, storage.has(k) ? ok('getStorage', { data: deepCopy(storage.get(k)) }) : failed('getStorage', 'data not found'))
    },
    removeStorage: (o: unknown) => {
      const options = asOptions(o)
      storage.delete(str(options.key))
      return settle(options, ok('removeStorage'))
    },
    clearStorage: (o: unknown) => {
      storage.clear()
      return settle(asOptions(o), ok('clearStorage'))
    },
    getStorageInfo: (o: unknown) => settle(asOptions(o), ok('getStorageInfo', { ...storageInfo() })),

    // permissions
    getSetting: (o: unknown) => {
      const options = asOptions(o)
      const subscriptions = options.withSubscriptions === true ? { subscriptionsSetting: { mainSwitch: true, itemSettings: { ...config.subscribeAlways } } } : {}
      return settle(options, ok('getSetting', { authSetting: authSetting(), ...subscriptions }))
    },
    authorize: (o: unknown) => {
      const options = asOptions(o)
      const scope = str(options.scope)
      records.authorizeRequests.push(scope)
      let state = permissionOf(scope)
      if (state === 'unasked') {
        records.authorizePrompts.push(scope)
        state = config.authorizeAnswer === 'allow' ? 'granted' : 'refused'
        permissions.set(scope, state)
      }
      return settle(options, state === 'granted' ? ok('authorize') : failed('authorize', 'auth deny'))
    },
    openSetting: (o: unknown) => {
      const options = asOptions(o)
      records.openSettingCount++
      for (const [scope, allowed] of Object.entries(config.openSettingChanges)) permissions.set(scope, allowed ? 'granted' : 'refused')
      return settle(options, ok('openSetting', { authSetting: authSetting() }))
    },

    requestSubscribeMessage: (o: unknown) => {
      const options = asOptions(o)
      const ids = Array.isArray(options.tmplIds) ? options.tmplIds.map((id) => str(id)) : []
      records.subscribeRequests.push(ids)
      const answers: Options = {}
      for (const id of ids) {
        const answer = config.subscribeAlways[id] ?? config.subscribeAnswers[id] ?? { errCode: 20001 }
        if (typeof answer === 'object') {
          return settle(options, { ok: false, err: { errMsg: `requestSubscribeMessage:fail ${answer.errCode}`, errCode: answer.errCode } })
        }
        answers[id] = answer
      }
      return settle(options, ok('requestSubscribeMessage', answers))
    },

    // interaction
    showModal: (o: unknown) => {
      const options = asOptions(o)
      const modal: ModalRequest = {
        title: str(options.title),
        content: str(options.content),
        showCancel: options.showCancel !== false,
        cancelText: str(options.cancelText, '取消'),
        confirmText: str(options.confirmText, '确定'),
        editable: options.editable === true,
        placeholderText: str(options.placeholderText),
      }
      records.modals.push(modal)
      const answer: ModalAnswer =
        typeof config.modalAnswer === 'function' ? config.modalAnswer(modal) : { confirm: config.modalAnswer === 'confirm' || !modal.showCancel }
      const res: Options = { confirm: answer.confirm, cancel: !answer.confirm }
      if (modal.editable) res.content = answer.content ?? ''
      return settle(options, ok('showModal', res))
    },
    showToast: (o: unknown) => {
      const options = asOptions(o)
      const icon = str(options.icon, 'success') as ToastRecord['icon']
      const toast: ToastRecord = { title: str(options.title), icon, duration: typeof options.duration === 'number' ? options.duration : 1500, mask: options.mask === true }
      records.toasts.push(toast)
      records.toast = toast
      records.loading = null
      return settle(options, ok('showToast'))
    },
    hideToast: (o: unknown) => {
      records.toast = null
      return settle(asOptions(o), ok('hideToast'))
    },
    showLoading: (o: unknown) => {
      const options = asOptions(o)
      records.loadings.push(str(options.title))
      records.loading = str(options.title)
      records.toast = null
      return settle(options, ok('showLoading'))
    },
    hideLoading: (o: unknown) => {
      records.loading = null
      return settle(asOptions(o), ok('hideLoading'))
    },
    showActionSheet: (o: unknown) => {
      const options = asOptions(o)
      const items = Array.isArray(options.itemList) ? options.itemList.map((i) => str(i)) : []
      records.actionSheets.push(items)
      const answer = config.actionSheetAnswer
      return settle(options, answer === 'cancel' ? failed('showActionSheet', 'cancel') : ok('showActionSheet', { tapIndex: answer }))
    },
    setNavigationBarTitle: (o: unknown) => {
      const options = asOptions(o)
      records.navigationBarTitles.push(str(options.title))
      return settle(options, ok('setNavigationBarTitle'))
    },
    setNavigationBarColor: (o: unknown) => settle(asOptions(o), ok('setNavigationBarColor')),
    showNavigationBarLoading: (o: unknown) => settle(asOptions(o), ok('showNavigationBarLoading')),
    hideNavigationBarLoading: (o: unknown) => settle(asOptions(o), ok('hideNavigationBarLoading')),
    startPullDownRefresh: (o: unknown) => settle(asOptions(o), ok('startPullDownRefresh')),
    stopPullDownRefresh: (o: unknown) => settle(asOptions(o), ok('stopPullDownRefresh')),
    pageScrollTo: (o: unknown) => settle(asOptions(o), ok('pageScrollTo')),
    hideKeyboard: (o: unknown) => settle(asOptions(o), ok('hideKeyboard')),

    // navigation
    navigateTo: navigate('navigateTo'),
    redirectTo: navigate('redirectTo'),
    reLaunch: navigate('reLaunch'),
    switchTab: navigate('switchTab'),
    navigateBack: navigate('navigateBack'),

    // device
    setKeepScreenOn: (o: unknown) => {
      const options = asOptions(o)
      records.keepScreenOn.push(options.keepScreenOn === true)
      return settle(options, ok('setKeepScreenOn'))
    },
    vibrateShort: (o: unknown) => {
      records.vibrations.push('short')
      return settle(asOptions(o), ok('vibrateShort'))
    },
    vibrateLong: (o: unknown) => {
      records.vibrations.push('long')
      return settle(asOptions(o), ok('vibrateLong'))
    },
    setClipboardData: (o: unknown) => {
      const options = asOptions(o)
      records.clipboard = str(options.data)
      return settle(options, ok('setClipboardData'))
    },
    getClipboardData: (o: unknown) => settle(asOptions(o), ok('getClipboardData', { data: records.clipboard ?? '' })),
    scanCode: (o: unknown) => {
      const options = asOptions(o)
      records.scans++
      const result = config.scanResult
      return settle(options, result === 'cancel' ? failed('scanCode', 'cancel') : ok('scanCode', { ...result }))
    },
    getNetworkType: (o: unknown) => settle(asOptions(o), ok('getNetworkType', { networkType: config.networkType, signalStrength: 0, hasSystemProxy: false })),

    // open
    login: (o: unknown) => settle(asOptions(o), ok('login', { code: config.loginCode })),
    checkSession: (o: unknown) => settle(asOptions(o), ok('checkSession')),

    // network
    request: (o: unknown) => request(o),

    // files
    getFileSystemManager: () => ({
      readFile: (o: unknown) => {
        const options = asOptions(o)
        const file = config.files[str(options.filePath)]
        if (!file) return settle(options, failed('readFile', `no such file or directory, open ${str(options.filePath)}`))
        return settle(options, ok('readFile', { data: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) }))
      },
    }),
    // Stands in for re-encoding: keeps the leading bytes (the format's signature) in proportion to quality.
    compressImage: (o: unknown) => {
      const options = asOptions(o)
      const src = str(options.src)
      const file = config.files[src]
      if (!file) return settle(options, failed('compressImage', 'file not found'))
      const quality = typeof options.quality === 'number' ? options.quality : 80
      const tempFilePath = `${src}.compressed.${quality}`
      config.files[tempFilePath] = file.slice(0, Math.ceil((file.byteLength * quality) / 100))
      return settle(options, ok('compressImage', { tempFilePath }))
    },

    // media
    createLivePusherContext: () => {
      requireSupported('createLivePusherContext')
      const ctx = makeContext('pusher', null, undefined, LIVE_PUSHER_METHODS) as FakeLivePusherContext
      records.pushers.push(ctx)
      return ctx
    },
    createLivePlayerContext: (id: unknown, component?: unknown) => {
      requireSupported('createLivePlayerContext')
      const ctx = makeContext('player', str(id), component, LIVE_PLAYER_METHODS) as FakeLivePlayerContext
      records.players.push(ctx)
      return ctx
    },

    // wxml
    createSelectorQuery: () => createSelectorQuery(),
  }

  const storageInfo = (): { keys: string[]; currentSize: number; limitSize: number } => {
    let bytes = 0
    for (const [k, v] of storage) bytes += Buffer.byteLength(k) + Buffer.byteLength(JSON.stringify(v) ?? '')
    return { keys: [...storage.keys()], currentSize: Math.ceil(bytes / 1024), limitSize: 10240 }
  }

  // Record every call by API name.
  const recorded: WxApi = { env: { USER_DATA_PATH: 'wxfile://usr' } }
  for (const [name, fn] of Object.entries(api)) {
    recorded[name] = (...args: unknown[]) => {
      records.calls.push({ api: name, args })
      return fn(...args)
    }
  }

  const shim: WxShim = {
    api: recorded,
    get config() {
      return config
    },
    get records() {
      return records
    },
    storage,
    reset(next: Partial<WxShimConfig> = {}) {
      config = { ...defaultConfig(), ...next }
      records = emptyRecords()
      loadState()
    },
    configure(next: Partial<WxShimConfig>) {
      config = { ...config, ...next }
      if (next.permissions) for (const [scope, state] of Object.entries(next.permissions)) permissions.set(scope, state as PermissionState)
    },
    setPermission(scope: Scope, state: PermissionState) {
      permissions.set(scope, state)
    },
    calls(name: string) {
      return records.calls.filter((c) => c.api === name).map((c) => c.args)
    },
    lastPusher() {
      const ctx = records.pushers.at(-1)
      if (!ctx) throw new Error('the app created no live-pusher context')
      return ctx
    },
    lastPlayer(id?: string) {
      const list = id === undefined ? records.players : records.players.filter((p) => p.id === id)
      const ctx = list.at(-1)
      if (!ctx) throw new Error(id === undefined ? 'the app created no live-player context' : `the app created no live-player context for "${id}"`)
      return ctx
    },
    emit,
    setNetwork(type: NetworkType) {
      config = { ...config, networkType: type }
      emit('NetworkStatusChange', { isConnected: type !== 'none', networkType: type })
    },
    setElementResolver(next: ElementResolver | null) {
      resolver = next
    },
  }
  return shim
}

// ---------------------------------------------------------------------------------------------
// A minimal SelectorQuery: layout does not exist here, so every rect is zero-sized.
// ---------------------------------------------------------------------------------------------

interface SelectorQuery {
  in(component: unknown): SelectorQuery
  select(selector: string): NodesRef
  selectAll(selector: string): NodesRef
  selectViewport(): NodesRef
  exec(callback?: (results: unknown[]) => void): void
}

interface NodesRef {
  boundingClientRect(callback?: (res: unknown) => void): SelectorQuery
  scrollOffset(callback?: (res: unknown) => void): SelectorQuery
  fields(fields: Record<string, unknown>, callback?: (res: unknown) => void): SelectorQuery
  node(callback?: (res: unknown) => void): SelectorQuery
  context(callback?: (res: unknown) => void): SelectorQuery
}

function createSelectorQuery(): SelectorQuery {
  const pending: Array<{ result: unknown; callback?: (res: unknown) => void }> = []
  const rect = { id: '', dataset: {}, left: 0, right: 0, top: 0, bottom: 0, width: 0, height: 0 }
  const scroll = { id: '', dataset: {}, scrollLeft: 0, scrollTop: 0, scrollWidth: 0, scrollHeight: 0 }
  const query: SelectorQuery = {
    in: () => query,
    select: () => nodesRef(false),
    selectAll: () => nodesRef(true),
    selectViewport: () => nodesRef(false),
    exec(callback) {
      const results = pending.map((p) => p.result)
      const callbacks = pending.splice(0)
      queueMicrotask(() => {
        callbacks.forEach((p) => p.callback?.(p.result))
        callback?.(results)
      })
    },
  }
  const nodesRef = (all: boolean): NodesRef => {
    const add = (result: unknown, callback?: (res: unknown) => void): SelectorQuery => {
      pending.push({ result: all ? [] : result, callback })
      return query
    }
    return {
      boundingClientRect: (cb) => add({ ...rect }, cb),
      scrollOffset: (cb) => add({ ...scroll }, cb),
      fields: (_fields, cb) => add({ ...rect, ...scroll }, cb),
      node: (cb) => add(null, cb),
      context: (cb) => add(null, cb),
    }
  }
  return query
}
