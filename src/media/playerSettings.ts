// What a <live-player> is set to, and the defaults of a new one per mode.
import type { Orientation } from './pusherSettings'

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

/** The buffer of each mode: the mixed stream plays 1–3 s behind, low-latency RTC 0.1–0.3 s. */
export function playerCache(mode: PlayMode): Pick<PlayerSettings, 'minCache' | 'maxCache'> {
  return mode === 'RTC' ? { minCache: 0.1, maxCache: 0.3 } : { minCache: 1, maxCache: 3 }
}

export function defaultPlayerSettings(mode: PlayMode): PlayerSettings {
  return { url: '', mode, orientation: 'vertical', objectFit: 'contain', muted: false, ...playerCache(mode) }
}
