// Several compiled mini-programs in one process, each a phone of its own: its own `wx`, its own copy
// of the compiled app (so its own Vue, pinia and module state), its own pages.
//
// What makes two apps coexist:
// - Module state. Node caches modules by path, and every page requires `common/vendor.js`; each
//   client therefore runs its own copy of the compiled directory.
// - Globals. The uni runtime reads `wx`, `getApp`, `getCurrentPages`, `Component` and `Page` at call
//   time (and replaces some of them with its own wrappers when it loads), and uni calls
//   happen long after a tap (request callbacks, timers, IM events). These globals are dispatchers that
//   look up the client whose code is running, carried by AsyncLocalStorage through timers, promises
//   and sockets. Everything a test does to a client goes through `client.run` (the helpers here do).
// - IM events cross clients: a message one client sends is delivered on the sender's async path, so
//   each client's IM handlers are bound to that client when the page subscribes.
//
// The pages themselves run on miniprogram.ts's MiniProgram/PageHandle; this file provides the
// environment they run in (it replaces openMiniProgram, which keeps a single client per process).
import { AsyncLocalStorage } from 'node:async_hooks'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import type { TimElement } from '../../../src/adapters/im/sdkTypes'
import type { ImClient } from '../../../src/adapters/im/types'
import { markCommonJs } from '../../support/compiledBuild'
import { COMPILED_IM_HOST } from '../../support/compiledImClient'
import type { FakeImServer } from '../../support/fakeIm'
import {
  compiledDir,
  componentLabel,
  installDom,
  MiniProgram,
  readyWhenAddedLater,
  type Environment,
  type MpInstance,
  type PageHandle,
} from '../../support/miniprogram'
import { createWxShim, type ModalRequest, type WxShim, type WxShimConfig } from '../../support/wxShim'

const require = createRequire(import.meta.url)
const globals = globalThis as unknown as Record<string, unknown>

type ComponentOptions = Parameters<Environment['componentConstructor']>[0]
type Lifetime = (this: MpInstance, ...args: unknown[]) => unknown

interface PendingPage {
  route: string
  query: Record<string, string>
}

interface ClientState {
  name: string
  mp: MiniProgram
  /** The `wx` object the client's uni runtime installed when it loaded. */
  wx: Record<string, unknown>
  getApp: (...args: unknown[]) => unknown
  getCurrentPages: () => unknown
  /** The Component/Page constructors the client's uni runtime installed (it wraps the ones it found). */
  Component: (options: unknown) => unknown
  Page: (options: unknown) => unknown
  /** The page being loaded (set around MiniProgram.loadPage, whose Component() call is synchronous). */
  pending: PendingPage | null
}

const current = new AsyncLocalStorage<ClientState>()

function running(what: string): ClientState {
  const state = current.getStore()
  if (!state) throw new Error(`${what} used outside any client: wrap the call in client.run()`)
  return state
}

// ---------------------------------------------------------------------------------------------
// The shared engine: jsdom, exparser, miniprogram-simulate, and the dispatching globals
// ---------------------------------------------------------------------------------------------

interface Engine {
  simulate: Environment['simulate']
  exparser: Environment['exparser']
  componentConstructor: Environment['componentConstructor']
  pageConstructor: Environment['pageConstructor']
}

let engine: Engine | null = null



/** Counts setData per client and, for a page, fires onLoad/onShow after `attached` as WeChat does. */
function instrument(options: ComponentOptions, state: ClientState): void {
  const lifetimes = (options.lifetimes ??= {}) as Record<string, Lifetime | undefined>
  const created = lifetimes.created ?? (options.created as Lifetime | undefined)
  const isPage = typeof (options.methods as Record<string, unknown> | undefined)?.onLoad === 'function'
  const page = isPage ? state.pending : null
  const { mp } = state

  lifetimes.created = function (this: MpInstance, ...args: unknown[]) {
    if (page) this.route = page.route
    const setData = this.setData
    this.setData = function (this: MpInstance, data: Record<string, unknown>, callback?: () => void) {
      mp.recordSetData(page?.route ?? componentLabel(this), data)
      return setData.call(this, data, callback)
    }
    return created?.apply(this, args)
  }
  if (!page) {
    readyWhenAddedLater(lifetimes, options)
  } else {
    const attached = lifetimes.attached
    lifetimes.attached = function (this: MpInstance, ...args: unknown[]) {
      const result = attached?.apply(this, args)
      for (const hook of ['onLoad', 'onShow'] as const) {
        const fn = this[hook]
        if (typeof fn === 'function') (fn as (...a: unknown[]) => unknown).apply(this, hook === 'onLoad' ? [{ ...page.query }] : [])
      }
      return result
    }
  }
}

