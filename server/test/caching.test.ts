// What the service keeps for a second (rooms, list pages, verified tokens) and the heartbeats it
// writes behind: its own writes show at once, another instance's (here: the store written
// directly) within the second, and nothing acknowledged is lost on a graceful close.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { hashToken } from '../auth/tokens.ts'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { guardStore } from '../store/types.ts'
import { SECRET_KEY, startService, tempDir, type Service, type Session } from './helpers.ts'

let svc: Service | undefined
afterEach(async () => {
  await svc?.close()
  svc = undefined
})

async function liveRoom(s: Service, creator: Session, roomID: string): Promise<void> {
  expect((await s.client.call('create_room', creator, { roomInfo: roomID, roomID })).body.code).toBe(0)
  expect((await s.client.call('add_anchor', creator, { roomID })).body.code).toBe(0)
}

const listed = async (s: Service, who: Session, body: Record<string, unknown> = {}) =>
  (await s.client.call('get_room_list', who, body)).body.rooms?.map((r) => [r.roomID, r.audienceCount, r.pushers.length])

describe('room reads served for a second', () => {
  it('show this instance’s writes at once, and another instance’s once the second is over', async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    const bob = await svc.client.session('bob', svc.clock.now())
    await liveRoom(svc, alice, 'r1')
    const anchors = async () => (await svc!.client.call('get_anchors', bob, { roomID: 'r1' })).body
    expect((await anchors()).pushers?.map((p) => p.userID)).toEqual(['alice'])

    // Another instance's join: not seen within the second...
    await svc.store.addPusher('r1', { userID: 'carol', userName: 'C', userAvatar: '', pushURL: '' }, svc.clock.now(), 4)
    expect((await anchors()).pushers?.map((p) => p.userID)).toEqual(['alice'])
    svc.clock.advance(1000)
    expect((await anchors()).pushers?.map((p) => p.userID)).toEqual(['alice', 'carol'])

    // ... this instance's own writes are, at once.
    await svc.client.call('add_audience', bob, { roomID: 'r1' })
    expect((await anchors()).audienceCount).toBe(1)
    await svc.client.call('delete_anchor', alice, { roomID: 'r1', userID: 'carol' })
    expect((await anchors()).pushers?.map((p) => p.userID)).toEqual(['alice'])
    await svc.client.call('destroy_room', alice, { roomID: 'r1' })
    expect((await anchors()).code).toBe(ErrorCode.ROOM_NOT_FOUND)
    // A room ID read while free, then created here, is found.
    expect((await svc.client.call('get_anchors', bob, { roomID: 'r2' })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    await liveRoom(svc, alice, 'r2')
    expect((await svc.client.call('get_anchors', bob, { roomID: 'r2' })).body.code).toBe(0)
  })
})

describe('room list served as the same text for a second', () => {
  it('shows a write on this instance at once; another instance’s within the second', async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    const bob = await svc.client.session('bob', svc.clock.now())
    const viewer = await svc.client.session('viewer', svc.clock.now())
    await liveRoom(svc, alice, 'r1')
    expect(await listed(svc, viewer)).toEqual([['r1', 0, 1]])

    await svc.client.call('add_audience', viewer, { roomID: 'r1' })
    expect(await listed(svc, viewer)).toEqual([['r1', 1, 1]])
    svc.clock.advance(1)
    await liveRoom(svc, bob, 'r2')
    expect(await listed(svc, viewer)).toEqual([
      ['r2', 0, 1],
      ['r1', 1, 1],
    ])
    await svc.client.call('delete_audience', viewer, { roomID: 'r1' })
    expect(await listed(svc, viewer)).toEqual([
      ['r2', 0, 1],
      ['r1', 0, 1],
    ])

    await svc.store.addAudience('r2', 'elsewhere', '', svc.clock.now())
    expect((await listed(svc, viewer))?.[0]).toEqual(['r2', 0, 1])
    svc.clock.advance(1000)
    expect((await listed(svc, viewer))?.[0]).toEqual(['r2', 1, 1])
  })

  it('pages by index as before, deep pages included, whatever order they are asked in', async () => {
    svc = await startService()
    const viewer = await svc.client.session('viewer', svc.clock.now())
    for (let i = 0; i < 45; i++) {
      const id = `p${String(i).padStart(2, '0')}`
      await svc.store.createRoom({ roomID: id, roomName: id, roomInfo: id, roomCreator: `u${i}`, custom: '', createdAt: svc.clock.now(), requireAdmission: false })
      await svc.store.addPusher(id, { userID: `u${i}`, userName: '', userAvatar: '', pushURL: '' }, svc.clock.now() + i, 4)
    }
    const ids = Array.from({ length: 45 }, (_, i) => `p${String(44 - i).padStart(2, '0')}`)
    const page = async (index: number, cnt: number) => (await svc!.client.call('get_room_list', viewer, { index, cnt })).body.rooms?.map((r) => r.roomID)
    expect(await page(30, 10)).toEqual(ids.slice(30, 40))
    expect(await page(0, 20)).toEqual(ids.slice(0, 20))
    expect(await page(20, 20)).toEqual(ids.slice(20, 40))
    expect(await page(25, 7)).toEqual(ids.slice(25, 32))
    expect(await page(40, 20)).toEqual(ids.slice(40))
    expect(await page(45, 20)).toEqual([])
    // A room leaving moves the later pages up at once.
    const u3 = await svc.client.session('u3', svc.clock.now())
    await svc.client.call('destroy_room', u3, { roomID: 'p03' })
    expect(await page(40, 20)).toEqual(ids.slice(40).filter((id) => id !== 'p03'))
  })
})

