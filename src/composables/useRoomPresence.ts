// Staying present in a room while a visit is in it: a pusher (the anchor, or a co-anchor while
// linked) beats first after 3 s and then every 7 s, as MLVB's client does; the audience checks in
// (add_audience again), which keeps it counted and tells it when the room is gone.
import { onScopeDispose } from 'vue'
import { errorText } from '@/utils/errorText'
import { ErrorCode } from '@liveroom/protocol/errors'
import { RoomServiceError, type RoomServiceClient } from '@/adapters/roomService'
import { createRepeater } from '@/utils/repeater'
import type { RoomState, RoomStateActions } from './roomState'

export interface PresenceTiming {
  heartbeatFirstMs: number
  heartbeatEveryMs: number
  audienceCheckMs: number
}

export const PRESENCE_TEXT = {
  roomGone: '直播间已关闭',
  heartbeatLost: '与房间服务的连接已断开，直播已结束',
} as const

export interface UseRoomPresenceOptions {
  roomService: RoomServiceClient
  room: RoomState
  actions: Pick<RoomStateActions, 'update'>
  /** How the audience member shows up in the room's audience list. */
  audienceInfo: () => string
  timing: PresenceTiming
  /** The room is gone for us (expired, closed): `notice` says why. */
  onLost: (notice: string) => void
}

export interface UseRoomPresenceReturn {
  /** Beats as a pusher; `onDropped` runs when the service no longer lists us as one. */
  beat(onDropped: () => void): void
  /** Stops beating; resolves once a heartbeat already on its way has its answer. */
  stopBeating(): Promise<void>
  checkIn(): void
  stop(): void
}

const isCode = (err: unknown, code: ErrorCode) => err instanceof RoomServiceError && err.code === code

export function useRoomPresence(options: UseRoomPresenceOptions): UseRoomPresenceReturn {
  const { roomService, room, actions, timing, onLost } = options
  let onDropped: () => void = () => undefined
  const liveRoomID = () => (room.phase === 'live' ? (room.details?.roomID ?? null) : null)

  async function heartbeat(): Promise<void> {
    const roomID = liveRoomID()
    if (!roomID) return
    try {
      const reply = await roomService.call('anchor_heartbeat', { roomID, roomStatusCode: 0 })
      actions.update({ pushers: reply.pushers })
    } catch (err) {
      if (isCode(err, ErrorCode.ROOM_NOT_FOUND)) onLost(PRESENCE_TEXT.heartbeatLost)
      else if (isCode(err, ErrorCode.PUSHER_NOT_FOUND)) onDropped()
      // Any other miss is not fatal: the service allows several before it expires a pusher.
    }
  }

  async function checkInOnce(): Promise<void> {
    const roomID = liveRoomID()
    if (!roomID) return
    try {
      const { audienceCount } = await roomService.call('add_audience', { roomID, userInfo: options.audienceInfo() })
      actions.update({ audienceCount })
    } catch (err) {
      if (isCode(err, ErrorCode.ROOM_NOT_FOUND)) onLost(PRESENCE_TEXT.roomGone)
      // The anchor removed or banned us: the service's text says which.
      else if (isCode(err, ErrorCode.KICKED) || isCode(err, ErrorCode.BANNED)) onLost(errorText(err))
    }
  }

  const heartbeats = createRepeater(timing.heartbeatFirstMs, timing.heartbeatEveryMs, heartbeat)
  const checkIns = createRepeater(timing.audienceCheckMs, timing.audienceCheckMs, checkInOnce)

  function stop(): void {
    heartbeats.stop()
    checkIns.stop()
  }
  onScopeDispose(stop)

  return {
    beat(dropped) {
      onDropped = dropped
      heartbeats.start()
    },
    stopBeating() {
      heartbeats.stop()
      return heartbeats.settled()
    },
    checkIn: () => checkIns.start(),
    stop,
  }
}
