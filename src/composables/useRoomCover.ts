// The room's cover, the picture of its share card: the anchor's phone snaps its own picture a few
// seconds after the room goes live, then every few minutes while live (a bounded number of times),
// and uploads it as the room's cover; viewers show the cover the service has. Audio-only rooms
// have no picture: their card shows the default one.
import { computed, onScopeDispose, ref, watch, type ComputedRef } from 'vue'
import type { RoomServiceClient } from '@/adapters/roomService'
import { readFileBytes } from '@/adapters/uni/file'
import type { PusherSettings } from '@/media/pusherSettings'
import type { RoomState } from './roomState'
import type { LivePusher } from './useLivePusher'

export const COVER_TIMING = {
  /** After going live: the picture has settled (exposure, beauty filter). */
  firstMs: 5_000,
  everyMs: 5 * 60_000,
  /** Snapshots one live takes at most (the first hour): the cover only needs to be recent enough. */
  maxSnapshots: 12,
}

export interface UseRoomCoverOptions {
  roomService: Pick<RoomServiceClient, 'uploadCover' | 'imageUrl'>
  room: RoomState
  pusher: Pick<LivePusher, 'snapshot'> & { settings: Pick<PusherSettings, 'audioOnly'> }
  /** The card's picture while there is no cover (null: WeChat's screenshot of the page). */
  defaultImage: string | null
  timing?: Partial<typeof COVER_TIMING>
}

export interface UseRoomCoverReturn {
  /** The share card's picture: the anchor's latest snapshot, the service's cover, or the default. */
  cardImage: ComputedRef<string | null>
}

export function useRoomCover(options: UseRoomCoverOptions): UseRoomCoverReturn {
  const { roomService, room, pusher } = options
  const timing = { ...COVER_TIMING, ...options.timing }
  /** The latest snapshot this phone took of its room (a local file). */
  const snapshot = ref<string | null>(null)
  let timer: ReturnType<typeof setTimeout> | null = null
  /** Counts stops: a snapshot under way when its live ended is dropped. */
  let run = 0

  /** The room this phone pushes video to as its live anchor, else null. */
  const snappedRoom = () =>
    room.role === 'anchor' && room.phase === 'live' && !pusher.settings.audioOnly ? (room.details?.roomID ?? null) : null

  function stop(): void {
    if (timer) clearTimeout(timer)
    timer = null
    run++
  }

  function schedule(roomID: string, taken: number, delayMs: number): void {
    const current = run
    timer = setTimeout(() => void take(roomID, taken, current), delayMs)
  }

  async function take(roomID: string, taken: number, current: number): Promise<void> {
    timer = null
    const path = await pusher.snapshot()
    if (current !== run) return
    if (path) {
      snapshot.value = path
      // A failed upload only leaves the older cover: the next snapshot tries again.
      await readFileBytes(path)
        .then((bytes) => roomService.uploadCover(roomID, bytes))
        .catch(() => undefined)
    }
    if (current === run && taken + 1 < timing.maxSnapshots) schedule(roomID, taken + 1, timing.everyMs)
  }

  watch(snappedRoom, (roomID) => {
    stop()
    snapshot.value = null
    if (roomID) schedule(roomID, 0, timing.firstMs)
  }, { immediate: true })
  onScopeDispose(stop)

  const serviceCover = () => (room.details?.coverURL ? roomService.imageUrl(room.details.coverURL) : null)
  return { cardImage: computed(() => snapshot.value ?? serviceCover() ?? options.defaultImage) }
}
