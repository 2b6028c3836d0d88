// Runs the compiled mp-weixin output (dist/…/mp-weixin) inside WeChat's component engine (exparser,
// through miniprogram-simulate, on jsdom), with the `wx` shim from ./wxShim standing in for the client.
//
//   const mp = await openMiniProgram({ wx: { permissions: { 'scope.camera': 'refused' } } })
//   const page = await mp.loadPage('live/push/push', { query: { url: 'rtmp://…' } })
//   await page.tap('#start')
//   expect(page.text('#status')).toBe('连接中')
//   await mp.close()
//
// Every openMiniProgram() is a cold launch: the compiled app is loaded afresh (new Vue app, new pinia),
// the shim is reset, and pages follow WeChat's lifecycle order (attached → onLoad → onShow → ready/onReady;
// onHide; onUnload → detached).
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { inject } from 'vitest'
import { markCommonJs } from './compiledBuild'
import { createWxShim, type ElementEventSender, type FakeMediaContext, type WxShim, type WxShimConfig } from './wxShim'

const require = createRequire(import.meta.url)

// ---------------------------------------------------------------------------------------------
// The parts of jsdom, exparser and miniprogram-simulate used here
// ---------------------------------------------------------------------------------------------

interface JsdomModule {
  JSDOM: new (html: string, options?: { pretendToBeVisual?: boolean; url?: string }) => { window: Window & typeof globalThis }
}

interface VirtualTreeNode {
  attrs?: Array<{ name: string; value: unknown }>
}

/** A node of exparser's tree (elements, text nodes, shadow roots). */
export interface ExparserNode {
  childNodes: ExparserNode[]
  shadowRoot?: ExparserNode
  id?: string
  is?: string
  /** The DOM node rendered for it. */
  $$?: Node
  _vt?: VirtualTreeNode
  __virtual?: boolean
  querySelector?(selector: string): ExparserNode | null
  querySelectorAll?(selector: string): ExparserNode[]
  triggerPageLifeTime?(name: string, args: unknown[]): void
}

interface ExparserModule {
  Component: abstract new (...args: never[]) => object
  Element: { getMethodCaller(node: ExparserNode): MpInstance | undefined }
  Event: {
    create(name: string, detail: unknown, options: { bubbles: boolean; composed: boolean; capturePhase: boolean; extraFields?: Record<string, unknown> }): unknown
    dispatchEvent(node: ExparserNode, event: unknown): void
  }
  addGlobalErrorListener(listener: (error: unknown, info: unknown) => void): void
}

/** What simulate.render returns. */
interface SimRootComponent {
  readonly dom: HTMLElement
  readonly instance: MpInstance
  readonly _exparserNode: ExparserNode
  attach(parent: Element): void
  detach(): void
}

interface SimulateModule {
  load(componentPath: string, options: { rootPath: string; compiler?: 'official' | 'simulate' }): string
  render(id: string, properties?: Record<string, unknown>): SimRootComponent
}

/** A mini-program component/page instance (`this` in its methods). */
export interface MpInstance {
  is?: string
  route?: string
  options?: Record<string, string>
  data: Record<string, unknown>
  setData(data: Record<string, unknown>, callback?: () => void): void
  _exparserNode?: ExparserNode
  [method: string]: unknown
}

type Lifetime = (this: MpInstance, ...args: unknown[]) => unknown

type ComponentConstructor = (options: ComponentOptions) => unknown

interface ComponentOptions {
  methods?: Record<string, unknown>
  lifetimes?: Record<string, ((this: MpInstance, ...args: unknown[]) => unknown) | undefined>
  created?: (this: MpInstance, ...args: unknown[]) => unknown
  [key: string]: unknown
}

interface AppOptions {
  onLaunch?: (this: AppOptions, options: unknown) => void
  onShow?: (this: AppOptions, options: unknown) => void
  onHide?: (this: AppOptions) => void
  globalData?: Record<string, unknown>
  [key: string]: unknown
}

