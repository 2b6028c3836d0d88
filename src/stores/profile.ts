// Who this device's user is: a stable user ID and an editable nickname.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface Profile {
  userId: string
  nickname: string
}

export const useProfileStore = defineStore('profile', () => {
  const profile = ref<Profile | null>(null)
  return {
    profile,
    set(next: Profile) {
      profile.value = next
    },
  }
})
