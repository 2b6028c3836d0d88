// Typed `netstatus` detail and the bounded history the stats view draws.

/** Fields of `netstatus` detail.info; any may be missing on a given platform/base library. */
export interface NetStats {
  videoBitrate?: number
  audioBitrate?: number
  videoFPS?: number
  videoGOP?: number
  netSpeed?: number
  netJitter?: number
  videoWidth?: number
  videoHeight?: number
  videoCache?: number
  audioCache?: number
  rtt?: number
}

const FIELDS = [
  'videoBitrate', 'audioBitrate', 'videoFPS', 'videoGOP', 'netSpeed', 'netJitter',
  'videoWidth', 'videoHeight', 'videoCache', 'audioCache', 'rtt',
] as const satisfies readonly (keyof NetStats)[]

/** Keeps the known numeric fields of an untrusted `info` object. */
export function parseNetStats(info: unknown): NetStats {
  const stats: NetStats = {}
  if (typeof info !== 'object' || info === null) return stats
  const source = info as Record<string, unknown>
  for (const key of FIELDS) {
    const raw = source[key]
    const value = typeof raw === 'string' ? Number(raw) : raw
    if (typeof value === 'number' && Number.isFinite(value)) stats[key] = value
  }
  return stats
}

export interface StatSample {
  time: number
  /** Total bitrate, kbps. */
  kbps: number
  fps: number
  rtt: number | null
}

export const STATS_HISTORY_LIMIT = 60

export function toSample(stats: NetStats, time: number): StatSample {
  return {
    time,
    kbps: Math.round((stats.videoBitrate ?? 0) + (stats.audioBitrate ?? 0)),
    fps: Math.round(stats.videoFPS ?? 0),
    rtt: stats.rtt ?? null,
  }
}

/** Appends in place and drops the oldest beyond `limit`. */
export function appendBounded<T>(list: T[], item: T, limit: number): void {
  list.push(item)
  if (list.length > limit) list.splice(0, list.length - limit)
}
