// Every live-player on screen (one on the play tool, several in a co-anchored room), keyed by element id.
import { defineStore } from 'pinia'
import { reactive } from 'vue'
import { PLAYER_EVENTS } from '@/media/events'
import {
  applyEvent,
  applyNetStatus,
  beginSession,
  clearPassingMessage,
  createSession,
  endSession,
  failSession,
  noteSession,
  type MediaSession,
} from '@/media/session'
import type { Orientation } from './pusher'

export type PlayMode = 'live' | 'RTC'

export interface PlayerSettings {
  url: string
  mode: PlayMode
  orientation: Orientation
  objectFit: 'contain' | 'fillCrop'
  muted: boolean
  /** Seconds of buffer: 1–3 for the mixed stream, 0.1–0.3 for low-latency RTC. */
  minCache: number
  maxCache: number
}

export interface PlayerEntry {
  session: MediaSession
  settings: PlayerSettings
  fullScreen: boolean
}

export function defaultPlayerSettings(mode: PlayMode): PlayerSettings {
  const rtc = mode === 'RTC'
  return { url: '', mode, orientation: 'vertical', objectFit: 'contain', muted: false, minCache: rtc ? 0.1 : 1, maxCache: rtc ? 0.3 : 3 }
}

export const usePlayersStore = defineStore('players', () => {
  const players = reactive<Record<string, PlayerEntry>>({})

  function ensure(id: string, mode: PlayMode = 'live'): PlayerEntry {
    players[id] ??= { session: createSession(), settings: defaultPlayerSettings(mode), fullScreen: false }
    return players[id]
  }
  const now = () => Date.now()

  return {
    players,
    ensure,
    remove(id: string) {
      delete players[id]
    },
    update(id: string, patch: Partial<PlayerSettings>) {
      Object.assign(ensure(id).settings, patch)
    },
    /** Switches between the mixed stream (live) and low-latency RTC, with each one's buffer. */
    setMode(id: string, mode: PlayMode) {
      const { minCache, maxCache } = defaultPlayerSettings(mode)
      Object.assign(ensure(id).settings, { mode, minCache, maxCache })
    },
    applyStateCode: (id: string, code: number) => applyEvent(ensure(id).session, PLAYER_EVENTS, code, now()),
    applyNetStatus: (id: string, info: unknown) => applyNetStatus(ensure(id).session, info, now()),
    setFullScreen(id: string, on: boolean) {
      ensure(id).fullScreen = on
    },
    begin: (id: string) => beginSession(ensure(id).session),
    end: (id: string) => endSession(ensure(id).session),
    fail: (id: string, message: string) => failSession(ensure(id).session, message),
    note: (id: string, message: string) => noteSession(ensure(id).session, message),
    clearPassing: (id: string, message: string) => clearPassingMessage(ensure(id).session, message),
  }
})
