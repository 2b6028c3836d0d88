// Anchors' avatars for the room list: rooms list their anchor's avatar only when the anchor sent one
// on going live, so the others come from the anchors' profiles, asked for once per list page.
import { ref } from 'vue'
import { PROFILES_MAX_USER_IDS, type RoomSummary } from '@liveroom/protocol/roomService'
import type { RoomServiceClient } from '@/adapters/roomService/client'

export interface UseAnchorAvatarsOptions {
  client: RoomServiceClient
}

const listedAvatar = (room: RoomSummary) => room.pushers.find((p) => p.userID === room.roomCreator)?.userAvatar ?? ''

export function useAnchorAvatars({ client }: UseAnchorAvatarsOptions) {
  /** Avatar URL by anchor user ID ('' for an anchor without one); anchors asked about already are in it. */
  const profileAvatars = ref<Record<string, string>>({})

  /** Asks in one call about the anchors of `list` not known yet; never fails. */
  async function fetchMissing(list: RoomSummary[]): Promise<void> {
    const known = profileAvatars.value
    const missing = [...new Set(list.filter((r) => !listedAvatar(r) && !(r.roomCreator in known)).map((r) => r.roomCreator))]
    if (missing.length === 0) return
    const asked = missing.slice(0, PROFILES_MAX_USER_IDS)
    try {
      const profiles = await client.getProfiles(asked)
      const found = Object.fromEntries(profiles.map((p) => [p.userID, client.imageUrl(p.avatar)]))
      profileAvatars.value = { ...profileAvatars.value, ...Object.fromEntries(asked.map((id) => [id, found[id] ?? ''])) }
    } catch {
      // Avatars are decoration: the list stays usable without them, and the next page asks again.
    }
  }

  /** The anchor's avatar URL, or '' when there is none (yet). */
  function avatarOf(room: RoomSummary): string {
    return listedAvatar(room) || profileAvatars.value[room.roomCreator] || ''
  }

  return { avatarOf, fetchMissing }
}
