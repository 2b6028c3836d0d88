// The live room list: first page on show, more on scroll, pull to refresh.
import { onPullDownRefresh, onReachBottom, onShow } from '@dcloudio/uni-app'
import { storeToRefs } from 'pinia'
import { ROOM_LIST_DEFAULT_CNT, type RoomSummary } from '@liveroom/protocol/roomService'
import { useServices } from '@/app/services'
import { stopPullDownRefresh } from '@/adapters/uni/ui'
import { useRoomListStore } from '@/stores/roomList'
import { errorText } from '@/utils/errorText'
import { useAnchorAvatars } from './useAnchorAvatars'
import { useSession, type UseSessionOptions } from './useSession'

/** The anchor as viewers know them: the creator's nickname from the pusher list, else the user ID. */
export function anchorName(room: RoomSummary): string {
  return room.pushers.find((p) => p.userID === room.roomCreator)?.userName || room.roomCreator
}

export interface UseRoomListOptions extends UseSessionOptions {
  pageSize?: number
}

export function useRoomList(options: UseRoomListOptions = {}) {
  const store = useRoomListStore()
  const client = options.client ?? useServices().roomService
  const session = useSession({ ...options, client })
  const pageSize = options.pageSize ?? ROOM_LIST_DEFAULT_CNT
  const avatars = useAnchorAvatars({ client })

  async function load(append: boolean): Promise<void> {
    if (store.loading) return
    store.setLoading(true)
    try {
      await session.ensureLoggedIn()
      const index = append ? store.rooms.length : 0
      const { rooms } = await client.call('get_room_list', { index, cnt: pageSize })
      store.receive(rooms, append, pageSize)
      await avatars.fetchMissing(rooms)
    } catch (err) {
      store.setError(errorText(err))
    } finally {
      store.setLoading(false)
    }
  }

  const refresh = () => load(false)
  const loadMore = () => (store.hasMore && !store.error ? load(true) : Promise.resolve())

  onShow(refresh)
  onPullDownRefresh(async () => {
    await refresh()
    stopPullDownRefresh()
  })
  onReachBottom(loadMore)

  /** The room's thumbnail: its cover on the service ('' while it has none: audio only, not yet snapped). */
  const coverOf = (room: RoomSummary): string => client.imageUrl(room.coverURL ?? '')

  return { ...storeToRefs(store), avatarOf: avatars.avatarOf, coverOf, refresh, loadMore }
}
