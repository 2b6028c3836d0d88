// The ModerationStore contract: one suite, run against both back ends (each beside its room store).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ModerationStore } from '../store/moderation.ts'
import type { RoomStore } from '../store/types.ts'

export interface ModerationStoreUnderTest {
  /** A fresh room store and the moderation store beside it. */
  open(): Promise<{ rooms: RoomStore; moderation: ModerationStore }>
}

const T0 = 1_700_000_000_000
const DAY = 86_400_000

export function runModerationStoreContract(name: string, sut: ModerationStoreUnderTest): void {
  describe(`ModerationStore contract: ${name}`, () => {
    let rooms: RoomStore
    let m: ModerationStore

    beforeEach(async () => {
      ;({ rooms, moderation: m } = await sut.open())
      await rooms.createRoom({ roomID: 'r1', roomName: 'n', roomInfo: 'i', roomCreator: 'anchor', custom: '', createdAt: T0, requireAdmission: true })
    })
    afterEach(async () => {
      await rooms.close()
    })

    it('keeps kicks per room, idempotent, up to the cap, and ends them with the room', async () => {
      expect(await m.kick('r1', 'v1', T0, 2)).toBe('ok')
      expect(await m.kick('r1', 'v1', T0 + 1, 2)).toBe('ok')
      expect(await m.kick('r1', 'v2', T0, 2)).toBe('ok')
      expect(await m.kick('r1', 'v3', T0, 2)).toBe('full')
      expect(await m.kick('nope', 'v1', T0, 2)).toBe('no_room')
      expect(await m.isKicked('r1', 'v1')).toBe(true)
      expect(await m.isKicked('r1', 'v3')).toBe(false)
      expect(await m.isKicked('nope', 'v1')).toBe(false)

      await rooms.deleteRoom('r1')
      expect(await m.isKicked('r1', 'v1')).toBe(false)
      await rooms.createRoom({ roomID: 'r1', roomName: 'n', roomInfo: 'i', roomCreator: 'anchor', custom: '', createdAt: T0 + DAY, requireAdmission: true })
      expect(await m.isKicked('r1', 'v1')).toBe(false)
    })

    it('ends kicks with a room closed by heartbeat expiry too', async () => {
      expect(await m.kick('r1', 'v1', T0, 10)).toBe('ok')
      await rooms.sweep(T0 + 1, T0 + 1)
      expect(await rooms.getRoom('r1')).toBeNull()
      expect(await m.isKicked('r1', 'v1')).toBe(false)
    })

    it('keeps bans per anchor, lists them newest first with reason and time, and lifts them', async () => {
      expect(await m.ban('anchor', 'u1', 'spam', T0, 3)).toBe('ok')
      expect(await m.ban('anchor', 'u2', '', T0 + 2, 3)).toBe('ok')
      expect(await m.ban('anchor', 'u3', 'rude', T0 + 1, 3)).toBe('ok')
      expect(await m.ban('anchor', 'u4', '', T0 + 3, 3)).toBe('full')
      // Banning again updates, and is not refused at the cap.
      expect(await m.ban('anchor', 'u1', 'spam again', T0 + 5, 3)).toBe('ok')
      expect(await m.isBanned('anchor', 'u1')).toBe(true)
      expect(await m.isBanned('other', 'u1')).toBe(false)

      const all = await m.listBans('anchor', 0, 10)
      expect(all.total).toBe(3)
      expect(all.bans).toEqual([
        { userID: 'u1', reason: 'spam again', bannedAt: T0 + 5 },
        { userID: 'u2', reason: '', bannedAt: T0 + 2 },
        { userID: 'u3', reason: 'rude', bannedAt: T0 + 1 },
      ])
      expect((await m.listBans('anchor', 1, 1)).bans.map((b) => b.userID)).toEqual(['u2'])
      expect(await m.listBans('nobody', 0, 10)).toEqual({ bans: [], total: 0 })

      expect(await m.unban('anchor', 'u2')).toBe(true)
      expect(await m.unban('anchor', 'u2')).toBe(false)
      expect(await m.isBanned('anchor', 'u2')).toBe(false)
      expect(await m.ban('anchor', 'u4', '', T0 + 6, 3)).toBe('ok')
      expect((await m.listBans('anchor', 0, 10)).bans.map((b) => b.userID)).toEqual(['u4', 'u1', 'u3'])
    })

    it('keeps bans when the anchor’s rooms end', async () => {
      await m.ban('anchor', 'u1', '', T0, 10)
      await rooms.deleteRoom('r1')
      expect(await m.isBanned('anchor', 'u1')).toBe(true)
    })

    it('counts messages and likes per room, starting again for a new room with the same ID, and outliving the room', async () => {
      expect(await m.roomMessageCounts('r1')).toBeNull()
      await m.countMessages('r1', T0, { messages: 1, likes: 0 }, T0 + 1, DAY)
      await m.countMessages('r1', T0, { messages: 0, likes: 2 }, T0 + 2, DAY)
      await m.countMessages('r1', T0, { messages: 1, likes: 1 }, T0 + 3, DAY)
      expect(await m.roomMessageCounts('r1')).toEqual({ roomCreatedAt: T0, messages: 2, likes: 3, updatedAt: T0 + 3 })

      await rooms.deleteRoom('r1')
      expect((await m.roomMessageCounts('r1'))?.messages).toBe(2)

      await m.countMessages('r1', T0 + DAY, { messages: 1, likes: 0 }, T0 + DAY, DAY)
      expect(await m.roomMessageCounts('r1')).toEqual({ roomCreatedAt: T0 + DAY, messages: 1, likes: 0, updatedAt: T0 + DAY })
    })
  })
}
