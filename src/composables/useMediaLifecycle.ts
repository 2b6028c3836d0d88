// What every pusher/player needs from its page: stay awake while live, release when hidden or gone,
// and let passing warnings go after a while.
import { onHide } from '@dcloudio/uni-app'
import { onScopeDispose, watch } from 'vue'
import { keepScreenOn } from '@/adapters/uni/screen'
import type { MediaSession } from '@/media/session'
import { isActive, type MediaStatus } from '@/media/status'

/** How long a passing warning (weak network, app in background) stays on screen. */
export const PASSING_MESSAGE_MS = 5000

export interface MediaLifecycleOptions {
  session: MediaSession
  /** Clears the message if it is still the passing one given. */
  clearPassing: (message: string) => void
  /** Stops the stream and releases the native component. */
  release: () => void
  /** Stop when the page is hidden (default). A live room may keep pushing in the background instead. */
  stopOnHide?: boolean
}

export function useMediaLifecycle({ session, clearPassing, release, stopOnHide = true }: MediaLifecycleOptions): void {
  const status = (): MediaStatus => session.status
  watch(status, (now, before) => {
    if (isActive(now) !== isActive(before)) keepScreenOn(isActive(now))
  })
  let passing: ReturnType<typeof setTimeout> | null = null
  watch(
    () => [session.message, session.messagePasses] as const,
    ([message, passes]) => {
      if (passing) clearTimeout(passing)
      passing = message && passes ? setTimeout(() => clearPassing(message), PASSING_MESSAGE_MS) : null
    },
  )
  if (stopOnHide) onHide(() => isActive(status()) && release())
  // Scope disposal is the page's unmount in the app and an effect scope's stop in tests.
  onScopeDispose(() => {
    if (passing) clearTimeout(passing)
    if (!isActive(status())) return
    release()
    keepScreenOn(false) // the watcher is already gone with the scope
  })
}
