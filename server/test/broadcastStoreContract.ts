// The contract of the summary, profile and live-notice stores: one suite, run against SQLite and Redis.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BroadcastStores } from '../store/broadcastStores.ts'

export interface BroadcastStoresUnderTest {
  open(): Promise<{ stores: BroadcastStores; close(): Promise<void> }>
}

const T0 = 1_700_000_000_000
const start = (roomID: string, createdAt = T0) => ({ roomID, roomName: '直播', roomCreator: 'alice', roomCreatedAt: createdAt, startedAt: createdAt + 5 })

export function runBroadcastStoreContract(name: string, sut: BroadcastStoresUnderTest): void {
  describe(`broadcast stores contract: ${name}`, () => {
    let s: BroadcastStores
    let close: () => Promise<void>
    beforeEach(async () => {
      ;({ stores: s, close } = await sut.open())
    })
    afterEach(async () => {
      await close()
    })

    it('summaries: peak and distinct viewers, distinct co-anchors, one end, replaced by a new start', async () => {
      const now = Date.now()
      await s.summaries.viewer('r1', 'v', 1)
      expect(await s.summaries.get('r1', now)).toBeNull()
      await s.summaries.start(start('r1'), now, now + 60_000)
      for (const [user, count] of [['a', 1], ['b', 2], ['a', 2], ['c', 1], ['b', 2]] as const) await s.summaries.viewer('r1', user, count)
      await s.summaries.coAnchor('r1', 'x')
      await s.summaries.coAnchor('r1', 'x')
      await s.summaries.coAnchor('r1', 'y')
      expect(await s.summaries.get('r1', now)).toEqual({
        ...start('r1'),
        endedAt: null,
        endReason: null,
        peakViewers: 2,
        totalViewers: 3,
        coAnchors: 2,
        chatMessages: null,
        likes: null,
      })
      await s.summaries.end('r1', T0 + 100, 'timeout', { messages: 3, likes: 9 }, now, now + 60_000)
      await s.summaries.end('r1', T0 + 200, 'anchor', null, now, now + 60_000)
      expect(await s.summaries.get('r1', now)).toMatchObject({ endedAt: T0 + 100, endReason: 'timeout', chatMessages: 3, likes: 9 })
      await s.summaries.start(start('r1', T0 + 1000), now, now + 60_000)
      expect(await s.summaries.get('r1', now)).toMatchObject({ roomCreatedAt: T0 + 1000, endedAt: null, totalViewers: 0, coAnchors: 0, peakViewers: 0 })
    })

    it('summaries: gone once past their keepUntil', async () => {
      const now = Date.now()
      await s.summaries.start(start('r2'), now, now + 60_000)
      await s.summaries.end('r2', T0 + 100, 'anchor', null, now, now + 100)
      await new Promise((r) => setTimeout(r, 200))
      await s.summaries.sweep(Date.now())
      expect(await s.summaries.get('r2', Date.now())).toBeNull()
    })

    it('profiles: set replaces, get reads those that exist', async () => {
      await s.profiles.set({ userID: 'a', nickName: '小明 "M"', avatar: '/avatars/x.png', updatedAt: 1 })
      await s.profiles.set({ userID: 'a', nickName: 'A2', avatar: '', updatedAt: 2 })
      await s.profiles.set({ userID: 'b', nickName: 'B', avatar: '', updatedAt: 3 })
      const got = await s.profiles.get(['a', 'b', 'zz'])
      expect(got.sort((x, y) => x.userID.localeCompare(y.userID))).toEqual([
        { userID: 'a', nickName: 'A2', avatar: '', updatedAt: 2 },
        { userID: 'b', nickName: 'B', avatar: '', updatedAt: 3 },
      ])
      expect(await s.profiles.get([])).toEqual([])
    })

    it('avatars: bytes back as put, idempotent', async () => {
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255])
      await s.avatars.put('abc.png', bytes)
      await s.avatars.put('abc.png', bytes)
      expect(await s.avatars.has('abc.png')).toBe(true)
      expect((await s.avatars.get('abc.png'))?.equals(bytes)).toBe(true)
      expect(await s.avatars.get('nope.png')).toBeNull()
      expect(await s.avatars.has('nope.png')).toBe(false)
    })

    it('live notices: openids expire with the login; subscriptions are taken once, in batches', async () => {
      const now = Date.now()
      await s.notices.saveOpenid('v1', 'o1', now + 60_000, now)
      await s.notices.saveOpenid('v2', 'o2', now + 50, now)
      expect(await s.notices.openidOf('v1', now)).toBe('o1')
      await new Promise((r) => setTimeout(r, 100))
      expect(await s.notices.openidOf('v2', Date.now())).toBeNull()
      for (let i = 0; i < 5; i++) await s.notices.subscribe({ anchorUserID: 'a', viewerUserID: `v${i}`, openid: `o${i}` })
      await s.notices.subscribe({ anchorUserID: 'a', viewerUserID: 'v0', openid: 'o0-new' })
      await s.notices.subscribe({ anchorUserID: 'other', viewerUserID: 'v0', openid: 'o0' })
      expect(await s.notices.unsubscribe('a', 'v4')).toBe(true)
      expect(await s.notices.unsubscribe('a', 'v4')).toBe(false)
      const first = await s.notices.take('a', 3)
      const rest = await s.notices.take('a', 3)
      expect(first).toHaveLength(3)
      expect([...first, ...rest].sort((x, y) => x.viewerUserID.localeCompare(y.viewerUserID))).toEqual([
        { anchorUserID: 'a', viewerUserID: 'v0', openid: 'o0-new' },
        { anchorUserID: 'a', viewerUserID: 'v1', openid: 'o1' },
        { anchorUserID: 'a', viewerUserID: 'v2', openid: 'o2' },
        { anchorUserID: 'a', viewerUserID: 'v3', openid: 'o3' },
      ])
      expect(await s.notices.take('a', 3)).toEqual([])
      expect(await s.notices.take('other', 3)).toHaveLength(1)
    })
  })
}
