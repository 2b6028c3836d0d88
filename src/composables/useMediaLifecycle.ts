// What every pusher/player needs from its page: stay awake while live, release when hidden or gone.
import { onHide } from '@dcloudio/uni-app'
import { onScopeDispose, watch } from 'vue'
import { keepScreenOn } from '@/adapters/uni/screen'
import { isActive, type MediaStatus } from '@/media/status'

export interface MediaLifecycleOptions {
  status: () => MediaStatus
  /** Stops the stream and releases the native component. */
  release: () => void
  /** Stop when the page is hidden (default). A live room may keep pushing in the background instead. */
  stopOnHide?: boolean
}

export function useMediaLifecycle({ status, release, stopOnHide = true }: MediaLifecycleOptions): void {
  watch(status, (now, before) => {
    if (isActive(now) !== isActive(before)) keepScreenOn(isActive(now))
  })
  if (stopOnHide) onHide(() => isActive(status()) && release())
  // Scope disposal is the page's unmount in the app and an effect scope's stop in tests.
  onScopeDispose(() => {
    if (!isActive(status())) return
    release()
    keepScreenOn(false) // the watcher is already gone with the scope
  })
}
