// The replay page (回放): finds the recording the page was opened for (`roomID`, `recordingID`),
// plays its HLS playlist in a <video>, and says clearly why when it cannot.
import { onLoad } from '@dcloudio/uni-app'
import { computed, ref, type ComputedRef, type Ref } from 'vue'
import { ERROR_TEXT, ErrorCode } from '@liveroom/protocol/errors'
import type { RecordingInfo } from '@liveroom/protocol/roomService'
import { RoomServiceError } from '@/adapters/roomService'
import { useServices } from '@/app/services'
import { formatDuration, formatStartTime, isPlayable, recordingStatusText } from '@/utils/recording'
import { errorText } from '@/utils/errorText'
import { singleFlight } from '@/utils/singleFlight'
import { useSession, type UseSessionOptions } from './useSession'

/** The <video> error event (binderror). */
export interface VideoErrorEvent {
  detail?: { errMsg?: string }
}

/** IM is not needed to play a replay: without `im`, only the room service is logged in to. */
export type UseReplayOptions = UseSessionOptions

export interface UseReplayReturn {
  recording: Readonly<Ref<RecordingInfo | null>>
  /** What the <video> plays; empty until a playable recording is found. */
  src: ComputedRef<string>
  roomName: ComputedRef<string>
  durationText: ComputedRef<string>
  startText: ComputedRef<string>
  statusText: ComputedRef<string>
  loading: Readonly<Ref<boolean>>
  /** Why there is nothing to play (not found, nothing kept, no network); null otherwise. */
  error: Readonly<Ref<string | null>>
  /** Why the video stopped with an error; null while it plays (or has not failed). */
  playError: Readonly<Ref<string | null>>
  /** Finds the recording and plays it. */
  open(roomID: string, recordingID: string): Promise<void>
  retry(): Promise<void>
  /** binderror; typed for the DOM's `error` too, which is what vue-tsc checks the template against. */
  onVideoError(event: VideoErrorEvent | Event): void
  onVideoPlay(): void
}

export const REPLAY_TEXT = {
  missing: '回放地址不完整，请从回放列表重新打开',
  notFound: ERROR_TEXT[ErrorCode.RECORDING_NOT_FOUND].zh,
  notPlayable: '这段录制没有可播放的内容',
  network: '回放加载失败：网络异常，请检查网络后重试',
  format: '回放无法播放：文件格式不受支持或已损坏',
  failed: '回放播放失败，请稍后重试',
} as const

/** What to tell the user for a <video> error (its errMsg names the media error). */
export function replayErrorText(errMsg: string | undefined): string {
  const raw = errMsg ?? ''
  if (/network|timeout|timed out/i.test(raw)) return REPLAY_TEXT.network
  if (/src_not_supported|not supported|decode|format/i.test(raw)) return REPLAY_TEXT.format
  return raw ? `${REPLAY_TEXT.failed}（${raw}）` : REPLAY_TEXT.failed
}

function queryValue(value: unknown): string {
  if (typeof value !== 'string') return ''
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

export function useReplay(options: UseReplayOptions = {}): UseReplayReturn {
  const client = options.client ?? useServices().roomService
  const session = useSession({ ...options, client })

  const recording = ref<RecordingInfo | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const playError = ref<string | null>(null)
  const wanted = { roomID: '', recordingID: '' }
  const loads = singleFlight<void>()

  const src = computed(() => (recording.value && isPlayable(recording.value) ? recording.value.playURL : ''))
  const roomName = computed(() => recording.value?.roomName ?? '')
  const durationText = computed(() => formatDuration(recording.value?.duration ?? 0))
  const startText = computed(() => (recording.value ? formatStartTime(recording.value.startTime) : ''))
  const statusText = computed(() => (recording.value ? recordingStatusText(recording.value) : ''))

  function load(): Promise<void> {
    return loads(async () => {
      if (!wanted.roomID || !wanted.recordingID) {
        error.value = REPLAY_TEXT.missing
        return
      }
      loading.value = true
      playError.value = null
      try {
        await session.ensureLoggedIn()
        const found = (await client.getRecordings(wanted.roomID)).find((r) => r.recordingID === wanted.recordingID) ?? null
        recording.value = found
        error.value = !found ? REPLAY_TEXT.notFound : isPlayable(found) ? null : REPLAY_TEXT.notPlayable
      } catch (err) {
        error.value = err instanceof RoomServiceError && err.code === ErrorCode.RECORDING_NOT_FOUND ? REPLAY_TEXT.notFound : errorText(err)
      } finally {
        loading.value = false
      }
    })
  }

  function open(roomID: string, recordingID: string): Promise<void> {
    wanted.roomID = roomID
    wanted.recordingID = recordingID
    return load()
  }

  onLoad((query) => {
    const q = (query ?? {}) as Record<string, unknown>
    void open(queryValue(q.roomID), queryValue(q.recordingID))
  })

  return {
    recording,
    src,
    roomName,
    durationText,
    startText,
    statusText,
    loading,
    error,
    playError,
    open,
    retry: load,
    onVideoError: (event) => {
      playError.value = replayErrorText((event as VideoErrorEvent).detail?.errMsg)
    },
    onVideoPlay: () => {
      playError.value = null
    },
  }
}
