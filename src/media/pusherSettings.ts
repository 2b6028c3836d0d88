// What a <live-pusher> is set to, and the defaults of a new one.
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
  /** What is pushed instead of the camera while the app is in the background (a network image); '' for none. */
  waitingImage: string
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
  waitingImage: '',
}

export const clampLevel = (level: number) => Math.min(9, Math.max(0, Math.round(level)))
