// Behaviour of the <live-pusher>: permissions, start/stop, controls and its events, over the pusher store.
import { computed, nextTick } from 'vue'
import { storeToRefs } from 'pinia'
import { canUsePusher, createPusherContext, currentScope, runContext, type LivePusherContext } from '@/adapters/uni/liveContext'
import type { MediaScope } from '@/adapters/uni/permission'
import { isActive, statusLabel } from '@/media/status'
import { LIVE_UNSUPPORTED_MESSAGE } from '@/media/support'
import { clampLevel, usePusherStore, type PusherSettings } from '@/stores/pusher'
import { keyedFlight } from '@/utils/singleFlight'
import { useMediaLifecycle } from './useMediaLifecycle'
import { useMediaPermission } from './useMediaPermission'

export interface UseLivePusherOptions {
  /** Element id of the <live-pusher>. */
  id?: string
  stopOnHide?: boolean
}

export interface CodeEvent {
  detail: { code?: number | string }
}
export interface NetStatusEvent {
  detail: { info?: unknown }
}
export interface ErrorEvent {
  detail: { errCode?: number | string; errMsg?: string }
}

/** The element's events, as <LivePusherView> binds them (useLivePusher's return has all three). */
export interface LivePusherHandlers {
  onStateChange(e: CodeEvent): void
  onNetStatus(e: NetStatusEvent): void
  onError(e: ErrorEvent): void
}

const PUSH_URL = /^rtmps?:\/\/[^\s/]+\/\S+$/

export function validatePushUrl(url: string): string | null {
  if (!url.trim()) return '请输入推流地址'
  if (!PUSH_URL.test(url.trim())) return '推流地址应以 rtmp:// 开头，例如 rtmp://push.example.com/live/stream'
  return null
}

function scopesFor(settings: PusherSettings): MediaScope[] {
  return settings.audioOnly ? ['scope.record'] : ['scope.camera', 'scope.record']
}

export function useLivePusher(options: UseLivePusherOptions = {}) {
  const id = options.id ?? 'pusher'
  const store = usePusherStore()
  const { deniedScopes } = storeToRefs(store)
  const permission = useMediaPermission(deniedScopes)
  // The page instance owns the element; capture it during setup.
  const scope = currentScope()
  let context: LivePusherContext | null = null
  const ctx = () => (context ??= createPusherContext(id, scope))

  const status = computed(() => store.session.status)

  /** Runs a context method; only a failed start fails the push, others are a passing message. */
  async function call(name: keyof LivePusherContext): Promise<boolean> {
    try {
      await runContext(`livePusher.${name}`, ctx()[name])
      return true
    } catch (err) {
      const message = `推流操作失败（${name}）：${err instanceof Error ? err.message : String(err)}`
      if (name === 'start') store.fail(message)
      else store.note(message)
      return false
    }
  }

  const starting = keyedFlight<boolean>()

  /**
   * Starts pushing to `url` (or the current one). Resolves false with a visible reason when it
   * cannot. A second call for the same URL while one is under way (a double tap) joins it.
   */
  function start(url = store.settings.url): Promise<boolean> {
    return starting(url.trim(), () => begin(url))
  }

  async function begin(url: string): Promise<boolean> {
    if (!canUsePusher()) {
      store.fail(LIVE_UNSUPPORTED_MESSAGE)
      return false
    }
    if (isActive(store.session.status) && url.trim() === store.settings.url) return true // already on it
    const invalid = validatePushUrl(url)
    if (invalid) {
      store.fail(invalid)
      return false
    }
    if (!(await permission.ensure(scopesFor(store.settings)))) {
      store.fail(permission.explanation.value ?? '没有摄像头或麦克风权限')
      return false
    }
    store.update({ url: url.trim() })
    store.begin()
    await nextTick() // the url must reach the native component before start
    return call('start')
  }

  /** Stops pushing; a second stop (the page's and the room's, say) does nothing more. */
  function stop(): void {
    if (context && store.session.status !== 'stopped') ctx().stop({})
    store.end()
  }

  useMediaLifecycle({
    session: store.session,
    clearPassing: store.clearPassing,
    release: stop,
    stopOnHide: options.stopOnHide,
  })

  return {
    id,
    session: store.session,
    settings: store.settings,
    status,
    statusText: computed(() => statusLabel('pusher', status.value)),
    permission,
    start,
    stop,
    pause: () => call('pause'),
    resume: () => call('resume'),
    async switchCamera() {
      if (await call('switchCamera')) store.update({ devicePosition: store.settings.devicePosition === 'front' ? 'back' : 'front' })
    },
    toggleMute: () => store.update({ muted: !store.settings.muted }),
    toggleMirror: () => store.update({ mirror: !store.settings.mirror }),
    setBeauty: (level: number) => store.update({ beauty: clampLevel(level) }),
    setWhiteness: (level: number) => store.update({ whiteness: clampLevel(level) }),
    configure: (patch: Partial<PusherSettings>) => store.update(patch),
    reset: (patch?: Partial<PusherSettings>) => store.reset(patch),
    async snapshot(): Promise<string | null> {
      try {
        return (await runContext('livePusher.snapshot', ctx().snapshot)).tempImagePath
      } catch {
        return null
      }
    },
    onStateChange: (e: CodeEvent) => store.applyStateCode(Number(e.detail.code)),
    onNetStatus: (e: NetStatusEvent) => store.applyNetStatus(e.detail.info),
    onError: (e: ErrorEvent) => store.applyErrorCode(Number(e.detail.errCode)),
  }
}
