// How a recording (a room's replay) reads on screen: its status, length and start time.
import type { RecordingInfo, RecordingStatus } from '@liveroom/protocol/roomService'

export const RECORDING_STATUS_TEXT: Readonly<Record<RecordingStatus, string>> = {
  recording: '录制中',
  complete: '已完成',
  interrupted: '录制中断（可播放已保存部分）',
  failed: '录制失败',
}

/** The status, with the service's reason when the recording stopped short. */
export function recordingStatusText(recording: Pick<RecordingInfo, 'status' | 'message'>): string {
  const label = RECORDING_STATUS_TEXT[recording.status] ?? recording.status
  const stoppedShort = recording.status === 'failed' || recording.status === 'interrupted'
  return stoppedShort && recording.message ? `${label}：${recording.message}` : label
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** Seconds as mm:ss (minutes go past 59 for long lives: 75:03). */
export function formatDuration(seconds: number): string {
  const total = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0
  return `${pad2(Math.floor(total / 60))}:${pad2(total % 60)}`
}

/** Server ms as the phone's local date and time: 2026-12-01 20:05. */
export function formatStartTime(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`
}

/** Whether anything of it can be played (the service gives no play URL until a segment is kept). */
export function isPlayable(recording: Pick<RecordingInfo, 'playURL'>): boolean {
  return recording.playURL !== ''
}
