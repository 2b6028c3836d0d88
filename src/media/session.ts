// State shared by every pusher and player session, and how events change it.
import { appendBounded, parseNetStats, STATS_HISTORY_LIMIT, toSample, type NetStats, type StatSample } from './netStats'
import { describeEvent, type EventTable } from './events'
import { isActive, type MediaStatus } from './status'

export interface LogEntry {
  time: number
  code: number
  text: string
}

export interface MediaSession {
  status: MediaStatus
  /** The message the user should see now (a failure or a notable warning), or null. */
  message: string | null
  /** The message is a passing warning (weak network, app in background): it goes after a while. */
  messagePasses: boolean
  lastCode: number | null
  stats: NetStats | null
  history: StatSample[]
  log: LogEntry[]
}

export const LOG_LIMIT = 100

export function createSession(): MediaSession {
  return { status: 'idle', message: null, messagePasses: false, lastCode: null, stats: null, history: [], log: [] }
}

/** Applies one event code. Late events after stop/failure are logged but do not revive the session. */
export function applyEvent(session: MediaSession, table: EventTable, code: number, now: number): void {
  const meaning = describeEvent(table, code)
  session.lastCode = code
  appendBounded(session.log, { time: now, code, text: meaning.text }, LOG_LIMIT)
  if (!isActive(session.status)) return
  if (meaning.next) session.status = meaning.next
  if (meaning.notice) {
    session.message = meaning.notice
    session.messagePasses = meaning.next === undefined
  } else if (meaning.next === 'live') session.message = null
}

/** A passing message that changes nothing else (an operation beside the stream failed). */
export function noteSession(session: MediaSession, message: string): void {
  if (session.status === 'failed') return // why it failed matters more
  session.message = message
  session.messagePasses = true
}

/** Clears the message if it is still the passing one `message`. */
export function clearPassingMessage(session: MediaSession, message: string): void {
  if (session.messagePasses && session.message === message) session.message = null
}

export function applyNetStatus(session: MediaSession, info: unknown, now: number): void {
  const stats = parseNetStats(info)
  session.stats = stats
  appendBounded(session.history, toSample(stats, now), STATS_HISTORY_LIMIT)
}

export function beginSession(session: MediaSession): void {
  session.status = 'connecting'
  session.message = null
  session.stats = null
  session.history = []
}

export function endSession(session: MediaSession): void {
  session.status = 'stopped'
}

export function failSession(session: MediaSession, message: string): void {
  session.status = 'failed'
  session.message = message
  session.messagePasses = false
}
