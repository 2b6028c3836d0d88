// A line of news for the user (a refusal, 连麦超时, a kick) that passes after a while, so that it
// does not hide what comes next.
import { onScopeDispose, readonly, ref, type Ref } from 'vue'

export interface UseTransientNoticeReturn {
  text: Readonly<Ref<string | null>>
  show(text: string | null): void
}

export function useTransientNotice(ms: number): UseTransientNoticeReturn {
  const text = ref<string | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null
  const clearTimer = () => timer !== null && clearTimeout(timer)

  function show(next: string | null): void {
    clearTimer()
    text.value = next
    timer = next === null ? null : setTimeout(() => (text.value = null), ms)
  }
  onScopeDispose(clearTimer)

  return { text: readonly(text), show }
}