function setupEngine(): Engine {
  if (engine) return engine
  installDom()
  const simulate = require('miniprogram-simulate') as Environment['simulate']
  const exparser = require('miniprogram-exparser') as Environment['exparser']
  const simulateComponent = globals.Component as Environment['componentConstructor']
  const componentConstructor: Environment['componentConstructor'] = (options) => {
    instrument(options, running('Component()'))
    return simulateComponent(options)
  }
  const pageConstructor: Environment['pageConstructor'] = (options) => componentConstructor(options)

  exparser.addGlobalErrorListener((error) => current.getStore()?.mp.recordError(error))
  // Vue (production build) reports errors from handlers and hooks with console.error(err).
  const consoleError = console.error
  console.error = (...args: unknown[]) => {
    const error = args.find((a) => a instanceof Error)
    if (error) current.getStore()?.mp.recordError(error)
    consoleError.apply(console, args)
  }
  engine = { simulate, exparser, componentConstructor, pageConstructor }
  return engine
}

const wxDispatcher = new Proxy({} as Record<string | symbol, unknown>, {
  get: (_t, key) => running(`wx.${String(key)}`).wx[key as string],
  set: (_t, key, value) => {
    running(`wx.${String(key)}`).wx[key as string] = value
    return true
  },
  has: (_t, key) => key in running('wx').wx,
  ownKeys: () => Reflect.ownKeys(running('wx').wx),
  getOwnPropertyDescriptor: (_t, key) => {
    const d = Reflect.getOwnPropertyDescriptor(running('wx').wx, key)
    return d ? { ...d, configurable: true } : undefined
  },
})

/** After a client's app.js has loaded: the globals it set become per-client, read through dispatchers. */
function installDispatchers(): void {
  globals.wx = wxDispatcher
  globals.getApp = (...args: unknown[]) => running('getApp()').getApp(...args)
  globals.getCurrentPages = () => running('getCurrentPages()').getCurrentPages()
  globals.Component = (options: unknown) => running('Component()').Component(options)
  globals.Page = (options: unknown) => running('Page()').Page(options)
}

// ---------------------------------------------------------------------------------------------
// The IM fake, shared by every client
// ---------------------------------------------------------------------------------------------

/** A message the IM fake accepted from one of the apps, as it went over the wire. */
export interface SentImMessage {
  from: string
  to: string
  conversationType: string
  elements: TimElement[]
}

/**
 * Lets the compiled apps reach `server`: each client's IM events run as that client. `onSent` hears
 * every message an app sent that the IM accepted, in the order the sends completed.
 */
export function shareImServer(server: FakeImServer, onSent?: (message: SentImMessage) => void): () => void {
  globals[COMPILED_IM_HOST] = {
    createClient(): ImClient {
      const { client, sdk } = server.createClientWithSdk()
      if (onSent) {
        const send = sdk.sendMessage.bind(sdk)
        sdk.sendMessage = async (message) => {
          const from = sdk.userID ?? ''
          const reply = await send(message)
          const elements = message.getElements ? message.getElements() : [{ type: message.type, content: message.payload }]
          onSent({ from, to: message.to, conversationType: message.conversationType, elements: structuredClone(elements) })
          return reply
        }
      }
      const on = client.on.bind(client)
      // Subscriptions happen in the page's setup, inside the owning client: bind handlers to it.
      client.on = ((event, handler) => on(event, AsyncLocalStorage.bind(handler))) as ImClient['on']
      return client
    },
  }
  return () => {
    delete globals[COMPILED_IM_HOST]
  }
}

// ---------------------------------------------------------------------------------------------
// A client
// ---------------------------------------------------------------------------------------------

export interface ClientOptions {
  /** Shim configuration for this phone (permissions, loginCode, requestBaseUrl, storage, …). */
  wx?: Partial<WxShimConfig>
  /** The compiled directory to copy; defaults to the one the compiled test project built. */
  dir?: string
}

export class Client {
  /** Text the user types into the next editable modal (the chat input). */
  private typed: string[] = []
  /** Answer to confirmation modals. */
  confirmModals = true
  private followed = 0

  private constructor(
    private readonly state: ClientState,
    readonly wx: WxShim,
    private readonly copy: string,
  ) {}

