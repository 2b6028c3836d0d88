// One visit's view of its room: who the user is in it, how far the visit has got, the room's
// details and, once it is over, why.
import { reactive } from 'vue'
import type { PusherInfo } from '@liveroom/protocol/roomService'

export type RoomRole = 'anchor' | 'audience'
/** idle → entering → live → closed (ended by someone) | failed (could not enter or continue). */
export type RoomPhase = 'idle' | 'entering' | 'live' | 'closed' | 'failed'

export interface RoomDetails {
  roomID: string
  roomName: string
  creator: string
  mixedPlayURL: string
  pushers: PusherInfo[]
  audienceCount: number
  /** The anchor's app is in the background (get_anchors, then the anchor's IM anchorAway); absent: not known to be. */
  anchorAway?: boolean
  /** URL path of the room's cover on the service (get_anchors); absent while it has none. */
  coverURL?: string
}

export interface RoomState {
  readonly role: RoomRole | null
  readonly phase: RoomPhase
  readonly details: RoomDetails | null
  /** Why the room ended or failed, for the user. */
  readonly notice: string | null
}

export interface RoomStateActions {
  enter(role: RoomRole): void
  live(details: RoomDetails): void
  update(patch: Partial<RoomDetails>): void
  close(reason: string): void
  fail(reason: string): void
}

export function createRoomState(): { state: RoomState; actions: RoomStateActions } {
  const state = reactive<{ role: RoomRole | null; phase: RoomPhase; details: RoomDetails | null; notice: string | null }>({
    role: null,
    phase: 'idle',
    details: null,
    notice: null,
  })
  const actions: RoomStateActions = {
    enter(role) {
      Object.assign(state, { role, phase: 'entering', details: null, notice: null })
    },
    live(details) {
      Object.assign(state, { phase: 'live', details })
    },
    update(patch) {
      if (state.details) Object.assign(state.details, patch)
    },
    close(reason) {
      Object.assign(state, { phase: 'closed', notice: reason })
    },
    fail(reason) {
      Object.assign(state, { phase: 'failed', notice: reason })
    },
  }
  return { state, actions }
}
