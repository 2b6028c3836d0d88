// The camera preview of the new-room page: asks for camera and microphone once, shows the camera
// without pushing, and keeps the look the anchor sets (the live room starts with it).
import { onReady } from '@dcloudio/uni-app'
import { onScopeDispose, watch, type Ref } from 'vue'
import { readAnchorLook, saveAnchorLook } from './anchorLook'
import { useLivePusher, type LivePusher } from './useLivePusher'

export interface UsePushPreviewOptions {
  /** The 纯音频 choice: no camera then. */
  audioOnly: Ref<boolean>
}

export interface UsePushPreviewReturn {
  pusher: LivePusher
  /** Asks again through WeChat's settings page after a refusal, and previews once allowed. */
  openSettings(): Promise<void>
}

export function usePushPreview({ audioOnly }: UsePushPreviewOptions): UsePushPreviewReturn {
  const pusher = useLivePusher({ id: 'preview', settings: { ...readAnchorLook(), audioOnly: audioOnly.value } })
  let previewing = false

  async function preview(): Promise<void> {
    if (previewing || audioOnly.value) return
    previewing = await pusher.startPreview()
  }

  // The element exists once the page is ready; permission is asked for both, as going live needs both.
  onReady(async () => {
    if (await pusher.permission.ensure(['scope.camera', 'scope.record'])) await preview()
  })

  watch(audioOnly, (on) => {
    pusher.configure({ audioOnly: on })
    if (!on && pusher.permission.denied.value.length === 0) void preview()
  })
  watch(
    () => [pusher.settings.beauty, pusher.settings.whiteness, pusher.settings.mirror, pusher.settings.devicePosition] as const,
    () => saveAnchorLook(pusher.settings),
  )
  onScopeDispose(() => {
    if (previewing) void pusher.stopPreview()
  })

  async function openSettings(): Promise<void> {
    if (await pusher.permission.openSettings()) await preview()
  }

  return { pusher, openSettings }
}
