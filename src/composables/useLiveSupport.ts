// Whether this WeChat can run <live-pusher>/<live-player> at all, and the message when it cannot.
import { ref } from 'vue'
import { canUseLiveComponents } from '@/adapters/uni/liveContext'
import { alert } from '@/adapters/uni/ui'
import { LIVE_UNSUPPORTED_MESSAGE } from '@/media/support'

export function useLiveSupport() {
  const supported = ref(canUseLiveComponents())

  /** Resolves true when live features can be used; otherwise tells the user why not. */
  function guard(): boolean {
    if (!supported.value) void alert('无法使用', LIVE_UNSUPPORTED_MESSAGE)
    return supported.value
  }
  return { supported, message: LIVE_UNSUPPORTED_MESSAGE, guard }
}
