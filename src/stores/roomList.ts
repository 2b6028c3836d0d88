// The room list as the list page shows it: pages of rooms, loading and error states.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { RoomSummary } from '@liveroom/protocol/roomService'

export const useRoomListStore = defineStore('roomList', () => {
  const rooms = ref<RoomSummary[]>([])
  const loading = ref(false)
  const error = ref<string | null>(null)
  const hasMore = ref(true)

  return {
    rooms,
    loading,
    error,
    hasMore,
    /** Replaces the list (first page) or appends a later page, dropping rooms already shown. */
    receive(page: RoomSummary[], append: boolean, pageSize: number) {
      if (append) {
        const seen = new Set(rooms.value.map((r) => r.roomID))
        rooms.value = rooms.value.concat(page.filter((r) => !seen.has(r.roomID)))
      } else {
        rooms.value = page
      }
      hasMore.value = page.length >= pageSize
      error.value = null
    },
    setLoading(on: boolean) {
      loading.value = on
    },
    setError(message: string) {
      error.value = message
    },
  }
})
