// The audience panel of one visit: who is watching (the newest 100 the room service lists, with
// the total), fetched when the panel opens and kept current from the IM group's member tips while
// it is open. Closed, it holds nothing, so entering a room sends no audience to the page.
import { onScopeDispose, readonly, ref, shallowRef, type Ref } from 'vue'
import type { AudienceInfo } from '@liveroom/protocol/roomService'
import type { RoomServiceClient } from '@/adapters/roomService'
import type { ImClient } from '@/adapters/im/types'
import { errorText } from '@/utils/errorText'

export interface AudienceMember {
  userID: string
  nickName: string
  /** '' when the viewer has none. */
  avatar: string
}

export interface UseAudienceOptions {
  roomService: RoomServiceClient
  im: ImClient
  roomID: () => string | null
  /** Least time between two refreshes caused by members coming and going, ms. Default 2000. */
  refreshIntervalMs?: number
}

export interface UseAudienceReturn {
  /** The panel is open. */
  shown: Readonly<Ref<boolean>>
  members: Readonly<Ref<readonly AudienceMember[]>>
  total: Readonly<Ref<number>>
  /** Why the list could not be fetched, or null. */
  error: Readonly<Ref<string | null>>
  open(): Promise<void>
  close(): void
  /** Takes a member off the list at once (the anchor removed them). */
  remove(userID: string): void
}

/** `userInfo` is the JSON `{"userName","userAvatar"}` each viewer wrote about itself: checked, not trusted. */
export function audienceMember({ userID, userInfo }: AudienceInfo): AudienceMember {
  let info: unknown
  try {
    info = JSON.parse(userInfo)
  } catch {
    info = null
  }
  const field = (key: string) => (typeof info === 'object' && info !== null && typeof (info as Record<string, unknown>)[key] === 'string' ? String((info as Record<string, unknown>)[key]) : '')
  return { userID, nickName: field('userName') || userID, avatar: field('userAvatar') }
}

export function useAudience({ roomService, im, roomID, refreshIntervalMs = 2000 }: UseAudienceOptions): UseAudienceReturn {
  const shown = ref(false)
  const members = shallowRef<readonly AudienceMember[]>([])
  const total = ref(0)
  const error = ref<string | null>(null)
  /** Numbers fetches: an answer counts only if no newer fetch or close came after it. */
  let fetchSeq = 0
  let timer: ReturnType<typeof setTimeout> | null = null

  async function fetch(): Promise<void> {
    const id = roomID()
    const seq = ++fetchSeq
    if (!id) return
    try {
      const reply = await roomService.call('get_audiences', { roomID: id })
      if (seq !== fetchSeq) return
      members.value = reply.audiences.map(audienceMember)
      total.value = reply.audienceCount
      error.value = null
    } catch (err) {
      if (seq === fetchSeq) error.value = errorText(err)
    }
  }

  function remove(userID: string): void {
    const kept = members.value.filter((m) => m.userID !== userID)
    if (kept.length === members.value.length) return
    members.value = kept
    total.value = Math.max(0, total.value - 1)
  }

  // A busy room's comings and goings are one refresh per interval, not one per tip.
  const off = im.on('membersChanged', (e) => {
    if (!shown.value || e.roomID !== roomID()) return
    if (e.change === 'left') e.members.forEach((m) => remove(m.userID))
    timer ??= setTimeout(() => {
      timer = null
      if (shown.value) void fetch()
    }, refreshIntervalMs)
  })

  function close(): void {
    shown.value = false
    fetchSeq++
    if (timer !== null) clearTimeout(timer)
    timer = null
    members.value = []
    total.value = 0
    error.value = null
  }

  onScopeDispose(() => {
    off()
    close()
  })

  return {
    shown: readonly(shown),
    members,
    total: readonly(total),
    error: readonly(error),
    open() {
      shown.value = true
      return fetch()
    },
    close,
    remove,
  }
}
