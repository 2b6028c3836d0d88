// Who this device's user is: a stable user ID, an editable nickname and avatar.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export interface Profile {
  userId: string
  nickname: string
  /** The avatar's path on the room service (`/avatars/<hash>.<ext>`), '' for none. */
  avatar: string
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
