// The user's identity, kept in storage: a new random ID at every launch would exhaust the IM account quota.
import { computed } from 'vue'
import { readStorage, writeStorage } from '@/adapters/uni/storage'
import { useProfileStore, type Profile } from '@/stores/profile'

export const PROFILE_STORAGE_KEY = 'live-room:profile'
export const NICKNAME_MAX = 20

function isProfile(value: unknown): value is Profile {
  const v = value as Partial<Profile> | null
  return typeof v?.userId === 'string' && /^[A-Za-z0-9_-]{4,32}$/.test(v.userId) && typeof v.nickname === 'string'
}

export function newProfile(random: () => number = Math.random): Profile {
  let id = ''
  while (id.length < 12) id += Math.floor(random() * 36).toString(36)
  return { userId: `u_${id}`, nickname: `用户${id.slice(-4)}` }
}

export function validateNickname(name: string): string | null {
  const text = name.trim()
  if (!text) return '昵称不能为空'
  if ([...text].length > NICKNAME_MAX) return `昵称最多 ${NICKNAME_MAX} 个字`
  return null
}

export function useProfile() {
  const store = useProfileStore()
  if (!store.profile) {
    const stored = readStorage(PROFILE_STORAGE_KEY, isProfile)
    const profile = stored ?? newProfile()
    if (!stored) writeStorage(PROFILE_STORAGE_KEY, profile)
    store.set(profile)
  }
  const profile = computed(() => store.profile as Profile)

  /** Renames the user; returns a reason when the name is not acceptable. */
  function rename(nickname: string): string | null {
    const invalid = validateNickname(nickname)
    if (invalid) return invalid
    const next = { ...profile.value, nickname: nickname.trim() }
    writeStorage(PROFILE_STORAGE_KEY, next)
    store.set(next)
    return null
  }

  return { profile, rename }
}
