// Who is logged in to the room service and IM, and how that went.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export type SessionStatus = 'idle' | 'loggingIn' | 'ready' | 'failed'

export const useSessionStore = defineStore('session', () => {
  const status = ref<SessionStatus>('idle')
  const userID = ref<string | null>(null)
  const error = ref<string | null>(null)

  return {
    status,
    userID,
    error,
    begin() {
      status.value = 'loggingIn'
      error.value = null
    },
    succeed(id: string) {
      status.value = 'ready'
      userID.value = id
    },
    fail(message: string) {
      status.value = 'failed'
      error.value = message
    },
    reset() {
      status.value = 'idle'
      userID.value = null
      error.value = null
    },
  }
})
