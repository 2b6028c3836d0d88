// The RoomStore contract: one suite, run against every store implementation.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NewRoom, PusherInput, RoomStore, StoredRoom } from '../store/types.ts'

export interface StoreUnderTest {
  /** A fresh, empty store. */
  open(): Promise<RoomStore>
  /** A second connection to the same data (a restart, or another instance). */
  reopen(store: RoomStore): Promise<RoomStore>
}

const T0 = 1_700_000_000_000
const S = 1000

function room(roomID: string, creator: string, createdAt = T0, extra: Partial<NewRoom> = {}): NewRoom {
  return { roomID, roomName: `name-${roomID}`, roomInfo: `info-${roomID}`, roomCreator: creator, custom: '', createdAt, requireAdmission: false, ...extra }
}

function pusher(userID: string, extra: Partial<PusherInput> = {}): PusherInput {
  return { userID, userName: `N-${userID}`, userAvatar: `https://a.example/${userID}.png`, pushURL: `rtmp://p/live/${userID}`, ...extra }
}

export function runStoreContract(name: string, sut: StoreUnderTest): void {
  describe(`RoomStore contract: ${name}`, () => {
    let store: RoomStore
    const extra: RoomStore[] = []

    beforeEach(async () => {
      store = await sut.open()
    })
    afterEach(async () => {
      await store.close()
      for (const s of extra.splice(0)) await s.close()
    })

    it('creates a room once per ID and reads it back', async () => {
      expect(await store.createRoom(room('r1', 'alice', T0, { custom: 'c', roomInfo: '{"x":1}', requireAdmission: true }))).toBe(true)
      expect(await store.createRoom(room('r1', 'bob'))).toBe(false)
      expect(await store.getRoom('r1')).toEqual({
        requireAdmission: true,
        roomID: 'r1',
        roomName: 'name-r1',
        roomInfo: '{"x":1}',
        roomCreator: 'alice',
        custom: 'c',
        createdAt: T0,
        liveSince: null,
        creatorHeartbeatAt: T0,
        roomStatusCode: 0,
        awaySince: null,
        pushers: [],
        audienceCount: 0,
      })
      expect(await store.getRoom('nope')).toBeNull()
    })

    it('keeps text fields byte for byte (quotes, unicode, spaces)', async () => {
      const info = '{"roomName":"直播 间 \\"1\\"","emoji":"🎉"}'
      await store.createRoom(room('r-u', 'alice', T0, { roomName: '直播间🎉', roomInfo: info }))
      await store.addPusher('r-u', pusher('alice', { userName: '小明 "M"' }), T0, 4)
      const r = await store.getRoom('r-u')
      expect(r?.roomInfo).toBe(info)
      expect(r?.roomName).toBe('直播间🎉')
      expect(r?.pushers[0].userName).toBe('小明 "M"')
    })

    it('the creator joining as pusher makes the room live; re-adding refreshes without moving joinedAt', async () => {
      await store.createRoom(room('r1', 'alice'))
      expect(await store.addPusher('r1', pusher('alice'), T0 + 1 * S, 4)).toBe('ok')
      let r = await store.getRoom('r1')
      expect(r?.liveSince).toBe(T0 + S)
      expect(r?.creatorHeartbeatAt).toBe(T0 + S)
      expect(r?.pushers).toEqual([
        { userID: 'alice', userName: 'N-alice', userAvatar: 'https://a.example/alice.png', pushURL: 'rtmp://p/live/alice', joinedAt: T0 + S, heartbeatAt: T0 + S, audioMuted: false },
      ])

      expect(await store.addPusher('r1', pusher('alice', { userName: 'Alice2' }), T0 + 5 * S, 4)).toBe('ok')
      r = await store.getRoom('r1')
      expect(r?.liveSince).toBe(T0 + S)
      expect(r?.creatorHeartbeatAt).toBe(T0 + 5 * S)
      expect(r?.pushers).toHaveLength(1)
      expect(r?.pushers[0]).toMatchObject({ userName: 'Alice2', joinedAt: T0 + S, heartbeatAt: T0 + 5 * S })
    })

    it('a co-anchor joining does not touch the creator heartbeat; pushers come in join order', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('alice'), T0 + S, 4)
      await store.addPusher('r1', pusher('carol'), T0 + 3 * S, 4)
      await store.addPusher('r1', pusher('bob'), T0 + 2 * S, 4)
      const r = await store.getRoom('r1')
      expect(r?.creatorHeartbeatAt).toBe(T0 + S)
      expect(r?.pushers.map((p) => p.userID)).toEqual(['alice', 'bob', 'carol'])
    })

    it('refuses a pusher beyond maxPushers, but lets a present one refresh; no_room for unknown rooms', async () => {
      await store.createRoom(room('r1', 'alice'))
      for (const u of ['alice', 'b', 'c']) expect(await store.addPusher('r1', pusher(u), T0, 3)).toBe('ok')
      expect(await store.addPusher('r1', pusher('d'), T0, 3)).toBe('full')
      expect(await store.addPusher('r1', pusher('b'), T0 + S, 3)).toBe('ok')
      expect(await store.addPusher('zz', pusher('b'), T0, 3)).toBe('no_room')
      expect((await store.getRoom('r1'))?.pushers.map((p) => p.userID)).toEqual(['alice', 'b', 'c'])
    })

    it('under concurrent joins exactly maxPushers pushers get in', async () => {
      await store.createRoom(room('r1', 'alice'))
      const users = Array.from({ length: 12 }, (_, i) => `u${i}`)
      const results = await Promise.all(users.map((u) => store.addPusher('r1', pusher(u), T0, 4)))
      expect(results.filter((r) => r === 'ok')).toHaveLength(4)
      expect(results.filter((r) => r === 'full')).toHaveLength(8)
      expect((await store.getRoom('r1'))?.pushers).toHaveLength(4)
    })

    it('admissions: a required one lets its user join once before it lapses, and goes with its room', async () => {
      await store.createRoom(room('r1', 'alice'))
      expect(await store.admitPusher('zz', 'bob', T0 + 60 * S)).toBe(false)
      expect(await store.addPusher('r1', pusher('bob'), T0, 4, true)).toBe('not_admitted')
      expect(await store.admitPusher('r1', 'bob', T0 + 60 * S)).toBe(true)
      expect(await store.addPusher('r1', pusher('carol'), T0, 4, true)).toBe('not_admitted')
      expect(await store.addPusher('r1', pusher('bob'), T0 + 60 * S, 4, true)).toBe('ok')
      // Present already: a refresh needs no admission; gone again: the admission was used up.
      expect(await store.addPusher('r1', pusher('bob', { userName: 'B2' }), T0 + 61 * S, 4, true)).toBe('ok')
      await store.removePusher('r1', 'bob')
      expect(await store.addPusher('r1', pusher('bob'), T0 + 62 * S, 4, true)).toBe('not_admitted')

      await store.admitPusher('r1', 'carol', T0 + 10 * S)
      await store.admitPusher('r1', 'carol', T0 + 20 * S) // a second admission replaces the first
      expect(await store.addPusher('r1', pusher('carol'), T0 + 15 * S, 4, true)).toBe('ok')
      await store.removePusher('r1', 'carol')
      await store.admitPusher('r1', 'dave', T0 + 20 * S)
      await store.admitPusher('r1', 'dave', T0 + 10 * S) // ... a shorter one too
      expect(await store.addPusher('r1', pusher('dave'), T0 + 15 * S, 4, true)).toBe('not_admitted')
      expect((await store.getRoom('r1'))?.pushers.map((p) => p.userID)).toEqual([])

      await store.admitPusher('r1', 'dave', T0 + 60 * S)
      await store.deleteRoom('r1')
      await store.createRoom(room('r1', 'alice', T0 + S))
      expect(await store.addPusher('r1', pusher('dave'), T0 + 2 * S, 4, true)).toBe('not_admitted')
    })

    it('admissions: a full room refuses an admitted user and keeps the admission', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('alice'), T0, 2)
      await store.addPusher('r1', pusher('bob'), T0, 2)
      await store.admitPusher('r1', 'carol', T0 + 60 * S)
      expect(await store.addPusher('r1', pusher('carol'), T0, 2, true)).toBe('full')
      await store.removePusher('r1', 'bob')
      expect(await store.addPusher('r1', pusher('carol'), T0 + S, 2, true)).toBe('ok')
    })

    it('removes a pusher once', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('bob'), T0, 4)
      expect(await store.removePusher('r1', 'bob')).toBe(true)
      expect(await store.removePusher('r1', 'bob')).toBe(false)
      expect(await store.removePusher('zz', 'bob')).toBe(false)
      expect((await store.getRoom('r1'))?.pushers).toEqual([])
    })

    it('mutes a pusher’s audio and unmutes it; the mute survives its re-join; false for no such pusher', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('alice'), T0, 4)
      await store.addPusher('r1', pusher('bob'), T0 + S, 4)
      expect(await store.setPusherAudioMuted('r1', 'bob', true)).toBe(true)
      expect((await store.getRoom('r1'))?.pushers.map((p) => [p.userID, p.audioMuted])).toEqual([['alice', false], ['bob', true]])
      await store.addPusher('r1', pusher('bob', { userName: 'Bob2' }), T0 + 2 * S, 4)
      expect((await store.getRoom('r1'))?.pushers[1]).toMatchObject({ userName: 'Bob2', audioMuted: true, joinedAt: T0 + S })
      expect(await store.setPusherAudioMuted('r1', 'bob', false)).toBe(true)
      expect((await store.getRoom('r1'))?.pushers[1].audioMuted).toBe(false)
      expect(await store.setPusherAudioMuted('r1', 'carol', true)).toBe(false)
      expect(await store.setPusherAudioMuted('zz', 'bob', true)).toBe(false)
    })

    it('heartbeats: creator refreshes room heartbeat and status code, others only themselves', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('alice'), T0, 4)
      await store.addPusher('r1', pusher('bob'), T0, 4)
      await store.touchPusher('r1', 'alice', T0 + 7 * S, 3)
      await store.touchPusher('r1', 'bob', T0 + 8 * S, 9)
      await store.touchPusher('r1', 'alice', T0 + 9 * S)
      await store.flush()
      const r = await store.getRoom('r1')
      expect(r?.creatorHeartbeatAt).toBe(T0 + 9 * S)
      expect(r?.roomStatusCode).toBe(3)
      expect(r?.pushers.map((p) => [p.userID, p.heartbeatAt])).toEqual([
        ['alice', T0 + 9 * S],
        ['bob', T0 + 8 * S],
      ])
      // Unknown pushers and rooms are the caller's to refuse: written behind, they change nothing.
      await store.touchPusher('r1', 'carol', T0 + 10 * S)
      await store.touchPusher('zz', 'alice', T0 + 10 * S)
      await store.flush()
      expect(await store.getRoom('r1')).toEqual(r)
      expect(await store.getRoom('zz')).toBeNull()
    })

    it('heartbeats are written behind: this store reads them at once, others after a flush; a pusher that left stays gone', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('alice'), T0, 4)
      await store.addPusher('r1', pusher('bob'), T0, 4)
      const other = await sut.reopen(store)
      extra.push(other)
      await store.touchPusher('r1', 'alice', T0 + 5 * S, 2)
      await store.touchPusher('r1', 'alice', T0 + 6 * S)
      await store.touchPusher('r1', 'bob', T0 + 6 * S)
      expect(await store.getRoom('r1')).toMatchObject({ creatorHeartbeatAt: T0 + 6 * S, roomStatusCode: 2 })
      expect(await other.getRoom('r1')).toMatchObject({ creatorHeartbeatAt: T0, roomStatusCode: 0 })
      await store.removePusher('r1', 'bob')
      await store.flush()
      const r = await other.getRoom('r1')
      expect(r?.creatorHeartbeatAt).toBe(T0 + 6 * S)
      expect(r?.roomStatusCode).toBe(2)
      expect(r?.pushers.map((p) => [p.userID, p.heartbeatAt])).toEqual([['alice', T0 + 6 * S]])
      // A queued heartbeat older than a rejoin does not move the heartbeat back.
      await store.touchPusher('r1', 'alice', T0 + 7 * S)
      await store.addPusher('r1', pusher('alice'), T0 + 8 * S, 4)
      await store.flush()
      expect((await store.getRoom('r1'))?.creatorHeartbeatAt).toBe(T0 + 8 * S)
    })

    it('close writes the queued heartbeats first (a graceful stop loses none)', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('alice'), T0, 4)
      await store.touchPusher('r1', 'alice', T0 + 7 * S, 5)
      const again = await sut.reopen(store)
      extra.push(again)
      await store.close()
      const r = await again.getRoom('r1')
      expect(r?.creatorHeartbeatAt).toBe(T0 + 7 * S)
      expect(r?.roomStatusCode).toBe(5)
      store = await sut.open()
    })

    it('expiry and listing go by the queued heartbeats too', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('alice'), T0, 4)
      await store.touchPusher('r1', 'alice', T0 + 40 * S)
      expect((await store.listLiveRooms(T0 + 30 * S, { skip: 0, cnt: 10 })).map((r) => r.roomID)).toEqual(['r1'])
      await store.touchPusher('r1', 'alice', T0 + 80 * S)
      expect(await store.expireRoom('r1', T0 + 60 * S)).toEqual({ closedRooms: [], removedPushers: [] })
      await store.touchPusher('r1', 'alice', T0 + 120 * S)
      expect(await store.sweep(T0 + 100 * S, T0 + 100 * S)).toEqual({ closedRooms: [], removedPushers: [] })
      expect(await store.countRoomsOf('alice', T0 + 110 * S)).toBe(1)
    })

    it('lists live rooms newest first, paged, leaving out stale creators and stale pushers', async () => {
      for (let i = 0; i < 7; i++) {
        await store.createRoom(room(`r${i}`, `c${i}`, T0))
        if (i !== 3) await store.addPusher(`r${i}`, pusher(`c${i}`), T0 + i * S, 4)
      }
      // r3 never went live; r5's creator is stale at the cutoff; r6 has a stale co-anchor.
      await store.touchPusher('r5', 'c5', T0 + 5 * S)
      for (const i of [0, 1, 2, 4, 6]) await store.touchPusher(`r${i}`, `c${i}`, T0 + 100 * S)
      await store.addPusher('r6', pusher('x'), T0 + 6 * S, 4)
      await store.addPusher('r6', pusher('y'), T0 + 90 * S, 4)
      const cutoff = T0 + 50 * S

      const all = await store.listLiveRooms(cutoff, { skip: 0, cnt: 100 })
      expect(all.map((r) => r.roomID)).toEqual(['r6', 'r4', 'r2', 'r1', 'r0'])
      expect(all[0].pushers.map((p) => p.userID)).toEqual(['c6', 'y'])
      expect((await store.listLiveRooms(cutoff, { skip: 1, cnt: 2 })).map((r) => r.roomID)).toEqual(['r4', 'r2'])
      expect((await store.listLiveRooms(cutoff, { skip: 4, cnt: 10 })).map((r) => r.roomID)).toEqual(['r0'])
      expect(await store.listLiveRooms(cutoff, { skip: 5, cnt: 10 })).toEqual([])
    })

    it('pages deep into more live rooms than one listing step reads, skipping stale ones on the way', async () => {
      // 1,300 rooms (over two of the Redis store's 500-rank steps); every 10th creator is stale.
      for (let i = 0; i < 1300; i++) {
        const id = `d${String(i).padStart(4, '0')}`
        await store.createRoom(room(id, `u${i}`, T0))
        await store.addPusher(id, pusher(`u${i}`), T0 + i * S, 4)
        if (i % 10 !== 0) await store.touchPusher(id, `u${i}`, T0 + 2000 * S)
      }
      const cutoff = T0 + 1500 * S
      const fresh = Array.from({ length: 1300 }, (_, i) => i).filter((i) => i % 10 !== 0).reverse()
      const ids = (from: number, n: number) => fresh.slice(from, from + n).map((i) => `d${String(i).padStart(4, '0')}`)
      expect((await store.listLiveRooms(cutoff, { skip: 0, cnt: 5 })).map((r) => r.roomID)).toEqual(ids(0, 5))
      expect((await store.listLiveRooms(cutoff, { skip: 1100, cnt: 20 })).map((r) => r.roomID)).toEqual(ids(1100, 20))
      expect((await store.listLiveRooms(cutoff, { skip: 1160, cnt: 20 })).map((r) => r.roomID)).toEqual(ids(1160, 10))
      expect(await store.listLiveRooms(cutoff, { skip: 1170, cnt: 20 })).toEqual([])
    }, 30_000)

    it('pages by seeking after a room: the same rooms as by skipping, ties and stale rooms included', async () => {
      // Pairs of rooms live at the same ms; every 5th creator stale.
      for (let i = 0; i < 40; i++) {
        const id = `k${String(i).padStart(2, '0')}`
        await store.createRoom(room(id, `u${i}`, T0))
        await store.addPusher(id, pusher(`u${i}`), T0 + Math.floor(i / 2) * S, 4)
        if (i % 5 !== 0) await store.touchPusher(id, `u${i}`, T0 + 100 * S)
      }
      const cutoff = T0 + 50 * S
      const all = (await store.listLiveRooms(cutoff, { skip: 0, cnt: 100 })).map((r) => r.roomID)
      expect(all).toHaveLength(32)
      const seen: string[] = []
      for (let after: StoredRoom | undefined, i = 0; i < 20; i++) {
        const key = after && after.liveSince !== null ? { liveSince: after.liveSince, roomID: after.roomID } : undefined
        const page = await store.listLiveRooms(cutoff, { after: key, skip: 0, cnt: 3 })
        if (page.length === 0) break
        seen.push(...page.map((r) => r.roomID))
        after = page.at(-1)
      }
      expect(seen).toEqual(all)
      // Seek, then skip; a key whose room is gone still places the page.
      const at10 = (await store.listLiveRooms(cutoff, { skip: 9, cnt: 1 }))[0]
      const key = { liveSince: at10.liveSince ?? 0, roomID: at10.roomID }
      expect((await store.listLiveRooms(cutoff, { after: key, skip: 4, cnt: 5 })).map((r) => r.roomID)).toEqual(all.slice(14, 19))
      await store.deleteRoom(at10.roomID)
      expect((await store.listLiveRooms(cutoff, { after: key, skip: 0, cnt: 2 })).map((r) => r.roomID)).toEqual(all.slice(10, 12))
    })

    it('orders rooms that went live at the same ms by room ID, descending', async () => {
      for (const id of ['a', 'c', 'b']) {
        await store.createRoom(room(id, `u${id}`))
        await store.addPusher(id, pusher(`u${id}`), T0, 4)
      }
      expect((await store.listLiveRooms(T0, { skip: 0, cnt: 10 })).map((r) => r.roomID)).toEqual(['c', 'b', 'a'])
    })

    it('counts the audience once per user, whatever the order and concurrency of joins and leaves', async () => {
      await store.createRoom(room('r1', 'alice'))
      expect(await store.addAudience('r1', 'v1', '{"userName":"V1"}', T0)).toBe(1)
      expect(await store.addAudience('r1', 'v1', '{"userName":"V1b"}', T0 + S)).toBe(1)
      const users = Array.from({ length: 30 }, (_, i) => `w${i}`)
      const counts = await Promise.all([...users, ...users].map((u, i) => store.addAudience('r1', u, '', T0 + i)))
      expect(Math.max(...counts.map((c) => c ?? -1))).toBe(31)
      expect((await store.getRoom('r1'))?.audienceCount).toBe(31)
      await Promise.all([
        ...users.slice(0, 10).map((u) => store.removeAudience('r1', u)),
        ...users.slice(0, 10).map((u) => store.removeAudience('r1', u)),
        ...users.slice(20).map((u) => store.addAudience('r1', u, '', T0)),
      ])
      expect((await store.getRoom('r1'))?.audienceCount).toBe(21)
      expect(await store.removeAudience('r1', 'never-there')).toBe(21)
      const list = await store.listAudiences('r1', 100)
      expect(list?.count).toBe(21)
      expect(list?.audiences.find((a) => a.userID === 'v1')).toEqual({ userID: 'v1', userInfo: '{"userName":"V1b"}', joinedAt: T0 })
    })

    it('lists the audience newest first up to a limit; null for unknown rooms', async () => {
      await store.createRoom(room('r1', 'alice'))
      for (let i = 0; i < 5; i++) await store.addAudience('r1', `v${i}`, `i${i}`, T0 + i * S)
      const res = await store.listAudiences('r1', 3)
      expect(res).toEqual({
        count: 5,
        audiences: [
          { userID: 'v4', userInfo: 'i4', joinedAt: T0 + 4 * S },
          { userID: 'v3', userInfo: 'i3', joinedAt: T0 + 3 * S },
          { userID: 'v2', userInfo: 'i2', joinedAt: T0 + 2 * S },
        ],
      })
      expect(await store.listAudiences('zz', 3)).toBeNull()
      expect(await store.addAudience('zz', 'v', '', T0)).toBeNull()
      expect(await store.removeAudience('zz', 'v')).toBeNull()
    })

    it('drops audience members not seen since a cutoff; joining again is being seen', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.createRoom(room('r2', 'bob'))
      await store.addAudience('r1', 'v1', 'i1', T0)
      await store.addAudience('r1', 'v2', 'i2', T0 + 10 * S)
      await store.addAudience('r2', 'v1', 'i1', T0)
      await store.addAudience('r1', 'v1', 'i1b', T0 + 20 * S)
      expect(await store.expireAudience(T0 + 5 * S)).toEqual([{ roomID: 'r2', userID: 'v1' }])
      expect((await store.getRoom('r1'))?.audienceCount).toBe(2)
      expect((await store.getRoom('r2'))?.audienceCount).toBe(0)
      const sorted = (list: { roomID: string; userID: string }[]) => [...list].sort((a, b) => a.userID.localeCompare(b.userID))
      expect(sorted(await store.expireAudience(T0 + 30 * S))).toEqual([
        { roomID: 'r1', userID: 'v1' },
        { roomID: 'r1', userID: 'v2' },
      ])
      expect(await store.listAudiences('r1', 10)).toEqual({ audiences: [], count: 0 })
      // Members who left, or whose room is gone, are not expired again.
      await store.addAudience('r1', 'v3', '', T0)
      await store.removeAudience('r1', 'v3')
      await store.addAudience('r2', 'v4', '', T0)
      await store.deleteRoom('r2')
      expect(await store.expireAudience(T0 + 60 * S)).toEqual([])
    })

    it('deleting a room removes its pushers and audience; the ID can be used again', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('alice'), T0, 4)
      await store.addPusher('r1', pusher('bob'), T0, 4)
      await store.addAudience('r1', 'v', '', T0)
      expect(await store.deleteRoom('r1')).toBe(true)
      expect(await store.deleteRoom('r1')).toBe(false)
      expect(await store.getRoom('r1')).toBeNull()
      expect(await store.listLiveRooms(0, { skip: 0, cnt: 10 })).toEqual([])
      expect(await store.createRoom(room('r1', 'dave', T0 + S))).toBe(true)
      const r = await store.getRoom('r1')
      expect(r?.roomCreator).toBe('dave')
      expect(r?.pushers).toEqual([])
      expect(r?.audienceCount).toBe(0)
      // Nothing of the old room comes back with the new one, even after a sweep.
      expect(await store.sweep(T0 - S, T0)).toEqual({ closedRooms: [], removedPushers: [] })
    })

    it('expireRoom closes a room whose creator is stale, else removes only stale pushers', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('alice'), T0, 4)
      await store.addPusher('r1', pusher('bob'), T0, 4)
      await store.addPusher('r1', pusher('carol'), T0 + 20 * S, 4)
      await store.touchPusher('r1', 'alice', T0 + 20 * S)
      expect(await store.expireRoom('r1', T0 + 10 * S)).toEqual({
        closedRooms: [],
        removedPushers: [{ roomID: 'r1', userID: 'bob' }],
      })
      expect((await store.getRoom('r1'))?.pushers.map((p) => p.userID)).toEqual(['alice', 'carol'])
      expect(await store.expireRoom('r1', T0 + 10 * S)).toEqual({ closedRooms: [], removedPushers: [] })
      expect(await store.expireRoom('r1', T0 + 30 * S)).toEqual({ closedRooms: ['r1'], removedPushers: [] })
      expect(await store.getRoom('r1')).toBeNull()
      expect(await store.expireRoom('r1', T0 + 30 * S)).toEqual({ closedRooms: [], removedPushers: [] })
    })

    it('setCreatorAway leases the creator a heartbeat; the room closes as away when the lease runs out', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('alice'), T0, 4)
      await store.addPusher('r1', pusher('bob'), T0, 4)
      expect(await store.setCreatorAway('r1', T0 + S, T0 + 150 * S)).toBe(true)
      // A beat sent before the app went away, written later, does not shorten the lease.
      await store.touchPusher('r1', 'alice', T0 + S)
      await store.flush()
      const away = await store.getRoom('r1')
      expect(away).toMatchObject({ awaySince: T0 + S, creatorHeartbeatAt: T0 + 150 * S })
      expect(away?.pushers.find((p) => p.userID === 'alice')?.heartbeatAt).toBe(T0 + 150 * S)
      expect(await store.expireRoom('r1', T0 + 100 * S)).toEqual({ closedRooms: [], removedPushers: [{ roomID: 'r1', userID: 'bob' }] })
      expect((await store.listLiveRooms(T0 + 100 * S, { skip: 0, cnt: 10 })).map((r) => [r.roomID, r.pushers.map((p) => p.userID)])).toEqual([['r1', ['alice']]])
      expect(await store.expireRoom('r1', T0 + 151 * S)).toEqual({ closedRooms: ['r1'], removedPushers: [], awayRooms: ['r1'] })
      expect(await store.setCreatorAway('r1', T0 + 152 * S, T0 + 300 * S)).toBe(false)
    })

    it('setCreatorAway with null brings the creator back: its heartbeat moves back, a later expiry is a plain one', async () => {
      await store.createRoom(room('r1', 'alice'))
      await store.addPusher('r1', pusher('alice'), T0, 4)
      await store.setCreatorAway('r1', T0, T0 + 150 * S)
      expect(await store.setCreatorAway('r1', null, T0 + 10 * S)).toBe(true)
      expect(await store.getRoom('r1')).toMatchObject({ awaySince: null, creatorHeartbeatAt: T0 + 10 * S })
      expect(await store.sweep(T0 + 11 * S, T0 + 11 * S)).toEqual({ closedRooms: ['r1'], removedPushers: [] })
    })

    it('setCreatorAway needs the creator among the pushers; the creator joining again is back; sweep names away rooms', async () => {
      await store.createRoom(room('r1', 'alice'))
      expect(await store.setCreatorAway('r1', T0, T0 + 150 * S)).toBe(false)
      expect(await store.setCreatorAway('nope', T0, T0 + 150 * S)).toBe(false)
      await store.addPusher('r1', pusher('alice'), T0, 4)
      await store.setCreatorAway('r1', T0, T0 + 150 * S)
      await store.addPusher('r1', pusher('alice'), T0 + 5 * S, 4)
      expect(await store.getRoom('r1')).toMatchObject({ awaySince: null, creatorHeartbeatAt: T0 + 5 * S })
      await store.createRoom(room('r2', 'bob'))
      await store.addPusher('r2', pusher('bob'), T0, 4)
      await store.setCreatorAway('r2', T0, T0 + 150 * S)
      const res = await store.sweep(T0 + 200 * S, T0 + 200 * S)
      expect([...res.closedRooms].sort()).toEqual(['r1', 'r2'])
      expect(res.awayRooms).toEqual(['r2'])
    })

    it('a room created but never live expires when its creator stays silent', async () => {
      await store.createRoom(room('r1', 'alice', T0))
      expect(await store.expireRoom('r1', T0 + 1)).toEqual({ closedRooms: ['r1'], removedPushers: [] })
    })

    it('sweep expires every room at once', async () => {
      await store.createRoom(room('old', 'a', T0))
      await store.createRoom(room('live', 'b', T0))
      await store.addPusher('live', pusher('b'), T0 + 60 * S, 4)
      await store.addPusher('live', pusher('c'), T0, 4)
      await store.createRoom(room('fresh', 'd', T0 + 60 * S))
      const res = await store.sweep(T0 + 30 * S, T0 + 60 * S)
      expect(res.closedRooms).toEqual(['old'])
      expect(res.removedPushers).toEqual([{ roomID: 'live', userID: 'c' }])
      expect(await store.getRoom('old')).toBeNull()
      expect((await store.getRoom('live'))?.pushers.map((p) => p.userID)).toEqual(['b'])
      expect(await store.getRoom('fresh')).not.toBeNull()
      expect(await store.sweep(T0 + 30 * S, T0 + 60 * S)).toEqual({ closedRooms: [], removedPushers: [] })
    })

    it('keeps at most maxPerUser tokens of a user, dropping those that expire first; logout frees a place', async () => {
      for (let i = 1; i <= 4; i++) await store.saveToken({ tokenHash: `m${i}`, userID: 'max', expiresAt: T0 + i * 3600 * S }, T0, 3)
      await store.saveToken({ tokenHash: 'other', userID: 'someone', expiresAt: T0 + 3600 * S }, T0, 3)
      expect(await store.findToken('m1')).toBeNull()
      for (const h of ['m2', 'm3', 'm4', 'other']) expect(await store.findToken(h)).not.toBeNull()
      await store.deleteToken('m3')
      await store.saveToken({ tokenHash: 'm5', userID: 'max', expiresAt: T0 + 5 * 3600 * S }, T0, 3)
      for (const h of ['m2', 'm4', 'm5']) expect(await store.findToken(h)).not.toBeNull()
      await store.saveToken({ tokenHash: 'm6', userID: 'max', expiresAt: T0 + 6 * 3600 * S }, T0, 3)
      expect(await store.findToken('m2')).toBeNull()
      expect(await store.findToken('m4')).not.toBeNull()
    })

    it('never drops the token just saved, even among tokens that expire in the same ms', async () => {
      // A newest hash that sorts before the others, and one that sorts after: a tie broken by the
      // hash alone would drop the newest one way or the other.
      for (const [userID, hashes] of [['tie1', ['t9', 't8', 't7', 't1']], ['tie2', ['u1', 'u2', 'u3', 'u9']]] as const) {
        for (const h of hashes) {
          await store.saveToken({ tokenHash: h, userID, expiresAt: T0 + 3600 * S }, T0, 3)
          expect(await store.findToken(h)).not.toBeNull()
        }
      }
    })

    it('stores tokens by hash and deletes them', async () => {
      await store.saveToken({ tokenHash: 'h1', userID: 'alice', expiresAt: T0 + 3600 * S }, T0)
      expect(await store.findToken('h1')).toEqual({ tokenHash: 'h1', userID: 'alice', expiresAt: T0 + 3600 * S })
      expect(await store.findToken('h2')).toBeNull()
      await store.deleteToken('h1')
      expect(await store.findToken('h1')).toBeNull()
    })

    it('a second connection to the same data sees everything (restart or second instance)', async () => {
      const now = Date.now()
      await store.createRoom(room('r1', 'alice', now))
      await store.addPusher('r1', pusher('alice'), now, 4)
      await store.addPusher('r1', pusher('bob'), now + 1, 4)
      await store.addAudience('r1', 'v', 'info', now)
      await store.saveToken({ tokenHash: 'h', userID: 'alice', expiresAt: now + 3600 * S }, now)
      const before = await store.getRoom('r1')

      const again = await sut.reopen(store)
      extra.push(again)
      expect(await again.getRoom('r1')).toEqual(before)
      expect(await again.findToken('h')).toEqual({ tokenHash: 'h', userID: 'alice', expiresAt: now + 3600 * S })
      expect((await again.listLiveRooms(now - S, { skip: 0, cnt: 10 })).map((r) => r.roomID)).toEqual(['r1'])
      expect((await again.listAudiences('r1', 10))?.audiences).toEqual([{ userID: 'v', userInfo: 'info', joinedAt: now }])
      await again.touchPusher('r1', 'bob', now + 2)
      await again.flush()
      expect((await store.getRoom('r1'))?.pushers[1].heartbeatAt).toBe(now + 2)
    })

    it("counts a creator's rooms whose creator heartbeat is recent enough", async () => {
      await store.createRoom(room('k1', 'alice', T0))
      await store.createRoom(room('k2', 'alice', T0 + 10 * S))
      await store.createRoom(room('k3', 'alicia', T0 + 10 * S))
      expect(await store.countRoomsOf('alice', T0)).toBe(2)
      expect(await store.countRoomsOf('alice', T0 + S)).toBe(1)
      expect(await store.countRoomsOf('ali', T0)).toBe(0)
      await store.deleteRoom('k2')
      expect(await store.countRoomsOf('alice', T0)).toBe(1)
      await store.expireRoom('k1', T0 + S)
      expect(await store.countRoomsOf('alice', 0)).toBe(0)
      expect(await store.countRoomsOf('alicia', T0)).toBe(1)
    })

    it("lists a creator's room IDs, and no one else's", async () => {
      await store.createRoom(room('k1', 'alice', T0))
      await store.createRoom(room('k2', 'alice', T0 + 10 * S))
      await store.createRoom(room('k3', 'alicia', T0))
      expect((await store.roomIDsOf('alice')).sort()).toEqual(['k1', 'k2'])
      expect(await store.roomIDsOf('ali')).toEqual([])
      await store.deleteRoom('k1')
      expect(await store.roomIDsOf('alice')).toEqual(['k2'])
    })

    it('counts rooms, live rooms, pushers and audience', async () => {
      expect(await store.counts()).toEqual({ rooms: 0, liveRooms: 0, pushers: 0, audience: 0 })
      await store.createRoom(room('c1', 'alice'))
      await store.createRoom(room('c2', 'bob'))
      await store.addPusher('c1', pusher('alice'), T0, 4)
      await store.addPusher('c1', pusher('carol'), T0, 4)
      await store.addAudience('c1', 'dave', '', T0)
      await store.addAudience('c1', 'erin', '', T0)
      await store.addAudience('c1', 'erin', '', T0 + S)
      expect(await store.counts()).toEqual({ rooms: 2, liveRooms: 1, pushers: 2, audience: 2 })
      await store.deleteRoom('c1')
      expect(await store.counts()).toEqual({ rooms: 1, liveRooms: 0, pushers: 0, audience: 0 })
    })

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined()
    })
  })
}
