// The user's identity, kept in storage: a new random ID at every launch would exhaust the IM account quota.
import { computed } from 'vue'
import { nickNameProblem } from '@liveroom/protocol/nickname'
import { NICKNAME_MAX_LENGTH, ROOM_NAME_FORBIDDEN_CHARS } from '@liveroom/protocol/roomService'
import { readStorage, writeStorage } from '@/adapters/uni/storage'
import { useProfileStore, type Profile } from '@/stores/profile'

export const PROFILE_STORAGE_KEY = 'live-room:profile'
export const NICKNAME_MAX = NICKNAME_MAX_LENGTH

// Profiles stored before avatars existed have none.
type StoredProfile = Omit<Profile, 'avatar'> & { avatar?: string }

function isProfile(value: unknown): value is StoredProfile {
  const v = value as Partial<Profile> | null
  return (
    typeof v?.userId === 'string' &&
    /^[A-Za-z0-9_-]{4,32}$/.test(v.userId) &&
    typeof v.nickname === 'string' &&
    (v.avatar === undefined || typeof v.avatar === 'string')
  )
}

export function newProfile(random: () => number = Math.random): Profile {
  let id = ''
  while (id.length < 12) id += Math.floor(random() * 36).toString(36)
  return { userId: `u_${id}`, nickname: `用户${id.slice(-4)}`, avatar: '' }
}

/** Why the service would refuse `name` (trimmed), said in Chinese, or null when it is fine. */
export function validateNickname(name: string): string | null {
  const text = name.trim()
  if (!text) return '昵称不能为空'
  if (nickNameProblem(text)) return `昵称需 1-${NICKNAME_MAX} 个字，不含控制字符和 ${ROOM_NAME_FORBIDDEN_CHARS}`
  return null
}

export function useProfile() {
  const store = useProfileStore()
  if (!store.profile) {
    const stored = readStorage(PROFILE_STORAGE_KEY, isProfile)
    const profile = stored ? { avatar: '', ...stored } : newProfile()
    if (!stored) writeStorage(PROFILE_STORAGE_KEY, profile)
    store.set(profile)
  }
  const profile = computed(() => store.profile as Profile)

  /** Renames the user; returns a reason when the name is not acceptable. */
  function rename(nickname: string): string | null {
    const invalid = validateNickname(nickname)
    if (invalid) return invalid
    keep({ ...profile.value, nickname: nickname.trim() })
    return null
  }

  function keep(next: Profile): void {
    writeStorage(PROFILE_STORAGE_KEY, next)
    store.set(next)
  }

  /** Keeps the avatar path the service gave (see useProfileEditor). */
  function setAvatar(avatar: string): void {
    keep({ ...profile.value, avatar })
  }

  return { profile, rename, setAvatar }
}
