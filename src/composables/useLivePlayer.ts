// One <live-player> and its state: play/stop, mute, full screen and its events. Each call owns its
// settings and session (the play tool, a live room and each co-anchor window have their own).
import { computed, getCurrentInstance, nextTick, provide, reactive, ref, type ComputedRef } from 'vue'
import { canUsePlayer, createPlayerContext, currentScope, playerScopeKey, runContext, type LivePlayerContext } from '@/adapters/uni/liveContext'
import { PLAYER_EVENTS } from '@/media/events'
import { defaultPlayerSettings, playerCache, type PlayerSettings, type PlayMode } from '@/media/playerSettings'
import { applyEvent, applyNetStatus, beginSession, clearPassingMessage, createSession, endSession, failSession, noteSession, type MediaSession } from '@/media/session'
import { isActive, statusLabel, type MediaStatus } from '@/media/status'
import { LIVE_UNSUPPORTED_MESSAGE } from '@/media/support'
import { keyedFlight } from '@/utils/singleFlight'
import { useMediaLifecycle } from './useMediaLifecycle'
import type { CodeEvent, NetStatusEvent } from './useLivePusher'

export interface UseLivePlayerOptions {
  /** Element id of the <live-player>. */
  id?: string
  mode?: PlayMode
  stopOnHide?: boolean
  /** How this page shows the stream, over the mode's defaults. */
  settings?: Partial<Pick<PlayerSettings, 'orientation' | 'objectFit' | 'muted'>>
}

export interface FullScreenEvent {
  detail: { fullScreen?: boolean }
}

/** What <LivePlayerView> binds: the settings and the element's events (useLivePlayer's return has them). */
export interface LivePlayerBinding {
  settings: Readonly<PlayerSettings>
  onStateChange(e: CodeEvent): void
  onNetStatus(e: NetStatusEvent): void
  onFullScreenChange(e: FullScreenEvent): void
}

export interface LivePlayer extends LivePlayerBinding {
  id: string
  session: Readonly<MediaSession>
  settings: Readonly<PlayerSettings>
  status: ComputedRef<MediaStatus>
  statusText: ComputedRef<string>
  fullScreen: ComputedRef<boolean>
  play(url?: string): Promise<boolean>
  stop(): void
  pause(): Promise<boolean>
  resume(): Promise<boolean>
  toggleMute(): void
  /** Switches between the mixed stream (live) and low-latency RTC, with each one's buffer. */
  setMode(mode: PlayMode): void
  configure(patch: Partial<Omit<PlayerSettings, 'mode'>>): void
  requestFullScreen(): Promise<boolean>
  exitFullScreen(): Promise<boolean>
}

/** The live room's players fill their window. */
export const ROOM_PLAYER_SETTINGS: UseLivePlayerOptions['settings'] = { objectFit: 'fillCrop' }

const PLAY_URL = /^(rtmps?|https?):\/\/[^\s/]+\/\S+$/

export function validatePlayUrl(url: string, mode: PlayMode): string | null {
  const text = url.trim()
  if (!text) return '请输入播放地址'
  if (!PLAY_URL.test(text)) return '播放地址应以 rtmp://、http:// 或 https:// 开头'
  if (mode === 'RTC' && !text.startsWith('rtmp')) return '低延时播放需要 rtmp:// 加速地址'
  return null
}

export function useLivePlayer(options: UseLivePlayerOptions = {}): LivePlayer {
  const id = options.id ?? 'player'
  const session = reactive(createSession())
  const settings = reactive<PlayerSettings>({ ...defaultPlayerSettings(options.mode ?? 'live'), ...options.settings })
  const fullScreen = ref(false)
  let scope = currentScope()
  let context: LivePlayerContext | null = null
  const ctx = () => (context ??= createPlayerContext(id, scope))
  // <LivePlayerView> renders the element and hands its own instance here (see playerScopeKey);
  // a new one (the view mounted again) needs a new context.
  if (getCurrentInstance()) {
    provide(playerScopeKey(id), (viewScope: unknown) => {
      if (viewScope === undefined || viewScope === scope) return
      scope = viewScope
      context = null
    })
  }

  const status = computed(() => session.status)

  /** Runs a context method; only a failed play fails the session, others are a passing message. */
  async function call(name: 'play' | 'pause' | 'resume' | 'exitFullScreen'): Promise<boolean> {
    try {
      await runContext(`livePlayer.${name}`, ctx()[name])
      return true
    } catch (err) {
      const message = `播放操作失败（${name}）：${err instanceof Error ? err.message : String(err)}`
      if (name === 'play') failSession(session, message)
      else noteSession(session, message)
      return false
    }
  }

  const starting = keyedFlight<boolean>()

  /**
   * Plays `url` (or the current one). A second call for the same URL while one is under way (a
   * double tap) joins it; one for another URL plays that one once the first has settled.
   */
  function play(url = settings.url): Promise<boolean> {
    return starting(url.trim(), () => begin(url))
  }

  async function begin(url: string): Promise<boolean> {
    if (!canUsePlayer()) {
      failSession(session, LIVE_UNSUPPORTED_MESSAGE)
      return false
    }
    if (isActive(session.status) && url.trim() === settings.url) return true // already on it
    const invalid = validatePlayUrl(url, settings.mode)
    if (invalid) {
      failSession(session, invalid)
      return false
    }
    settings.url = url.trim()
    beginSession(session)
    await nextTick()
    return call('play')
  }

  /** Stops playing; a second stop does nothing more. */
  function stop(): void {
    if (context && session.status !== 'stopped') ctx().stop({})
    endSession(session)
  }

  useMediaLifecycle({
    session,
    clearPassing: (message) => clearPassingMessage(session, message),
    release: stop,
    stopOnHide: options.stopOnHide,
  })

  return {
    id,
    session,
    settings,
    status,
    statusText: computed(() => statusLabel('player', status.value)),
    fullScreen: computed(() => fullScreen.value),
    play,
    stop,
    pause: () => call('pause'),
    resume: () => call('resume'),
    toggleMute() {
      settings.muted = !settings.muted
    },
    setMode(mode: PlayMode) {
      Object.assign(settings, { mode, ...playerCache(mode) })
    },
    configure(patch: Partial<Omit<PlayerSettings, 'mode'>>) {
      Object.assign(settings, patch)
    },
    requestFullScreen() {
      const direction = settings.orientation === 'horizontal' ? 90 : 0
      return runContext('livePlayer.requestFullScreen', (o) => ctx().requestFullScreen({ ...o, direction })).then(
        () => true,
        () => false,
      )
    },
    exitFullScreen: () => call('exitFullScreen'),
    onStateChange: (e: CodeEvent) => applyEvent(session, PLAYER_EVENTS, Number(e.detail.code), Date.now()),
    onNetStatus: (e: NetStatusEvent) => applyNetStatus(session, e.detail.info, Date.now()),
    onFullScreenChange(e: FullScreenEvent) {
      fullScreen.value = Boolean(e.detail.fullScreen)
    },
  }
}
