// The anchor's look (beauty, whiteness, mirror, camera): chosen in the new-room preview, kept in
// storage, and what the live room's pusher starts with.
import { readStorage, writeStorage } from '@/adapters/uni/storage'
import { clampLevel, DEFAULT_PUSHER_SETTINGS, type PusherSettings } from '@/media/pusherSettings'

export type AnchorLook = Pick<PusherSettings, 'beauty' | 'whiteness' | 'mirror' | 'devicePosition'>

export const ANCHOR_LOOK_STORAGE_KEY = 'live-room:anchor-look'

function isLook(value: unknown): value is AnchorLook {
  const v = value as Partial<AnchorLook> | null
  return (
    typeof v?.beauty === 'number' &&
    typeof v.whiteness === 'number' &&
    typeof v.mirror === 'boolean' &&
    (v.devicePosition === 'front' || v.devicePosition === 'back')
  )
}

export function readAnchorLook(): AnchorLook {
  const stored = readStorage(ANCHOR_LOOK_STORAGE_KEY, isLook)
  if (!stored) {
    const { beauty, whiteness, mirror, devicePosition } = DEFAULT_PUSHER_SETTINGS
    return { beauty, whiteness, mirror, devicePosition }
  }
  return { ...stored, beauty: clampLevel(stored.beauty), whiteness: clampLevel(stored.whiteness) }
}

export function saveAnchorLook({ beauty, whiteness, mirror, devicePosition }: AnchorLook): void {
  writeStorage(ANCHOR_LOOK_STORAGE_KEY, { beauty, whiteness, mirror, devicePosition })
}
