// The replay list (回放列表): one room's recordings, or the user's own when the page names no room.
// Loads on show and on pull-down, with loading, empty and error states; deletes one (its room's
// creator only) after a confirmation; opens a playable one on the replay page.
import { onLoad, onPullDownRefresh, onShow } from '@dcloudio/uni-app'
import { computed, ref, shallowRef, type ComputedRef, type Ref } from 'vue'
import { ErrorCode } from '@liveroom/protocol/errors'
import type { RecordingInfo } from '@liveroom/protocol/roomService'
import { RoomServiceError } from '@/adapters/roomService'
import { useServices } from '@/app/services'
import { confirm, stopPullDownRefresh, toast } from '@/adapters/uni/ui'
import { formatDuration, formatStartTime, isPlayable, recordingStatusText } from '@/utils/recording'
import { errorText } from '@/utils/errorText'
import { singleFlight } from '@/utils/singleFlight'
import { useNavigation } from './useNavigation'
import { useSession, type UseSessionOptions } from './useSession'

/** A recording as a row of the list shows it. */
export interface RecordingRow extends RecordingInfo {
  /** Element id of the row (a recording ID holds a `.`, which a selector would read as a class). */
  rowId: string
  statusText: string
  /** mm:ss */
  durationText: string
  /** Local date and time it started. */
  startText: string
  playable: boolean
  /** The user created its room, so may delete it. */
  deletable: boolean
}

/** IM is not needed to list or play replays: without `im`, only the room service is logged in to. */
export type UseRecordingsOptions = UseSessionOptions

export interface UseRecordingsReturn {
  /** The room whose recordings are listed (the page's `roomID`); null: the user's own. */
  roomID: Readonly<Ref<string | null>>
  recordings: ComputedRef<RecordingRow[]>
  loading: Readonly<Ref<boolean>>
  /** Why the list could not be loaded; null when it loaded. */
  error: Readonly<Ref<string | null>>
  /** Loaded without error, and nothing to show. */
  empty: ComputedRef<boolean>
  emptyText: ComputedRef<string>
  /** The recording being deleted, while its call is under way. */
  deleting: Readonly<Ref<string | null>>
  /** Loads the list again (a load under way is joined, not repeated). */
  refresh(): Promise<void>
  /** Asks, then deletes the recording; true once it is gone. */
  remove(recordingID: string): Promise<boolean>
  /** Opens the replay page for a playable recording; says why not otherwise. */
  play(recordingID: string): void
}

export const RECORDINGS_TEXT = {
  emptyMine: '还没有回放。新建直播间时打开“录制回放”，下播后可在这里回看',
  emptyRoom: '这个直播间还没有回放',
  deleted: '回放已删除',
  notPlayableYet: '录制刚开始，还没有可播放的内容，请稍后再试',
  notPlayable: '这段录制没有可播放的内容',
} as const

function queryValue(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** The replay page's address for a recording. */
export function replayPageUrl(recording: Pick<RecordingInfo, 'roomID' | 'recordingID'>): string {
  return `/live/replay/replay?roomID=${encodeURIComponent(recording.roomID)}&recordingID=${encodeURIComponent(recording.recordingID)}`
}

export function useRecordings(options: UseRecordingsOptions = {}): UseRecordingsReturn {
  const client = options.client ?? useServices().roomService
  const session = useSession({ ...options, client })
  const { navigateTo } = useNavigation()

  const roomID = ref<string | null>(null)
  const list = shallowRef<RecordingInfo[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const deleting = ref<string | null>(null)
  const loads = singleFlight<void>()

  const recordings = computed<RecordingRow[]>(() =>
    list.value.map((r) => ({
      ...r,
      rowId: r.recordingID.replace('.', '-'),
      statusText: recordingStatusText(r),
      durationText: formatDuration(r.duration),
      startText: formatStartTime(r.startTime),
      playable: isPlayable(r),
      deletable: session.store.userID !== null && r.roomCreator === session.store.userID,
    })),
  )
  const empty = computed(() => loaded.value && !loading.value && !error.value && list.value.length === 0)
  const emptyText = computed(() => (roomID.value ? RECORDINGS_TEXT.emptyRoom : RECORDINGS_TEXT.emptyMine))

  function refresh(): Promise<void> {
    return loads(async () => {
      loading.value = true
      try {
        await session.ensureLoggedIn()
        list.value = await client.getRecordings(roomID.value ?? undefined)
        error.value = null
      } catch (err) {
        error.value = errorText(err)
      } finally {
        loading.value = false
        loaded.value = true
      }
    })
  }

  async function remove(recordingID: string): Promise<boolean> {
    const row = recordings.value.find((r) => r.recordingID === recordingID)
    if (!row || !row.deletable || deleting.value) return false
    const asked = await confirm('删除回放', `确定删除“${row.roomName}”${row.startText} 的回放吗？删除后无法恢复。`, '删除', '取消')
    if (!asked) return false
    deleting.value = recordingID
    try {
      await session.ensureLoggedIn()
      await client.deleteRecording(recordingID)
    } catch (err) {
      // Gone already (a repeated call whose first try went through, or expired): that is what was asked.
      if (!(err instanceof RoomServiceError && err.code === ErrorCode.RECORDING_NOT_FOUND)) {
        toast(errorText(err))
        return false
      }
    } finally {
      deleting.value = null
    }
    list.value = list.value.filter((r) => r.recordingID !== recordingID)
    toast(RECORDINGS_TEXT.deleted)
    return true
  }

  function play(recordingID: string): void {
    const row = recordings.value.find((r) => r.recordingID === recordingID)
    if (!row) return
    if (row.playable) navigateTo(replayPageUrl(row))
    else toast(row.status === 'recording' ? RECORDINGS_TEXT.notPlayableYet : RECORDINGS_TEXT.notPlayable)
  }

  onLoad((query) => {
    roomID.value = queryValue((query as Record<string, unknown> | undefined)?.roomID)
  })
  // Again on every show: back from a replay, a recording under way has grown.
  onShow(refresh)
  onPullDownRefresh(async () => {
    await refresh()
    stopPullDownRefresh()
  })

  return { roomID, recordings, loading, error, empty, emptyText, deleting, refresh, remove, play }
}
