// Waits for a started pusher to reach the server (1002), or says why it did not.
import { watch } from 'vue'
import type { LivePusher } from './useLivePusher'

export const PUSH_TIMEOUT_MESSAGE = '推流连接超时，请检查网络或推流地址后重试'

export function untilPushing(pusher: LivePusher, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false
    const guard = setTimeout(() => finish(new Error(PUSH_TIMEOUT_MESSAGE)), timeoutMs)
    const stop = watch(
      pusher.status,
      (status) => {
        if (status === 'live') finish(null)
        else if (status === 'failed' || status === 'stopped') finish(new Error(pusher.session.message ?? '推流未能开始'))
      },
      { immediate: true },
    )
    function finish(error: Error | null) {
      if (settled) return
      settled = true
      clearTimeout(guard)
      // The immediate callback may run before `stop` exists.
      queueMicrotask(() => stop())
      if (error) reject(error)
      else resolve()
    }
  })
}
