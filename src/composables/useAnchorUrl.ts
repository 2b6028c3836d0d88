// A push URL made by the room service (get_anchor_url), for the push tool: signed by the
// service, so the client never builds stream URLs itself.
import { ref } from 'vue'
import { useServices } from '@/app/services'
import { errorText } from '@/utils/errorText'
import { useSession, type UseSessionOptions } from './useSession'

export function useAnchorUrl(options: Omit<UseSessionOptions, 'im'> = {}) {
  const client = options.client ?? useServices().roomService
  // The push tool lives in the main package: it logs in to the room service only, not IM.
  const session = useSession({ ...options, client })
  const loading = ref(false)
  const error = ref<string | null>(null)

  /** Resolves the push URL, or null with `error` saying why. */
  async function fetch(): Promise<string | null> {
    if (loading.value) return null
    loading.value = true
    error.value = null
    try {
      await session.ensureLoggedIn()
      const { pushURL } = await client.call('get_anchor_url', {})
      return pushURL
    } catch (err) {
      error.value = errorText(err)
      return null
    } finally {
      loading.value = false
    }
  }

  return { loading, error, fetch }
}