  /** A cold-launched phone running its own copy of the compiled app. */
  static open(name: string, options: ClientOptions = {}): Client {
    const env = setupEngine()
    const copy = mkdtempSync(path.join(os.tmpdir(), `mp-${name}-`))
    cpSync(options.dir ?? compiledDir(), copy, { recursive: true })
    markCommonJs(copy)

    const wx = createWxShim()
    wx.reset(options.wx)
    const mp = new MiniProgram({ ...env, shim: wx }, copy, false)
    const none = () => undefined
    const state: ClientState = { name, mp, wx: {}, getApp: none, getCurrentPages: () => [], Component: none, Page: none, pending: null }
    const client = new Client(state, wx, copy)
    wx.configure({ modalAnswer: (modal) => client.answer(modal) })
    // launch() installs this client's globals and loads app.js; the uni runtime replaces `wx` with its own.
    current.run(state, () => mp.launch())
    state.wx = globals.wx as Record<string, unknown>
    state.getApp = globals.getApp as ClientState['getApp']
    state.getCurrentPages = globals.getCurrentPages as ClientState['getCurrentPages']
    state.Component = globals.Component as ClientState['Component']
    state.Page = globals.Page as ClientState['Page']
    installDispatchers()
    return client
  }

  get name(): string {
    return this.state.name
  }

  get mp(): MiniProgram {
    return this.state.mp
  }

  /** Runs `fn` as this phone: its wx, its app, its pages. */
  run<T>(fn: () => T): T {
    return current.run(this.state, fn)
  }

  /** The page on top of the stack. */
  get page(): PageHandle {
    return this.mp.currentPage()
  }

  /** Opens a page as navigateTo would. */
  async open(route: string, query: Record<string, string | number | boolean> = {}): Promise<PageHandle> {
    const clean = route.replace(/^\/+/, '').replace(/\?.*$/, '')
    const pending: PendingPage = { route: clean, query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])) }
    this.state.pending = pending
    let loading: Promise<PageHandle>
    try {
      loading = this.run(() => this.mp.loadPage(clean, { query: pending.query }))
    } finally {
      this.state.pending = null
    }
    return loading
  }

  /** Carries out the navigations the app asked for since the last call (the shim only records them). */
  async followNavigation(): Promise<void> {
    const navigations = this.wx.records.navigations
    while (this.followed < navigations.length) {
      const nav = navigations[this.followed++]
      if (nav.kind === 'navigateBack') {
        for (let i = 0; i < (nav.delta ?? 1) && this.mp.pageStack.length > 1; i++) await this.run(() => this.page.unload())
        continue
      }
      if (nav.kind === 'redirectTo') await this.run(() => this.page.unload())
      if (nav.kind === 'reLaunch') while (this.mp.pageStack.length) await this.run(() => this.page.unload())
      await this.open(nav.path ?? '', nav.query ?? {})
    }
  }

  async tap(selector: string): Promise<void> {
    await this.run(() => this.page.tap(selector))
  }

  async input(selector: string, value: string): Promise<void> {
    await this.run(() => this.page.input(selector, value))
  }

  text(selector: string): string {
    return this.page.text(selector)
  }

  exists(selector: string): boolean {
    return this.page.exists(selector)
  }

  /** The user types `text` into the chat input and sends it. */
  async say(text: string): Promise<void> {
    this.typed.push(text)
    await this.tap('#chat-input')
  }

  /** Flushes this phone until `condition` holds; fails naming `what` (with the page text) otherwise. */
  async waitFor(condition: () => boolean, what: string, timeout = 5000): Promise<void> {
    try {
      await this.run(() => this.mp.waitFor(condition, { timeout, message: `${this.name}: ${what}` }))
    } catch (err) {
      const text = this.mp.pageStack.length ? this.page.pageText() : '(no page)'
      throw new Error(`${(err as Error).message}\n${this.name} shows: ${text}`)
    }
  }

  async flush(): Promise<void> {
    await this.run(() => this.mp.flush())
  }

  /** The phone is put away: pages unloaded (the app's own cleanup runs), its copy removed. */
  async close(): Promise<void> {
    try {
      await this.run(() => this.mp.close())
    } finally {
      rmSync(this.copy, { recursive: true, force: true })
    }
  }

  private answer(modal: ModalRequest): { confirm: boolean; content?: string } {
    if (modal.editable) {
      const content = this.typed.shift()
      return content === undefined ? { confirm: false } : { confirm: true, content }
    }
    return { confirm: this.confirmModals || !modal.showCancel }
  }
}
