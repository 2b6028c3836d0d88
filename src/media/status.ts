// The life of a pusher or player, as the UI shows it.
export type MediaStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'failed' | 'stopped'

export type MediaKind = 'pusher' | 'player'

const LABELS: Record<MediaKind, Record<MediaStatus, string>> = {
  pusher: { idle: '未开始', connecting: '连接中', live: '推流中', reconnecting: '重连中', failed: '推流失败', stopped: '已停止' },
  player: { idle: '未开始', connecting: '连接中', live: '播放中', reconnecting: '重连中', failed: '播放失败', stopped: '已停止' },
}

export function statusLabel(kind: MediaKind, status: MediaStatus): string {
  return LABELS[kind][status]
}

/** Statuses in which the native component is working and events may move it on. */
export function isActive(status: MediaStatus): boolean {
  return status === 'connecting' || status === 'live' || status === 'reconnecting'
}
