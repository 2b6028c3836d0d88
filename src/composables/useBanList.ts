// The anchor's 黑名单: the users it banned (newest first, a page at a time, each with its nickname
// and avatar), and 解除 to lift a ban. Loads on show; more on reaching the bottom; loading, empty and
// error states; a failed lift is toasted and the row stays.
import { onReachBottom, onShow } from '@dcloudio/uni-app'
import { computed, ref, shallowRef, type ComputedRef, type Ref } from 'vue'
import type { BannedUser, ProfileInfo } from '@liveroom/protocol/roomService'
import { useServices } from '@/app/services'
import { toast } from '@/adapters/uni/ui'
import { formatStartTime } from '@/utils/recording'
import { errorText } from '@/utils/errorText'
import { singleFlight } from '@/utils/singleFlight'
import { useSession, type UseSessionOptions } from './useSession'

/** Bans fetched per page (the service allows up to BANNED_LIST_MAX_CNT). */
export const BAN_PAGE_SIZE = 20

export const BAN_LIST_TEXT = {
  empty: '黑名单是空的。在直播间点击观众或聊天中的昵称可以拉黑',
  lifted: '已解除拉黑',
} as const

/** A ban as a row of the list shows it. */
export interface BanRow {
  userID: string
  /** The user's nickname, or its user ID when it has no profile. */
  nickName: string
  /** '' when none. */
  avatarUrl: string
  reason: string
  /** Local date and time of the ban. */
  bannedText: string
}

export interface UseBanListReturn {
  rows: ComputedRef<BanRow[]>
  /** Bans held in all (more than the rows while pages remain). */
  total: Readonly<Ref<number>>
  loading: Readonly<Ref<boolean>>
  /** Why the list (or its next page) could not be loaded; null when it loaded. */
  error: Readonly<Ref<string | null>>
  empty: ComputedRef<boolean>
  /** The ban being lifted, while its call is under way. */
  lifting: Readonly<Ref<string | null>>
  /** Loads the first page again (a load under way is joined). */
  refresh(): Promise<void>
  /** Loads the next page, if any. */
  loadMore(): Promise<void>
  /** Lifts the ban; true once it is gone. */
  lift(userID: string): Promise<boolean>
}

export function useBanList(options: UseSessionOptions = {}): UseBanListReturn {
  const client = options.client ?? useServices().roomService
  const session = useSession({ ...options, client })
  const bans = shallowRef<BannedUser[]>([])
  const profiles = shallowRef(new Map<string, ProfileInfo>())
  const total = ref(0)
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const lifting = ref<string | null>(null)
  const loads = singleFlight<void>()

  const rows = computed<BanRow[]>(() =>
    bans.value.map((b) => {
      const profile = profiles.value.get(b.userID)
      return {
        userID: b.userID,
        nickName: profile?.nickName || b.userID,
        avatarUrl: client.imageUrl(profile?.avatar ?? ''),
        reason: b.reason,
        bannedText: formatStartTime(b.banTime),
      }
    }),
  )
  const empty = computed(() => loaded.value && !loading.value && !error.value && bans.value.length === 0)

  /** Names and avatars are a nicety: without them the rows show user IDs. */
  async function addProfiles(page: BannedUser[]): Promise<void> {
    if (!page.length) return
    const found = await client.getProfiles(page.map((b) => b.userID)).catch(() => [])
    profiles.value = new Map([...profiles.value, ...found.map((p) => [p.userID, p] as const)])
  }

  function load(from: number): Promise<void> {
    return loads(async () => {
      loading.value = true
      try {
        await session.ensureLoggedIn()
        const reply = await client.call('get_banned_users', { index: from, cnt: BAN_PAGE_SIZE })
        await addProfiles(reply.bannedUsers)
        bans.value = from === 0 ? reply.bannedUsers : [...bans.value, ...reply.bannedUsers]
        total.value = reply.total
        error.value = null
      } catch (err) {
        error.value = errorText(err)
      } finally {
        loading.value = false
        loaded.value = true
      }
    })
  }

  const refresh = () => load(0)
  const loadMore = () => (bans.value.length < total.value ? load(bans.value.length) : Promise.resolve())

  async function lift(userID: string): Promise<boolean> {
    if (lifting.value) return false
    lifting.value = userID
    try {
      await session.ensureLoggedIn()
      await client.call('unban_user', { userID })
    } catch (err) {
      toast(errorText(err))
      return false
    } finally {
      lifting.value = null
    }
    bans.value = bans.value.filter((b) => b.userID !== userID)
    total.value = Math.max(0, total.value - 1)
    toast(BAN_LIST_TEXT.lifted)
    return true
  }

  onShow(refresh)
  onReachBottom(loadMore)

  return { rows, total, loading, error, empty, lifting, refresh, loadMore, lift }
}
