// The new-room form (新建直播间): the room's name, checked as it is typed; video or audio only;
// whether to keep a replay (录制回放). Going live opens the live room page as the anchor. A name the
// room service refused brings the anchor back here (see refusedNameUrl), the name marked until changed.
import { onLoad } from '@dcloudio/uni-app'
import { computed, ref, type ComputedRef, type Ref } from 'vue'
import { ERROR_TEXT, ErrorCode } from '@liveroom/protocol/errors'
import { DEFAULT_ROOM_NAME, validateRoomName } from '@/utils/roomName'
import { liveRoomEntry } from './liveRoomView'
import { useLiveSupport } from './useLiveSupport'
import { useNavigation } from './useNavigation'

/** A <switch>'s change event. */
export interface SwitchChangeEvent {
  detail: { value: boolean }
}

export interface UseNewRoomReturn {
  name: Ref<string>
  audioOnly: Ref<boolean>
  /** Ask the room service to record the live (create_room `record`). */
  record: Ref<boolean>
  /** Why the name cannot be used; null when it can. */
  problem: ComputedRef<string | null>
  /** bindchange of the 录制回放 switch (typed for the DOM's `change` too, which vue-tsc checks it against). */
  onRecordChange(event: SwitchChangeEvent | Event): void
  /** Opens the live room as its anchor (nothing happens while the name has a problem). */
  goLive(): void
}

/** The live room page's query for an anchor: `role=anchor&name=..&audioOnly=0|1&record=0|1`. */
export function anchorQuery(entry: { roomName: string; audioOnly: boolean; record: boolean }): string {
  return `role=anchor&name=${encodeURIComponent(entry.roomName)}&audioOnly=${entry.audioOnly ? 1 : 0}&record=${entry.record ? 1 : 0}`
}

/** The new-room form again, filled in as it was, with `name` marked as refused by the room service (TEXT_BLOCKED). */
export function refusedNameUrl(entry: { roomName: string; audioOnly: boolean; record: boolean }): string {
  return `/live/create/create?${anchorQuery(entry)}&nameRefused=1`
}

export function useNewRoom(): UseNewRoomReturn {
  const name = ref(DEFAULT_ROOM_NAME)
  const audioOnly = ref(false)
  const record = ref(false)
  /** The name the room service refused, while it is still the one typed. */
  const refusedName = ref<string | null>(null)
  const problem = computed(() => validateRoomName(name.value) ?? (name.value === refusedName.value ? ERROR_TEXT[ErrorCode.TEXT_BLOCKED].zh : null))
  const live = useLiveSupport()
  const { redirectTo } = useNavigation()

  function goLive(): void {
    if (problem.value || !live.guard()) return
    redirectTo(`/live/room/room?${anchorQuery({ roomName: name.value, audioOnly: audioOnly.value, record: record.value })}`)
  }

  onLoad((query) => {
    const q = (query ?? {}) as Record<string, string | undefined>
    const entry = liveRoomEntry(q)
    if (q.nameRefused !== '1' || entry.role !== 'anchor') return
    name.value = refusedName.value = entry.roomName
    audioOnly.value = entry.audioOnly
    record.value = entry.record ?? false
  })

  return {
    name,
    audioOnly,
    record,
    problem,
    onRecordChange: (event) => {
      record.value = Boolean((event as SwitchChangeEvent).detail?.value)
    },
    goLive,
  }
}
