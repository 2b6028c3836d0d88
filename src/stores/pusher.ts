// The one live-pusher of the app: its session and settings, shared by the pages that show it.
import { defineStore } from 'pinia'
import { reactive, ref } from 'vue'
import { COMPONENT_ERRORS, PUSHER_EVENTS } from '@/media/events'
import { applyEvent, applyNetStatus, beginSession, clearPassingMessage, createSession, endSession, failSession, noteSession } from '@/media/session'
import type { MediaScope } from '@/adapters/uni/permission'

export type PushQuality = 'SD' | 'HD' | 'FHD' | 'RTC'
export type Orientation = 'vertical' | 'horizontal'

export interface PusherSettings {
  url: string
  mode: PushQuality
  orientation: Orientation
  audioOnly: boolean
  muted: boolean
  /** 0–9 */
  beauty: number
  /** 0–9 */
  whiteness: number
  mirror: boolean
  devicePosition: 'front' | 'back'
  minBitrate: number
  maxBitrate: number
  aspect: '9:16' | '3:4'
}

export const DEFAULT_PUSHER_SETTINGS: Readonly<PusherSettings> = {
  url: '',
  mode: 'HD',
  orientation: 'vertical',
  audioOnly: false,
  muted: false,
  beauty: 5,
  whiteness: 3,
  mirror: false,
  devicePosition: 'front',
  minBitrate: 200,
  maxBitrate: 1000,
  aspect: '9:16',
}

export const clampLevel = (level: number) => Math.min(9, Math.max(0, Math.round(level)))

/** The component's permission errors, and the scope each one says is refused. */
const REFUSED_SCOPE: Readonly<Record<number, MediaScope>> = { 10001: 'scope.camera', 10002: 'scope.record' }

export const usePusherStore = defineStore('pusher', () => {
  const session = reactive(createSession())
  const settings = reactive<PusherSettings>({ ...DEFAULT_PUSHER_SETTINGS })
  const deniedScopes = ref<MediaScope[]>([])

  return {
    session,
    settings,
    deniedScopes,
    update(patch: Partial<PusherSettings>) {
      Object.assign(settings, patch)
      settings.beauty = clampLevel(settings.beauty)
      settings.whiteness = clampLevel(settings.whiteness)
    },
    /**
     * Back to the defaults, keeping the user's beauty and whiteness, then `patch`: a live room or
     * the push tool never inherits another one's bitrates, mute or mirror.
     */
    reset(patch: Partial<PusherSettings> = {}) {
      Object.assign(settings, { ...DEFAULT_PUSHER_SETTINGS, beauty: settings.beauty, whiteness: settings.whiteness, ...patch })
    },
    applyStateCode: (code: number) => applyEvent(session, PUSHER_EVENTS, code, Date.now()),
    applyErrorCode(code: number) {
      applyEvent(session, COMPONENT_ERRORS, code, Date.now())
      const refused = REFUSED_SCOPE[code]
      if (refused && !deniedScopes.value.includes(refused)) deniedScopes.value = [...deniedScopes.value, refused]
    },
    applyNetStatus: (info: unknown) => applyNetStatus(session, info, Date.now()),
    begin: () => beginSession(session),
    end: () => endSession(session),
    fail: (message: string) => failSession(session, message),
    note: (message: string) => noteSession(session, message),
    clearPassing: (message: string) => clearPassingMessage(session, message),
    setDeniedScopes(scopes: MediaScope[]) {
      deniedScopes.value = scopes
    },
  }
})
