// 继续直播: on launch, an anchor whose last live is still open (the app was killed or lost the
// network) is offered to go back into it before the room times out.
import { onLoad } from '@dcloudio/uni-app'
import type { MyLiveRoom } from '@liveroom/protocol/roomService'
import { useServices } from '@/app/services'
import { confirm } from '@/adapters/uni/ui'
import { useNavigation } from './useNavigation'
import { useSession, type UseSessionOptions } from './useSession'

export type UseResumeOfferOptions = UseSessionOptions

/** The live room page's query for going back into `room` as its anchor. */
export function resumeQuery(room: Pick<MyLiveRoom, 'roomID' | 'roomName'>): string {
  return `role=anchor&resume=1&roomID=${encodeURIComponent(room.roomID)}&name=${encodeURIComponent(room.roomName)}&audioOnly=0`
}

export function useResumeOffer(options: UseResumeOfferOptions = {}) {
  const client = options.client ?? useServices().roomService
  const session = useSession({ ...options, client })
  const { navigateTo } = useNavigation()

  /** Asks once; declining leaves the room to time out. Without the service (not configured, offline) it says nothing. */
  async function offer(): Promise<void> {
    let room: MyLiveRoom | null
    try {
      await session.ensureLoggedIn()
      room = await client.getMyLiveRoom()
    } catch {
      return
    }
    if (!room) return
    const content = `「${room.roomName}」还在直播中，${room.secondsLeft} 秒内不回来将自动结束`
    if (await confirm('继续直播', content, '继续直播', '不用了')) navigateTo(`/live/room/room?${resumeQuery(room)}`)
  }

  onLoad(() => offer())
  return { offer }
}
