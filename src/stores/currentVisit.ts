// The visit that holds the user's place in a room: the last one to enter it. The room service and
// IM know the user, not the page, so an older visit of the same room (a page left while it was
// entering, or unloaded late) must not take the user out of the room a newer visit is in.
import { defineStore } from 'pinia'
import { markRaw, shallowRef } from 'vue'

interface Holder {
  visit: object
  roomID: string
}

export const useCurrentVisitStore = defineStore('currentVisit', () => {
  const holder = shallowRef<Holder | null>(null)
  return {
    holder,
    /** `visit` is entering `roomID` (or is in it). */
    claim(visit: object, roomID: string) {
      holder.value = { visit: markRaw(visit), roomID }
    },
    /** Whether `visit` may take the user out of `roomID`: no other visit has entered it since. */
    mayLeave(visit: object, roomID: string): boolean {
      const current = holder.value
      return !current || current.roomID !== roomID || current.visit === visit
    },
  }
})