// ---------------------------------------------------------------------------------------------
// Where the compiled output is
// ---------------------------------------------------------------------------------------------

/** The compiled mp-weixin directory: COMPILED_DIR, else what test/globalSetup.ts built. */
export function compiledDir(): string {
  const fromEnv = process.env.COMPILED_DIR
  if (fromEnv) return path.resolve(fromEnv)
  let provided: string | undefined
  try {
    provided = inject('compiledDir')
  } catch {
    provided = undefined
  }
  if (!provided) throw new Error('No compiled mini-program: run through the "compiled" vitest project (its globalSetup builds one) or set COMPILED_DIR')
  return provided
}

/** The room-service URL the compiled build was configured with (from its config chunk). */
export function compiledRoomServiceUrl(): string | null {
  try {
    return inject('compiledRoomServiceUrl') || null
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// Process-wide environment: DOM, engine, globals
// ---------------------------------------------------------------------------------------------

export interface Environment {
  simulate: SimulateModule
  exparser: ExparserModule
  shim: WxShim
  /** The Component constructor the uni runtime must see when it loads. */
  componentConstructor: ComponentConstructor
  pageConstructor: ComponentConstructor
}

/** What the page being loaded needs from the Component() wrapper. */
interface PendingPage {
  route: string
  query: Record<string, string>
}

let environment: Environment | null = null
let pendingPage: PendingPage | null = null
let active: MiniProgram | null = null
// Captured before any test can install fake timers: flushing must run on real time.
const realSetTimeout = globalThis.setTimeout
const realConsoleError = console.error

const globals = globalThis as unknown as Record<string, unknown>

export function installDom(): void {
  if (typeof globals.document === 'object') return
  const { JSDOM } = require('jsdom') as JsdomModule
  const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', { pretendToBeVisual: true, url: 'https://servicewechat.com/' })
  // Only what exparser, j-component and miniprogram-simulate reach for.
  globals.window = window
  globals.document = window.document
  for (const name of ['Node', 'Element', 'HTMLElement', 'Event', 'CustomEvent', 'TouchEvent'] as const) globals[name] = window[name]
}

function setupEnvironment(): Environment {
  if (environment) return environment
  installDom()
  const simulate = require('miniprogram-simulate') as SimulateModule
  const exparser = require('miniprogram-exparser') as ExparserModule
  // miniprogram-simulate defines Component() when it loads; pages and components go through it.
  const simulateComponent = globals.Component as ComponentConstructor

  const componentConstructor: ComponentConstructor = (options) => {
    instrumentComponent(options, pendingPage)
    return simulateComponent(options)
  }
  const pageConstructor: ComponentConstructor = (options) => (globals.Component as ComponentConstructor)(options)

  exparser.addGlobalErrorListener((error) => {
    active?.recordError(error)
  })
  // Vue (production build) reports errors from handlers and hooks with console.error(err).
  console.error = (...args: unknown[]) => {
    const error = args.find((a) => a instanceof Error)
    if (error) active?.recordError(error)
    realConsoleError.apply(console, args)
  }

  environment = { simulate, exparser, shim: createWxShim(), componentConstructor, pageConstructor }
  return environment
}

/**
 * WeChat gives every component its `ready` lifetime once laid out, including components a setData
 * adds later (a v-for or v-if growing); uni runs `onMounted` from it. The simulator fires `ready`
 * only for the tree present when the page is attached, so a component added later gets it here.
 */
export function readyWhenAddedLater(lifetimes: Record<string, Lifetime | undefined>, options: ComponentOptions): void {
  const readied = new WeakSet<object>()
  const attachedNow = new WeakSet<object>()
  const ready = lifetimes.ready ?? (options.ready as Lifetime | undefined)
  const attached = lifetimes.attached
  const detached = lifetimes.detached
  lifetimes.ready = function (this: MpInstance, ...args: unknown[]) {
    if (readied.has(this)) return undefined
    readied.add(this)
    return ready?.apply(this, args)
  }
  lifetimes.attached = function (this: MpInstance, ...args: unknown[]) {
    attachedNow.add(this)
    const result = attached?.apply(this, args)
    queueMicrotask(() => {
      const node = this as unknown as { triggerLifeTime?: (name: string, args: unknown[]) => void }
      if (!readied.has(this) && attachedNow.has(this)) node.triggerLifeTime?.('ready', [])
    })
    return result
  }
  lifetimes.detached = function (this: MpInstance, ...args: unknown[]) {
    attachedNow.delete(this)
    return detached?.apply(this, args)
  }
}

/**
 * Prepares a Component() definition: counts setData, and for a page (uni puts `onLoad` in its methods)
 * gives the instance its route and fires onLoad/onShow after `attached`, as WeChat does for pages.
 */
function instrumentComponent(options: ComponentOptions, page: PendingPage | null): void {
  const lifetimes = (options.lifetimes ??= {})
  const created = lifetimes.created ?? options.created
  const isPage = typeof options.methods?.onLoad === 'function'
  const route = isPage && page ? page.route : undefined
  const query = isPage && page ? page.query : undefined

  lifetimes.created = function (this: MpInstance, ...args: unknown[]) {
    if (route !== undefined) this.route = route
    wrapSetData(this, route)
    return created?.apply(this, args)
  }

  if (!isPage) {
    readyWhenAddedLater(lifetimes, options)
  } else {
    const attached = lifetimes.attached
    lifetimes.attached = function (this: MpInstance, ...args: unknown[]) {
      const result = attached?.apply(this, args)
      callMethod(this, 'onLoad', { ...(query ?? {}) })
      callMethod(this, 'onShow')
      return result
    }
  }
}

function callMethod(instance: MpInstance, name: string, ...args: unknown[]): void {
  const fn = instance[name]
  if (typeof fn === 'function') (fn as (...a: unknown[]) => unknown).apply(instance, args)
}

/** A component's name for setData accounting: its tag (the usingComponents key), else its registered id. */
export function componentLabel(instance: MpInstance): string {
  const dom = instance._exparserNode?.$$
  return (dom instanceof Element ? dom.tagName.toLowerCase() : undefined) ?? instance.is ?? 'component'
}

// ---------------------------------------------------------------------------------------------
// setData accounting
// ---------------------------------------------------------------------------------------------

export interface SetDataCall {
  /** The page route, or a component's tag name (its usingComponents key, e.g. stats-panel). */
  component: string
  /** Top-level keys (data paths) set. */
  keys: string[]
  /** UTF-8 bytes of the JSON of the data: what WeChat serialises between logic and render layers. */
  bytes: number
}

export interface SetDataStats {
  calls: number
  bytes: number
  maxBytes: number
  log: SetDataCall[]
}

function emptyStats(): SetDataStats {
  return { calls: 0, bytes: 0, maxBytes: 0, log: [] }
}

function wrapSetData(instance: MpInstance, route: string | undefined): void {
  const original = instance.setData
  if (typeof original !== 'function') return
  instance.setData = function (this: MpInstance, data: Record<string, unknown>, callback?: () => void) {
    active?.recordSetData(route ?? componentLabel(instance), data)
    return original.call(this, data, callback)
  }
}

/** The size WeChat accounts for a setData payload: its JSON in UTF-8. */
export function setDataBytes(data: unknown): number {
  const json = JSON.stringify(data)
  return json === undefined ? 0 : Buffer.byteLength(json, 'utf8')
}

// ---------------------------------------------------------------------------------------------
// The mini-program
// ---------------------------------------------------------------------------------------------

export interface OpenOptions {
  /** Shim configuration for this launch (permissions, modal answers, request routing, …). */
  wx?: Partial<WxShimConfig>
  /** The compiled directory; defaults to compiledDir(). */
  dir?: string
  /**
   * Errors thrown by page code (event handlers, lifecycles, Vue's error path) make the next page
   * action fail. Set true for a test that expects such errors; they are in `mp.errors` either way.
   */
  allowErrors?: boolean
}

export interface LoadPageOptions {
  query?: Record<string, string | number | boolean>
}

/** Open a fresh (cold-launched) mini-program. Closes the previous one if still open. */
export async function openMiniProgram(options: OpenOptions = {}): Promise<MiniProgram> {
  if (active) await active.close()
  const env = setupEnvironment()
  const dir = options.dir ?? compiledDir()
  markCommonJs(dir)
  env.shim.reset(options.wx)
  const mp = new MiniProgram(env, dir, options.allowErrors === true)
  active = mp
  mp.launch()
  return mp
}

export class MiniProgram {
  readonly errors: unknown[] = []
  private readonly pages: PageHandle[] = []
  private stats: SetDataStats = emptyStats()
  private app: AppOptions | null = null
  private checkedErrors = 0
  private closed = false

  constructor(
    private readonly env: Environment,
    readonly dir: string,
    private readonly allowErrors: boolean,
  ) {}

  /** The wx shim: configuration, recordings, contexts. */
  get wx(): WxShim {
    return this.env.shim
  }

  /** What App() was given (uni's app options, with `$vm` and `globalData`). */
  get appOptions(): AppOptions {
    if (!this.app) throw new Error('App() was not called by the compiled app.js')
    return this.app
  }

  /** Loaded pages, bottom to top, like getCurrentPages(). */
  get pageStack(): readonly PageHandle[] {
    return this.pages
  }

  /** Loads app.js afresh, as WeChat does on a cold start. */
  launch(): void {
    const { shim, componentConstructor, pageConstructor } = this.env
    // The uni runtime wraps (and replaces) these globals and `wx` when it loads: give it fresh ones.
    globals.wx = shim.api
    globals.Component = componentConstructor
    globals.Page = pageConstructor
    globals.App = (options: AppOptions) => {
      this.app = options
      const launchOptions = shim.api.getLaunchOptionsSync as () => unknown
      options.onLaunch?.call(options, launchOptions())
      options.onShow?.call(options, launchOptions())
    }
    globals.getApp = () => this.app ?? undefined
    globals.getCurrentPages = () => this.pages.map((p) => p.instance)
    shim.setElementResolver((ctx) => this.resolveElement(ctx))

    for (const key of Object.keys(require.cache)) if (key.startsWith(this.dir + path.sep)) delete require.cache[key]
    require(path.join(this.dir, 'app.js'))
    if (!this.app) throw new Error(`${this.dir}/app.js did not call App()`)
  }

  /** Open a page as WeChat would (navigateTo): onLoad(query) → onShow → onReady. */
  async loadPage(route: string, options: LoadPageOptions = {}): Promise<PageHandle> {
    this.assertOpen()
    const cleanRoute = route.replace(/^\/+/, '').replace(/\?.*$/, '')
    const query: Record<string, string> = {}
    for (const [k, v] of Object.entries(options.query ?? {})) query[k] = String(v)
    if (!existsSync(path.join(this.dir, `${cleanRoute}.js`))) throw new Error(`no compiled page ${cleanRoute} in ${this.dir}`)

    const top = this.pages.at(-1)
    if (top && !top.hidden) top.hide()

    pendingPage = { route: cleanRoute, query }
    let root: SimRootComponent
    try {
      const id = this.env.simulate.load(path.join(this.dir, cleanRoute), { rootPath: this.dir })
      root = this.env.simulate.render(id)
    } finally {
      pendingPage = null
    }
    const handle = new PageHandle(this, root, cleanRoute, query)
    this.pages.push(handle)
    const container = document.createElement('page')
    document.body.appendChild(container)
    root.attach(container)
    await handle.flush()
    return handle
  }

  /** The page on top of the stack. */
  currentPage(): PageHandle {
    const top = this.pages.at(-1)
    if (!top) throw new Error('no page is open')
    return top
  }

  /** The user leaves WeChat: the top page's onHide, then App onHide and wx.onAppHide listeners. */
  async appHide(): Promise<void> {
    const top = this.pages.at(-1)
    if (top && !top.hidden) top.hide()
    this.appOptions.onHide?.call(this.appOptions)
    this.wx.emit('AppHide')
    await this.flush()
  }

  /** The user comes back: App onShow and wx.onAppShow listeners, then the top page's onShow. */
  async appShow(): Promise<void> {
    const launchOptions = this.wx.config.launchOptions
    this.appOptions.onShow?.call(this.appOptions, launchOptions)
    this.wx.emit('AppShow', launchOptions)
    const top = this.pages.at(-1)
    if (top?.hidden) top.show()
    await this.flush()
  }

  /** Cold-launch again keeping storage and permissions (recordings are kept too). */
  async relaunch(): Promise<void> {
    await this.unloadAll()
    this.app = null
    this.launch()
  }

  /** Unload every page (top first) and stop recording. */
  async close(): Promise<void> {
    if (this.closed) return
    try {
      await this.unloadAll()
    } finally {
      this.closed = true
      if (active === this) active = null
      this.env.shim.setElementResolver(null)
    }
  }

  /**
   * Wait until the app is idle: no setData and no wx call for two timer turns. Timer turns, not just
   * microtasks: uni runs handlers of bubbling events (tap) from a setTimeout.
   */
  async flush(): Promise<void> {
    let quietTurns = 0
    for (let turn = 0; turn < 100 && quietTurns < 2; turn++) {
      const before = this.activity()
      await new Promise<void>((resolve) => realSetTimeout(resolve, 0))
      quietTurns = this.activity() === before ? quietTurns + 1 : 0
    }
    this.throwNewErrors()
  }

  /** Flush until `condition` holds (for work that waits on a server), failing after `timeout` ms. */
  async waitFor(condition: () => boolean, { timeout = 5000, message }: { timeout?: number; message?: string } = {}): Promise<void> {
    const deadline = Date.now() + timeout
    for (;;) {
      await this.flush()
      if (condition()) return
      if (Date.now() > deadline) throw new Error(message ?? `condition not met within ${timeout} ms`)
      await new Promise<void>((resolve) => realSetTimeout(resolve, 10))
    }
  }

  private activity(): number {
    return this.stats.calls + this.env.shim.records.calls.length
  }

  setDataStats(): SetDataStats {
    return { ...this.stats, log: [...this.stats.log] }
  }

  resetSetDataStats(): void {
    this.stats = emptyStats()
  }

  /** @internal called for every setData of every component while this mini-program is active. */
  recordSetData(component: string, data: Record<string, unknown>): void {
    const bytes = setDataBytes(data)
    this.stats.calls++
    this.stats.bytes += bytes
    this.stats.maxBytes = Math.max(this.stats.maxBytes, bytes)
    this.stats.log.push({ component, keys: Object.keys(data ?? {}), bytes })
  }

  /** @internal */
  recordError(error: unknown): void {
    this.errors.push(error)
  }

  /** @internal */
  removePage(page: PageHandle): void {
    const i = this.pages.indexOf(page)
    if (i >= 0) this.pages.splice(i, 1)
    const top = this.pages.at(-1)
    if (top?.hidden) top.show()
  }

  /** @internal the environment (engine modules) this mini-program runs in. */
  get engine(): ExparserModule {
    return this.env.exparser
  }

  /** @internal */
  throwNewErrors(): void {
    if (this.allowErrors || this.errors.length === this.checkedErrors) return
    const fresh = this.errors.slice(this.checkedErrors)
    this.checkedErrors = this.errors.length
    const first = fresh[0]
    const error = new Error(`page code threw ${fresh.length} error(s); first: ${first instanceof Error ? first.stack ?? first.message : String(first)}`)
    throw error
  }

  private async unloadAll(): Promise<void> {
    while (this.pages.length) await this.pages[this.pages.length - 1].unload()
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('this mini-program was closed')
  }

  /** Finds the live-pusher (the one in the top page) or the live-player by id, for context events. */
  private resolveElement(ctx: FakeMediaContext): ElementEventSender | null {
    const pages = [...this.pages].reverse()
    for (const page of pages) {
      const node = ctx.kind === 'player' && ctx.id ? page.findNode(`#${ctx.id}`) : page.findNodeByTag('wx-live-pusher')
      if (node) return (eventName, detail) => page.fire(node, eventName, detail)
    }
    return null
  }
}

// ---------------------------------------------------------------------------------------------
// A loaded page
// ---------------------------------------------------------------------------------------------

/** Events that bubble in WeChat; every other event (statechange, input, change, …) does not. */
const BUBBLING_EVENTS = new Set(['touchstart', 'touchmove', 'touchcancel', 'touchend', 'tap', 'longpress', 'longtap', 'transitionend', 'animationstart', 'animationiteration', 'animationend', 'touchforcechange'])

export class PageHandle {
  hidden = false
  unloaded = false

  constructor(
    private readonly mp: MiniProgram,
    readonly root: SimRootComponent,
    readonly route: string,
    readonly query: Record<string, string>,
  ) {}

  /** The page's mini-program instance (`this` in its methods; uni's Vue instance is `instance.$vm`). */
  get instance(): MpInstance {
    return this.root.instance
  }

  /** The shim, for recordings. */
  get wx(): WxShim {
    return this.mp.wx
  }

  /** The first node matching a selector (id/class selectors), searching into child components too. */
  findNode(selector: string): ExparserNode | null {
    return this.search(selector, true)[0] ?? null
  }

  findNodes(selector: string): ExparserNode[] {
    return this.search(selector, false)
  }

  /** The first node rendered with a DOM tag name, e.g. wx-live-pusher. */
  findNodeByTag(tag: string): ExparserNode | null {
    let found: ExparserNode | null = null
    walk(this.root._exparserNode, (node) => {
      if (!found && node.$$ instanceof Element && node.$$.tagName.toLowerCase() === tag) found = node
      return !found
    })
    return found
  }

  /** The element for a selector, or throws naming the selector. */
  $(selector: string): PageElement {
    const node = this.findNode(selector)
    if (!node) throw new Error(`${this.route}: nothing matches ${selector}`)
    return new PageElement(node)
  }

  $$(selector: string): PageElement[] {
    return this.findNodes(selector).map((n) => new PageElement(n))
  }

  exists(selector: string): boolean {
    return this.findNode(selector) !== null
  }

  /** Rendered text of the element, child components included (see PageElement.text). */
  text(selector: string): string {
    return this.$(selector).text
  }

  /** Text of the whole page. */
  pageText(): string {
    return new PageElement(this.root._exparserNode).text
  }

  /** A template attribute of the element as bound (e.g. the `url` of #pusher, `disabled` of a button). */
  attr(selector: string, name: string): unknown {
    return this.$(selector).attr(name)
  }

  async tap(selector: string): Promise<void> {
    await this.dispatch(selector, 'tap', { x: 0, y: 0 })
  }

  /** Types into an input/textarea: fires `input` with WeChat's detail, then `blur` unless told not to. */
  async input(selector: string, value: string, options: { blur?: boolean } = {}): Promise<void> {
    await this.dispatch(selector, 'input', { value, cursor: value.length, keyCode: 0 })
    if (options.blur) await this.dispatch(selector, 'blur', { value, cursor: value.length })
  }

  /** Fires a component event on the element, e.g. dispatch('#pusher', 'statechange', { code: 1002 }). */
  async dispatch(selector: string, eventName: string, detail: Record<string, unknown> = {}): Promise<void> {
    this.assertLive()
    this.fire(this.$(selector).node, eventName, detail)
    await this.flush()
  }

  /** Fires an event on a node now, without flushing: e.g. two taps that land before the page re-renders. */
  fire(node: ExparserNode, eventName: string, detail: Record<string, unknown>): void {
    const { Event } = this.mp.engine
    const bubbles = BUBBLING_EVENTS.has(eventName)
    const event = Event.create(eventName, detail, { bubbles, composed: bubbles, capturePhase: true, extraFields: { touches: [], changedTouches: [] } })
    Event.dispatchEvent(node, event)
  }

  flush(): Promise<void> {
    return this.mp.flush()
  }

  /** The page goes to the background (another page on top, or the app hidden). */
  hide(): void {
    if (this.hidden || this.unloaded) return
    this.hidden = true
    callMethod(this.instance, 'onHide')
    this.triggerPageLifetime('hide')
  }

  show(): void {
    if (!this.hidden || this.unloaded) return
    this.hidden = false
    callMethod(this.instance, 'onShow')
    this.triggerPageLifetime('show')
  }

  /** The user pulls the page down (pages with enablePullDownRefresh). */
  async pullDownRefresh(): Promise<void> {
    this.assertLive()
    callMethod(this.instance, 'onPullDownRefresh')
    await this.flush()
  }

  /** The user scrolls to the bottom of the page. */
  async reachBottom(): Promise<void> {
    this.assertLive()
    callMethod(this.instance, 'onReachBottom')
    await this.flush()
  }

  /** The page is closed (navigateBack): onUnload, then the component tree is detached. */
  async unload(): Promise<void> {
    if (this.unloaded) return
    this.unloaded = true
    callMethod(this.instance, 'onUnload')
    this.root.detach()
    this.root.dom.parentNode?.parentNode?.removeChild(this.root.dom.parentNode)
    this.mp.removePage(this)
    await this.mp.flush()
  }

  private triggerPageLifetime(name: string): void {
    const { Component } = this.mp.engine
    walk(this.root._exparserNode, (node) => {
      if (node instanceof Component) node.triggerPageLifeTime?.(name, [])
      return true
    })
  }

  private search(selector: string, firstOnly: boolean): ExparserNode[] {
    const out: ExparserNode[] = []
    const { Component } = this.mp.engine
    walk(this.root._exparserNode, (node) => {
      if (node instanceof Component && node.shadowRoot?.querySelectorAll) {
        for (const match of node.shadowRoot.querySelectorAll(selector)) if (!out.includes(match)) out.push(match)
      }
      return !(firstOnly && out.length > 0)
    })
    return out
  }

  private assertLive(): void {
    if (this.unloaded) throw new Error(`${this.route} was unloaded`)
  }
}

/** Depth-first over the exparser tree, into shadow roots; `visit` returns false to stop. */
function walk(node: ExparserNode, visit: (node: ExparserNode) => boolean): boolean {
  if (!visit(node)) return false
  if (node.shadowRoot && !walk(node.shadowRoot, visit)) return false
  for (const child of node.childNodes ?? []) if (!walk(child, visit)) return false
  return true
}

export class PageElement {
  constructor(readonly node: ExparserNode) {}

  /** Rendered text: the text of each text node, whitespace collapsed, separate nodes joined by a space. */
  get text(): string {
    const root = this.node.$$
    if (!root) return ''
    const parts: string[] = []
    const visit = (n: Node): void => {
      if (n.nodeType === 3) {
        const t = (n.textContent ?? '').replace(/\s+/g, ' ').trim()
        if (t) parts.push(t)
      }
      n.childNodes.forEach(visit)
    }
    visit(root)
    return parts.join(' ')
  }

  get id(): string | undefined {
    return this.node.id
  }

  /** A template attribute as bound, by its wxml name or camelCase ('max-cache' or 'maxCache'); undefined when not set. */
  attr(name: string): unknown {
    const attrs = this.node._vt?.attrs ?? []
    const camel = name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())
    const found = attrs.find((a) => a.name === name) ?? attrs.find((a) => a.name === camel)
    return found?.value
  }

  /** Every bound template attribute (names as exparser keeps them: camelCase). */
  attrs(): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const a of this.node._vt?.attrs ?? []) out[a.name] = a.value
    return out
  }
}
