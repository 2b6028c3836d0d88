// One <live-pusher> and its state: permissions, start/stop, controls and its events. Each call owns
// its settings and session: the push tool and a live room never see each other's.
import { computed, nextTick, reactive, ref, type ComputedRef, type Ref } from 'vue'
import { canUsePusher, createPusherContext, currentScope, runContext, snapshotPusher, type LivePusherContext } from '@/adapters/uni/liveContext'
import type { MediaScope } from '@/adapters/uni/permission'
import { COMPONENT_ERRORS, PUSHER_EVENTS } from '@/media/events'
import { clampLevel, DEFAULT_PUSHER_SETTINGS, type PusherSettings } from '@/media/pusherSettings'
import { applyEvent, applyNetStatus, beginSession, clearPassingMessage, createSession, endSession, failSession, noteSession, type MediaSession } from '@/media/session'
import { isActive, statusLabel, type MediaStatus } from '@/media/status'
import { LIVE_UNSUPPORTED_MESSAGE } from '@/media/support'
import { keyedFlight } from '@/utils/singleFlight'
import { useMediaLifecycle } from './useMediaLifecycle'
import { useMediaPermission, type MediaPermission } from './useMediaPermission'

export interface UseLivePusherOptions {
  /** Element id of the <live-pusher>. */
  id?: string
  stopOnHide?: boolean
  /** What this page pushes with, over the defaults. */
  settings?: Partial<PusherSettings>
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

/** What <LivePusherView> binds: the settings and the element's events (useLivePusher's return has them). */
export interface LivePusherBinding {
  settings: Readonly<PusherSettings>
  onStateChange(e: CodeEvent): void
  onNetStatus(e: NetStatusEvent): void
  onError(e: ErrorEvent): void
}

export interface LivePusher extends LivePusherBinding {
  id: string
  session: Readonly<MediaSession>
  settings: Readonly<PusherSettings>
  status: ComputedRef<MediaStatus>
  statusText: ComputedRef<string>
  permission: MediaPermission
  start(url?: string): Promise<boolean>
  stop(): void
  pause(): Promise<boolean>
  resume(): Promise<boolean>
  switchCamera(): Promise<void>
  /** Shows the camera without pushing; false (with a passing message) when it cannot. */
  startPreview(): Promise<boolean>
  stopPreview(): Promise<boolean>
  toggleMute(): void
  toggleMirror(): void
  setBeauty(level: number): void
  setWhiteness(level: number): void
  configure(patch: Partial<PusherSettings>): void
  /** A snapshot of the pushed picture (a temporary JPEG file), or null when none could be taken. */
  snapshot(): Promise<string | null>
}

/** The component's permission errors, and the scope each one says is refused. */
const REFUSED_SCOPE: Readonly<Record<number, MediaScope>> = { 10001: 'scope.camera', 10002: 'scope.record' }

const PUSH_URL = /^rtmps?:\/\/[^\s/]+\/\S+$/

export function validatePushUrl(url: string): string | null {
  if (!url.trim()) return '请输入推流地址'
  if (!PUSH_URL.test(url.trim())) return '推流地址应以 rtmp:// 开头，例如 rtmp://push.example.com/live/stream'
  return null
}

function scopesFor(settings: PusherSettings): MediaScope[] {
  return settings.audioOnly ? ['scope.record'] : ['scope.camera', 'scope.record']
}

export function useLivePusher(options: UseLivePusherOptions = {}): LivePusher {
  const id = options.id ?? 'pusher'
  const session = reactive(createSession())
  const settings = reactive<PusherSettings>({ ...DEFAULT_PUSHER_SETTINGS, ...options.settings })
  const deniedScopes: Ref<MediaScope[]> = ref([])
  const permission = useMediaPermission(deniedScopes)
  const configure = (patch: Partial<PusherSettings>) => {
    Object.assign(settings, patch)
    settings.beauty = clampLevel(settings.beauty)
    settings.whiteness = clampLevel(settings.whiteness)
  }
  // The page instance owns the element; capture it during setup.
  const scope = currentScope()
  let context: LivePusherContext | null = null
  const ctx = () => (context ??= createPusherContext(id, scope))

  const status = computed(() => session.status)

  /** Runs a context method; only a failed start fails the push, others are a passing message. */
  async function call(name: keyof LivePusherContext): Promise<boolean> {
    try {
      await runContext(`livePusher.${name}`, ctx()[name])
      return true
    } catch (err) {
      const message = `推流操作失败（${name}）：${err instanceof Error ? err.message : String(err)}`
      if (name === 'start') failSession(session, message)
      else noteSession(session, message)
      return false
    }
  }

  const starting = keyedFlight<boolean>()

  /**
   * Starts pushing to `url` (or the current one). Resolves false with a visible reason when it
   * cannot. A second call for the same URL while one is under way (a double tap) joins it.
   */
  function start(url = settings.url): Promise<boolean> {
    return starting(url.trim(), () => begin(url))
  }

  async function begin(url: string): Promise<boolean> {
    if (!canUsePusher()) {
      failSession(session, LIVE_UNSUPPORTED_MESSAGE)
      return false
    }
    if (isActive(session.status) && url.trim() === settings.url) return true // already on it
    const invalid = validatePushUrl(url)
    if (invalid) {
      failSession(session, invalid)
      return false
    }
    if (!(await permission.ensure(scopesFor(settings)))) {
      failSession(session, permission.explanation.value ?? '没有摄像头或麦克风权限')
      return false
    }
    settings.url = url.trim()
    beginSession(session)
    await nextTick() // the url must reach the native component before start
    return call('start')
  }

  /** Stops pushing; a second stop (the page's and the room's, say) does nothing more. */
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
    statusText: computed(() => statusLabel('pusher', status.value)),
    permission,
    start,
    stop,
    pause: () => call('pause'),
    resume: () => call('resume'),
    async switchCamera() {
      if (await call('switchCamera')) configure({ devicePosition: settings.devicePosition === 'front' ? 'back' : 'front' })
    },
    startPreview: () => call('startPreview'),
    stopPreview: () => call('stopPreview'),
    toggleMute: () => configure({ muted: !settings.muted }),
    toggleMirror: () => configure({ mirror: !settings.mirror }),
    setBeauty: (level: number) => configure({ beauty: level }),
    setWhiteness: (level: number) => configure({ whiteness: level }),
    configure,
    async snapshot(): Promise<string | null> {
      try {
        // Compressed: a share card's picture, uploaded from the phone, needs no more.
        return await snapshotPusher(ctx(), { quality: 'compressed' })
      } catch {
        return null
      }
    },
    onStateChange: (e: CodeEvent) => applyEvent(session, PUSHER_EVENTS, Number(e.detail.code), Date.now()),
    onNetStatus: (e: NetStatusEvent) => applyNetStatus(session, e.detail.info, Date.now()),
    onError(e: ErrorEvent) {
      const code = Number(e.detail.errCode)
      applyEvent(session, COMPONENT_ERRORS, code, Date.now())
      const refused = REFUSED_SCOPE[code]
      if (refused && !deniedScopes.value.includes(refused)) deniedScopes.value = [...deniedScopes.value, refused]
    },
  }
}
