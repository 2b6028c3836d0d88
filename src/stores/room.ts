// The live room the user is in: its identity, phase, pushers and audience.
import { defineStore } from 'pinia'
import { ref } from 'vue'
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
}

export const useRoomStore = defineStore('room', () => {
  const role = ref<RoomRole | null>(null)
  const phase = ref<RoomPhase>('idle')
  const details = ref<RoomDetails | null>(null)
  /** Why the room ended or failed, for the user. */
  const notice = ref<string | null>(null)
  /**
   * Numbers entries, app-wide: each page's entry, and each leave, takes a new number, so an entry
   * under way learns that it was left or that another page has entered since.
   */
  const entry = ref(0)
  /** The room being entered or in (as audience), null while unknown (an anchor's new room). */
  const target = ref<string | null>(null)

  return {
    role,
    phase,
    details,
    notice,
    entry,
    target,
    /** Starts an entry; returns its number. */
    enter(nextRole: RoomRole, roomID: string | null = null): number {
      role.value = nextRole
      phase.value = 'entering'
      details.value = null
      notice.value = null
      target.value = roomID
      return ++entry.value
    },
    /** Makes the entry under way (if any) stale; returns the new number. */
    cancelEntry(): number {
      return ++entry.value
    },
    live(room: RoomDetails) {
      details.value = room
      phase.value = 'live'
    },
    update(patch: Partial<RoomDetails>) {
      if (details.value) Object.assign(details.value, patch)
    },
    close(reason: string) {
      phase.value = 'closed'
      notice.value = reason
    },
    fail(reason: string) {
      phase.value = 'failed'
      notice.value = reason
    },
    reset() {
      role.value = null
      phase.value = 'idle'
      details.value = null
      notice.value = null
    },
  }
})
