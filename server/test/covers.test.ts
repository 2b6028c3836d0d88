// Room covers: the creator's snapshot upload (checked by its bytes), served without login, carried
// by get_anchors and get_room_list, replaced by the next one and deleted with the room. Both stores.
import { beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { COVER_UPLOAD_PATH } from '@liveroom/protocol/roomService'
import { ORPHAN_SWEEP_MS } from '../covers/covers.ts'
import { STORE_KINDS, serviceOnEachStore } from './eachStore.ts'
import type { Service, Session } from './helpers.ts'

const ENV = { COVER_MAX_BYTES: '2048', ANCHOR_TIMEOUT_S: '30' }
const startOn = serviceOnEachStore('cover')
let svc: Service

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 3)])
const JPEG2 = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(120, 4)])
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)])
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(50, 1)])

describe.each(STORE_KINDS)('room covers (%s store)', (kind) => {
  let alice: Session
  let bob: Session
  let roomID: string

  beforeEach(async () => {
    svc = await startOn(kind, ENV)
    alice = await svc.client.session('alice', svc.clock.now())
    bob = await svc.client.session('bob', svc.clock.now())
    roomID = await liveRoom(alice)
  })

  async function liveRoom(s: Session): Promise<string> {
    const id = String((await svc.client.call('create_room', s, { roomInfo: 'r' })).body.roomID)
    expect((await svc.client.call('add_anchor', s, { roomID: id })).body.code).toBe(0)
    return id
  }

  async function upload(s: Session, bytes: Buffer, contentType: string, room = roomID): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${svc.client.baseUrl}${COVER_UPLOAD_PATH}?userID=${s.userID}&token=${s.token}&roomID=${room}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: bytes,
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }

  const served = async (url: string) => {
    const res = await fetch(svc.client.baseUrl + url)
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) }
  }
  const anchorsCover = async () => (await svc.client.call('get_anchors', bob, { roomID })).body.coverURL
  const listedCovers = async () => {
    const { rooms } = (await svc.client.call('get_room_list', bob, {})).body as { rooms: { roomID: string; coverURL?: string }[] }
    return Object.fromEntries(rooms.map((r) => [r.roomID, r.coverURL]))
  }

  it("keeps the creator's snapshot as the room's cover: served without login, in get_anchors and the room list", async () => {
    const other = await liveRoom(bob)
    expect(await anchorsCover()).toBeUndefined()
    const r = await upload(alice, JPEG, 'image/jpeg')
    expect(r).toMatchObject({ status: 200, body: { code: 0 } })
    const url = String(r.body.coverURL)
    expect(url).toMatch(new RegExp(`^/covers/${roomID}\\.[0-9a-f]{32}\\.jpg$`))
    expect(await served(url)).toMatchObject({ status: 200, type: 'image/jpeg', bytes: JPEG })
    expect(await anchorsCover()).toBe(url)
    // The list caches its pages for a moment: read it past that.
    svc.clock.advance(2000)
    expect(await listedCovers()).toEqual({ [roomID]: url, [other]: undefined })
    expect((await upload(alice, PNG, 'image/png')).body.coverURL).toMatch(/\.png$/)
  })

  it('refuses a wrong or lying type (3047), bytes that are no JPEG or PNG (3046), too large (3045)', async () => {
    expect(await upload(alice, WEBP, 'image/webp')).toMatchObject({ status: 415, body: { code: ErrorCode.COVER_WRONG_TYPE } })
    expect(await upload(alice, PNG, 'image/jpeg')).toMatchObject({ status: 415, body: { code: ErrorCode.COVER_WRONG_TYPE } })
    expect(await upload(alice, WEBP, 'image/jpeg')).toMatchObject({ status: 400, body: { code: ErrorCode.COVER_NOT_IMAGE } })
    expect(await upload(alice, Buffer.concat([JPEG, Buffer.alloc(4096)]), 'image/jpeg')).toMatchObject({
      status: 413,
      body: { code: ErrorCode.COVER_TOO_LARGE },
    })
    expect(await anchorsCover()).toBeUndefined()
  })

  it('takes a cover only from the creator of a live room', async () => {
    expect((await upload(bob, JPEG, 'image/jpeg')).body.code).toBe(ErrorCode.NOT_ROOM_CREATOR)
    expect((await upload({ userID: 'alice', token: 'made-up' }, JPEG, 'image/jpeg')).status).toBe(401)
    const notLive = String((await svc.client.call('create_room', bob, { roomInfo: 'r' })).body.roomID)
    expect((await upload(bob, JPEG, 'image/jpeg', notLive)).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect((await svc.client.call('destroy_room', alice, { roomID })).body.code).toBe(0)
    expect((await upload(alice, JPEG, 'image/jpeg')).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect(await anchorsCover()).toBeUndefined()
  })

  it('replaces the old cover with a new one (the old URL is gone)', async () => {
    const first = String((await upload(alice, JPEG, 'image/jpeg')).body.coverURL)
    const second = String((await upload(alice, JPEG2, 'image/jpeg')).body.coverURL)
    expect(second).not.toBe(first)
    expect(await anchorsCover()).toBe(second)
    expect((await served(first)).status).toBe(404)
    expect(await served(second)).toMatchObject({ status: 200, bytes: JPEG2 })
    // The same snapshot again keeps its cover.
    expect((await upload(alice, JPEG2, 'image/jpeg')).body.coverURL).toBe(second)
    expect((await served(second)).status).toBe(200)
  })

  it('deletes the cover with its room: destroyed, timed out, or gone without an end seen (the sweep)', async () => {
    const destroyed = String((await upload(alice, JPEG, 'image/jpeg')).body.coverURL)
    await svc.client.call('destroy_room', alice, { roomID })
    expect((await served(destroyed)).status).toBe(404)

    roomID = await liveRoom(alice)
    const timedOut = String((await upload(alice, JPEG, 'image/jpeg')).body.coverURL)
    svc.clock.advance(31_000)
    await svc.rooms.sweep()
    expect((await served(timedOut)).status).toBe(404)

    roomID = await liveRoom(alice)
    const orphaned = String((await upload(alice, JPEG2, 'image/jpeg')).body.coverURL)
    await svc.store.deleteRoom(roomID)
    await svc.rooms.sweep()
    expect((await served(orphaned)).status).toBe(200)
    svc.clock.advance(ORPHAN_SWEEP_MS)
    await svc.rooms.sweep()
    expect((await served(orphaned)).status).toBe(404)
  })
})
