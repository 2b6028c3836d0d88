// Whether this WeChat can run <live-pusher>/<live-player> at all, and the message when it cannot.
import { ref } from 'vue'
import { canUseLiveComponents } from '@/adapters/uni/liveContext'
import { alert } from '@/adapters/uni/ui'

export const UNSUPPORTED_MESSAGE =
  '当前微信版本过低，无法使用直播功能。请升级微信（iOS 6.5.21、Android 6.5.19 及以上，基础库 1.7.0 及以上）后重试。'

export function useLiveSupport() {
  const supported = ref(canUseLiveComponents())

  /** Resolves true when live features can be used; otherwise tells the user why not. */
  function guard(): boolean {
    if (!supported.value) void alert('无法使用', UNSUPPORTED_MESSAGE)
    return supported.value
  }
  return { supported, message: UNSUPPORTED_MESSAGE, guard }
}
