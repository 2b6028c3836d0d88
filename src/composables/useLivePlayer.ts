// Behaviour of one <live-player>: play/stop, mute, full screen and its events, over the players store.
import { computed, getCurrentInstance, nextTick, onScopeDispose, provide } from 'vue'
import { canUsePlayer, createPlayerContext, currentScope, playerScopeKey, runContext, type LivePlayerContext } from '@/adapters/uni/liveContext'
import { isActive, statusLabel } from '@/media/status'
import { LIVE_UNSUPPORTED_MESSAGE } from '@/media/support'
import { usePlayersStore, type PlayerSettings, type PlayMode } from '@/stores/players'
import { keyedFlight } from '@/utils/singleFlight'
import { useMediaLifecycle } from './useMediaLifecycle'
import type { CodeEvent, NetStatusEvent } from './useLivePusher'

export interface UseLivePlayerOptions {
  /** Element id of the <live-player>; also its key in the players store. */
  id?: string
  mode?: PlayMode
  stopOnHide?: boolean
  /** Drop the player's state when its scope ends (players that come and go, like co-anchor windows). */
  forgetOnDispose?: boolean
}

export interface FullScreenEvent {
  detail: { fullScreen?: boolean }
}

/** The element's events, as <LivePlayerView> binds them (useLivePlayer's return has all three). */
export interface LivePlayerHandlers {
  onStateChange(e: CodeEvent): void
  onNetStatus(e: NetStatusEvent): void
  onFullScreenChange(e: FullScreenEvent): void
}

/** How a player is shown when the page fixes it rather than following its settings. */
export type PlayerView = Partial<Pick<PlayerSettings, 'orientation' | 'objectFit' | 'muted'>>

/** The live room's players fill their window, whatever the play tool chose for the same player. */
export const ROOM_PLAYER_VIEW: Readonly<PlayerView> = { orientation: 'vertical', objectFit: 'fillCrop', muted: false }

const PLAY_URL = /^(rtmps?|https?):\/\/[^\s/]+\/\S+$/

export function validatePlayUrl(url: string, mode: PlayMode): string | null {
  const text = url.trim()
  if (!text) return '请输入播放地址'
  if (!PLAY_URL.test(text)) return '播放地址应以 rtmp://、http:// 或 https:// 开头'
  if (mode === 'RTC' && !text.startsWith('rtmp')) return '低延时播放需要 rtmp:// 加速地址'
  return null
}

export function useLivePlayer(options: UseLivePlayerOptions = {}) {
  const id = options.id ?? 'player'
  const store = usePlayersStore()
  const entry = store.ensure(id, options.mode)
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

  const status = computed(() => entry.session.status)

  /** Runs a context method; only a failed play fails the session, others are a passing message. */
  async function call(name: 'play' | 'pause' | 'resume' | 'exitFullScreen'): Promise<boolean> {
    try {
      await runContext(`livePlayer.${name}`, ctx()[name])
      return true
    } catch (err) {
      const message = `播放操作失败（${name}）：${err instanceof Error ? err.message : String(err)}`
      if (name === 'play') store.fail(id, message)
      else store.note(id, message)
      return false
    }
  }

  const starting = keyedFlight<boolean>()

  /**
   * Plays `url` (or the current one). A second call for the same URL while one is under way (a
   * double tap) joins it; one for another URL plays that one once the first has settled.
   */
  function play(url = entry.settings.url): Promise<boolean> {
    return starting(url.trim(), () => begin(url))
  }

  async function begin(url: string): Promise<boolean> {
    if (!canUsePlayer()) {
      store.fail(id, LIVE_UNSUPPORTED_MESSAGE)
      return false
    }
    if (isActive(entry.session.status) && url.trim() === entry.settings.url) return true // already on it
    const invalid = validatePlayUrl(url, entry.settings.mode)
    if (invalid) {
      store.fail(id, invalid)
      return false
    }
    store.update(id, { url: url.trim() })
    store.begin(id)
    await nextTick()
    return call('play')
  }

  /** Stops playing; a second stop does nothing more. */
  function stop(): void {
    if (context && entry.session.status !== 'stopped') ctx().stop({})
    store.end(id)
  }

  useMediaLifecycle({
    session: entry.session,
    clearPassing: (message) => store.clearPassing(id, message),
    release: stop,
    stopOnHide: options.stopOnHide,
  })
  if (options.forgetOnDispose) onScopeDispose(() => store.remove(id))

  return {
    id,
    session: entry.session,
    settings: entry.settings,
    status,
    statusText: computed(() => statusLabel('player', status.value)),
    fullScreen: computed(() => entry.fullScreen),
    play,
    stop,
    pause: () => call('pause'),
    resume: () => call('resume'),
    toggleMute: () => store.update(id, { muted: !entry.settings.muted }),
    setMode: (mode: PlayMode) => store.setMode(id, mode),
    configure: (patch: Partial<Omit<PlayerSettings, 'mode'>>) => store.update(id, patch),
    requestFullScreen() {
      const direction = entry.settings.orientation === 'horizontal' ? 90 : 0
      return runContext('livePlayer.requestFullScreen', (o) => ctx().requestFullScreen({ ...o, direction })).then(
        () => true,
        () => false,
      )
    },
    exitFullScreen: () => call('exitFullScreen'),
    onStateChange: (e: CodeEvent) => store.applyStateCode(id, Number(e.detail.code)),
    onNetStatus: (e: NetStatusEvent) => store.applyNetStatus(id, e.detail.info),
    onFullScreenChange: (e: FullScreenEvent) => store.setFullScreen(id, Boolean(e.detail.fullScreen)),
  }
}
