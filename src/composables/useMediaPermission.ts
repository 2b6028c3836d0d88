// Camera/microphone permission: ask, explain a refusal, and offer the settings page.
import { computed, type ComputedRef, type Ref } from 'vue'
import { explainRefusal, openScopeSettings, requestScopes, type MediaScope } from '@/adapters/uni/permission'

export interface MediaPermission {
  /** The scopes the user refused, as last seen. */
  denied: Ref<MediaScope[]>
  /** What to tell the user about the refusal (with the way to 去设置), or null. */
  explanation: ComputedRef<string | null>
  ensure(scopes: readonly MediaScope[]): Promise<boolean>
  openSettings(): Promise<boolean>
}

export function useMediaPermission(denied: Ref<MediaScope[]>): MediaPermission {
  const explanation = computed(() => (denied.value.length ? explainRefusal(denied.value) : null))

  /** Resolves true when every scope is granted; otherwise records the refused ones. */
  async function ensure(scopes: readonly MediaScope[]): Promise<boolean> {
    denied.value = await requestScopes(scopes)
    return denied.value.length === 0
  }

  async function openSettings(): Promise<boolean> {
    try {
      denied.value = await openScopeSettings(denied.value)
    } catch {
      // The settings page could not open; the explanation stays on screen.
    }
    return denied.value.length === 0
  }

  return { denied, explanation, ensure, openSettings }
}
