import { describe, expect, it } from 'vitest'
import { COMPONENT_ERRORS, PLAYER_EVENTS, PUSHER_EVENTS } from './events'
import { STATS_HISTORY_LIMIT } from './netStats'
import { applyEvent, applyNetStatus, beginSession, createSession, endSession, LOG_LIMIT } from './session'
import { statusLabel } from './status'

function started() {
  const session = createSession()
  beginSession(session)
  return session
}

describe('pusher session', () => {
  it('goes live on 1002 and says so', () => {
    const s = started()
    applyEvent(s, PUSHER_EVENTS, 1001, 1)
    expect(s.status).toBe('connecting')
    applyEvent(s, PUSHER_EVENTS, 1002, 2)
    expect(s.status).toBe('live')
    expect(statusLabel('pusher', s.status)).toBe('推流中')
    expect(s.log.map((e) => e.code)).toEqual([1001, 1002])
  })

  it('reconnects on 1102 and returns to live on the next 1002, clearing the notice', () => {
    const s = started()
    applyEvent(s, PUSHER_EVENTS, 1002, 1)
    applyEvent(s, PUSHER_EVENTS, 1102, 2)
    expect(s.status).toBe('reconnecting')
    expect(s.message).toContain('重连')
    applyEvent(s, PUSHER_EVENTS, 1002, 3)
    expect(s.status).toBe('live')
    expect(s.message).toBeNull()
  })

  it.each([
    [-1301, '摄像头'],
    [-1302, '麦克风'],
    [-1307, '网络'],
  ])('fails on %i with a message about the %s', (code, word) => {
    const s = started()
    applyEvent(s, PUSHER_EVENTS, code, 1)
    expect(s.status).toBe('failed')
    expect(s.message).toContain(word)
  })

  it('fails on the permission error events', () => {
    const s = started()
    applyEvent(s, COMPONENT_ERRORS, 10001, 1)
    expect(s.status).toBe('failed')
    expect(s.message).toContain('摄像头权限')
  })

  it('keeps the status on warnings and background notices', () => {
    const s = started()
    applyEvent(s, PUSHER_EVENTS, 1002, 1)
    applyEvent(s, PUSHER_EVENTS, 5000, 2)
    expect(s.status).toBe('live')
    expect(s.message).toContain('后台')
  })

  it('ignores late events after stop, but logs them', () => {
    const s = started()
    endSession(s)
    applyEvent(s, PUSHER_EVENTS, 1002, 1)
    expect(s.status).toBe('stopped')
    expect(s.log).toHaveLength(1)
  })

  it('logs unknown codes without changing anything', () => {
    const s = started()
    applyEvent(s, PUSHER_EVENTS, 424242, 1)
    expect(s.status).toBe('connecting')
    expect(s.log[0].text).toContain('424242')
  })

  it('bounds the log', () => {
    const s = started()
    for (let i = 0; i < LOG_LIMIT + 30; i++) applyEvent(s, PUSHER_EVENTS, 1006, i)
    expect(s.log).toHaveLength(LOG_LIMIT)
    expect(s.log[s.log.length - 1].time).toBe(LOG_LIMIT + 29)
  })
})

describe('player session', () => {
  it('plays on 2004, reconnects on 2103, fails on -2301', () => {
    const s = started()
    applyEvent(s, PLAYER_EVENTS, 2004, 1)
    expect(statusLabel('player', s.status)).toBe('播放中')
    applyEvent(s, PLAYER_EVENTS, 2103, 2)
    expect(s.status).toBe('reconnecting')
    applyEvent(s, PLAYER_EVENTS, -2301, 3)
    expect(s.status).toBe('failed')
    expect(s.message).toContain('重连仍失败')
  })

  it('ends on 2006', () => {
    const s = started()
    applyEvent(s, PLAYER_EVENTS, 2004, 1)
    applyEvent(s, PLAYER_EVENTS, 2006, 2)
    expect(s.status).toBe('stopped')
  })
})

describe('net status', () => {
  it('keeps typed numbers, drops junk, and bounds the history', () => {
    const s = started()
    applyNetStatus(s, { videoBitrate: 800, audioBitrate: '48', videoFPS: 24.6, rtt: 35, bogus: 'x', netJitter: NaN }, 1)
    expect(s.stats).toEqual({ videoBitrate: 800, audioBitrate: 48, videoFPS: 24.6, rtt: 35 })
    expect(s.history[0]).toEqual({ time: 1, kbps: 848, fps: 25, rtt: 35 })
    for (let i = 0; i < STATS_HISTORY_LIMIT + 5; i++) applyNetStatus(s, { videoBitrate: i }, i + 2)
    expect(s.history).toHaveLength(STATS_HISTORY_LIMIT)
    expect(s.history[0].kbps).toBe(5)
  })

  it('tolerates a missing info object', () => {
    const s = started()
    applyNetStatus(s, undefined, 1)
    expect(s.history[0]).toEqual({ time: 1, kbps: 0, fps: 0, rtt: null })
  })
})
