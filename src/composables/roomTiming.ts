// The rhythm of a visit: heartbeats and check-ins, how long a push may take to start, and how
// often lost media are restarted. Tests speed it up.
import type { MediaRetryTiming } from './useMediaRecovery'
import type { PresenceTiming } from './useRoomPresence'

export interface RoomTiming extends PresenceTiming, MediaRetryTiming {
  /** How long the anchor waits for the pusher's 1002 before giving up. */
  pushStartTimeoutMs: number
}

export const DEFAULT_ROOM_TIMING: RoomTiming = {
  heartbeatFirstMs: 3000,
  heartbeatEveryMs: 7000,
  audienceCheckMs: 10000,
  pushStartTimeoutMs: 15000,
  mediaRetries: 2,
  mediaRetryDelayMs: 2000,
}
