// The native <live-pusher>/<live-player> contexts, typed to what the app uses.
import { getCurrentInstance } from 'vue'
import { callUni, type CallbackOptions } from './callback'

type Call<T = unknown> = (options: CallbackOptions<T>) => void

/**
 * LivePusherContext.snapshot: `quality` (base library 2.10.0, default raw), `sourceType` (2.25.0,
 * default stream: the pushed video, not the rendered view); answers a temporary JPEG file.
 */
export interface SnapshotOptions {
  quality?: 'raw' | 'compressed'
  sourceType?: 'stream' | 'view'
}

export interface SnapshotResult {
  tempImagePath: string
  width: number | string
  height: number | string
}

export interface LivePusherContext {
  start: Call
  stop: Call
  pause: Call
  resume: Call
  switchCamera: Call
  snapshot: (options: CallbackOptions<SnapshotResult> & SnapshotOptions) => void
  /** Camera on without pushing (a preview before going live). */
  startPreview: Call
  stopPreview: Call
}

export interface LivePlayerContext {
  play: Call
  stop: Call
  pause: Call
  resume: Call
  mute: Call
  requestFullScreen: (options: CallbackOptions<unknown> & { direction?: 0 | 90 | -90 }) => void
  exitFullScreen: Call
  snapshot: Call<{ tempImagePath: string }>
}

interface LiveContextFactories {
  createLivePusherContext(id: string, scope?: unknown): LivePusherContext
  createLivePlayerContext(id: string, scope?: unknown): LivePlayerContext
}

const factories = () => uni as unknown as LiveContextFactories

/** `scope` is the mini-program page/component instance that owns the element. */
export function createPusherContext(id: string, scope?: unknown): LivePusherContext {
  return factories().createLivePusherContext(id, scope)
}

export function createPlayerContext(id: string, scope?: unknown): LivePlayerContext {
  return factories().createLivePlayerContext(id, scope)
}

export function canUsePusher(): boolean {
  return uni.canIUse('createLivePusherContext')
}

export function canUsePlayer(): boolean {
  return uni.canIUse('createLivePlayerContext')
}

export function canUseLiveComponents(): boolean {
  return canUsePusher() && canUsePlayer()
}

/** Takes a snapshot of the pusher's picture: the temporary image file's path. */
export async function snapshotPusher(context: LivePusherContext, options: SnapshotOptions): Promise<string> {
  const result = await callUni<SnapshotResult, SnapshotOptions>('livePusher.snapshot', (o) => context.snapshot(o), options)
  return result.tempImagePath
}

/** Runs a context method and settles when its callback fires. */
export function runContext<T>(name: string, method: Call<T>): Promise<T> {
  return callUni<T>(name, (options) => method(options))
}

/**
 * Injection key under which the owner of a player (the component that called useLivePlayer) takes the
 * instance that renders its <live-player id>: WeChat finds a player only through the component whose
 * template holds it, and that is <LivePlayerView>, not the owner. One key per element id, so a page
 * and the co-anchor windows inside it each reach their own.
 */
export const playerScopeKey = (id: string): string => `live-player-scope:${id}`

/** The mini-program page/component instance behind the current Vue component (call during setup). */
export function currentScope(): unknown {
  const proxy = getCurrentInstance()?.proxy as { $scope?: unknown } | undefined
  return proxy?.$scope
}
