// Choices the push and play tools offer, with their Chinese labels.
import type { PlayerSettings, PlayMode } from '@/media/playerSettings'
import type { Orientation, PushQuality } from '@/media/pusherSettings'

interface Option<T extends string> {
  value: T
  label: string
}

export const QUALITY_OPTIONS: ReadonlyArray<Option<PushQuality>> = [
  { value: 'SD', label: '标清' },
  { value: 'HD', label: '高清' },
  { value: 'FHD', label: '超清' },
]

export const ORIENTATION_OPTIONS: ReadonlyArray<Option<Orientation>> = [
  { value: 'vertical', label: '竖屏' },
  { value: 'horizontal', label: '横屏' },
]

export const PLAY_MODE_OPTIONS: ReadonlyArray<Option<PlayMode>> = [
  { value: 'live', label: '直播 (live)' },
  { value: 'RTC', label: '低延时 (RTC)' },
]

export const FIT_OPTIONS: ReadonlyArray<Option<PlayerSettings['objectFit']>> = [
  { value: 'contain', label: '适应 (contain)' },
  { value: 'fillCrop', label: '填充 (fillCrop)' },
]