describe('heartbeats written behind', () => {
  it('are refused for unknown rooms and pushers, and none acknowledged is lost on a graceful close', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'rooms.sqlite')
    const store = guardStore(new SqliteRoomStore(file))
    svc = await startService({ store })
    const alice = await svc.client.session('alice', svc.clock.now())
    const bob = await svc.client.session('bob', svc.clock.now())
    await liveRoom(svc, alice, 'r1')
    expect((await svc.client.call('anchor_heartbeat', alice, { roomID: 'nope' })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect((await svc.client.call('anchor_heartbeat', bob, { roomID: 'r1' })).body.code).toBe(ErrorCode.PUSHER_NOT_FOUND)
    svc.clock.advance(7000)
    const beatAt = svc.clock.now()
    expect((await svc.client.call('anchor_heartbeat', alice, { roomID: 'r1', roomStatusCode: 3 })).body.code).toBe(0)
    // Seen by this instance at once.
    expect((await svc.client.call('get_anchors', bob, { roomID: 'r1' })).body.roomStatusCode).toBe(3)

    await svc.close()
    svc = undefined
    await store.close()
    const reopened = new SqliteRoomStore(file)
    expect(await reopened.getRoom('r1')).toMatchObject({ creatorHeartbeatAt: beatAt, roomStatusCode: 3 })
    await reopened.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

describe('verified tokens kept for a second', () => {
  it('a logout here ends the token at once; one revoked elsewhere ends within the second', async () => {
    svc = await startService()
    const alice = await svc.client.session('alice', svc.clock.now())
    const list = async (who: Session) => (await svc!.client.call('get_room_list', who, {})).body.code
    expect(await list(alice)).toBe(0)
    expect((await svc.client.call('logout', alice, {})).body.code).toBe(0)
    expect(await list(alice)).toBe(ErrorCode.TOKEN_INVALID)

    const bob = await svc.client.session('bob', svc.clock.now())
    expect(await list(bob)).toBe(0)
    await svc.store.deleteToken(hashToken(SECRET_KEY, bob.token))
    expect(await list(bob)).toBe(0)
    svc.clock.advance(1000)
    expect(await list(bob)).toBe(ErrorCode.TOKEN_INVALID)
  })
})
