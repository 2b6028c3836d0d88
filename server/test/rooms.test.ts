// Rooms, pushers and audience over real HTTP: every endpoint and every rule.
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import type { RoomSummary } from '@liveroom/protocol/roomService'
import { PLAY_KEY, PUSH_KEY, SDKAPPID, startService, type Service, type Session } from './helpers.ts'

let svc: Service
let alice: Session
let bob: Session
let carol: Session

beforeEach(async () => {
  svc = await startService({ env: { PLAY_KEY, MAX_PUSHERS: '3' } })
  alice = await svc.client.session('alice', svc.clock.now())
  bob = await svc.client.session('bob', svc.clock.now())
  carol = await svc.client.session('carol', svc.clock.now())
})
afterEach(async () => {
  await svc.close()
})

const md5 = (s: string) => createHash('md5').update(s).digest('hex')
const call = <K extends Parameters<Service['client']['call']>[0]>(name: K, s: Session, body: Record<string, unknown>) =>
  svc.client.call(name, s, body)
/** A co-anchor of alice's room, admitted by alice. */
const coAnchor = (s: Session, body: { roomID: string } & Record<string, unknown>) => svc.client.joinAsCoAnchor(alice, s, body)

/** Creates a room as `s` and joins it as pusher (what an anchor going live does). */
async function goLive(s: Session, body: Record<string, unknown> = {}): Promise<string> {
  const created = await call('create_room', s, { userID: s.userID, roomInfo: `${s.userID}的直播间`, ...body })
  expect(created.body.code).toBe(0)
  const roomID = String(created.body.roomID)
  const added = await call('add_anchor', s, { roomID, userID: s.userID, userName: `N-${s.userID}`, userAvatar: `https://a/${s.userID}.png`, pushURL: 'x' })
  expect(added.body.code).toBe(0)
  return roomID
}

function signedQuery(key: string, stream: string, expireAtS: number): string {
  const txTime = expireAtS.toString(16).toUpperCase()
  return `txSecret=${md5(key + stream + txTime)}&txTime=${txTime}`
}

describe('get_anchor_url', () => {
  it("returns the caller's signed push URL and play URLs built from configuration", async () => {
    const r = await call('get_anchor_url', alice, { userID: 'alice' })
    const stream = `${SDKAPPID}_alice`
    const exp = Math.floor(svc.clock.now() / 1000) + 86400
    expect(r.body).toEqual({
      code: 0,
      message: 'ok',
      pushURL: `rtmp://push.example.com/live/${stream}?${signedQuery(PUSH_KEY, stream, exp)}`,
      accelerateURL: `rtmp://play.example.com/live/${stream}?${signedQuery(PLAY_KEY, stream, exp)}`,
      rtmpPlayURL: `rtmp://play.example.com/live/${stream}?${signedQuery(PLAY_KEY, stream, exp)}`,
      flvPlayURL: `https://play.example.com/live/${stream}.flv?${signedQuery(PLAY_KEY, stream, exp)}`,
      hlsPlayURL: `https://play.example.com/live/${stream}.m3u8?${signedQuery(PLAY_KEY, stream, exp)}`,
      streamID: stream,
      expireAt: exp,
    })
  })

  it('honours URL_EXPIRE_S and leaves play URLs unsigned without PLAY_KEY', async () => {
    const other = await startService({ env: { URL_EXPIRE_S: '3600' } })
    try {
      const s = await other.client.session('dave', other.clock.now())
      const r = await other.client.call('get_anchor_url', s, {})
      const exp = Math.floor(other.clock.now() / 1000) + 3600
      expect(r.body.pushURL).toBe(`rtmp://push.example.com/live/${SDKAPPID}_dave?${signedQuery(PUSH_KEY, `${SDKAPPID}_dave`, exp)}`)
      expect(r.body.flvPlayURL).toBe(`https://play.example.com/live/${SDKAPPID}_dave.flv`)
      expect(r.body.accelerateURL).toBe(`rtmp://play.example.com/live/${SDKAPPID}_dave`)
    } finally {
      await other.close()
    }
  })

  it("never hands out someone else's push URL", async () => {
    const r = await call('get_anchor_url', bob, { userID: 'alice' })
    expect(r.status).toBe(403)
    expect(r.body.code).toBe(ErrorCode.FORBIDDEN)
    expect(r.body.pushURL).toBeUndefined()
  })
})

describe('create_room', () => {
  it('generates a room ID when none is given', async () => {
    const a = await call('create_room', alice, { userID: 'alice', roomInfo: 'r' })
    const b = await call('create_room', alice, { userID: 'alice', roomInfo: 'r' })
    expect(a.body.roomID).toMatch(/^room_[0-9a-f]{16}$/)
    expect(b.body.roomID).not.toBe(a.body.roomID)
  })

  it('takes a given free room ID, and refuses a taken one', async () => {
    expect((await call('create_room', alice, { roomInfo: 'r', roomID: 'my-room_1' })).body).toMatchObject({ code: 0, roomID: 'my-room_1' })
    const again = await call('create_room', bob, { roomInfo: 'r', roomID: 'my-room_1' })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe(ErrorCode.ROOM_ID_TAKEN)
    expect((await call('get_anchors', bob, { roomID: 'my-room_1' })).body.roomCreator).toBe('alice')
  })

  it('frees the room ID of a room whose creator went silent', async () => {
    await call('create_room', alice, { roomInfo: 'r', roomID: 'reused' })
    svc.clock.advance(31_000)
    const r = await call('create_room', bob, { roomInfo: 'r', roomID: 'reused' })
    expect(r.body).toMatchObject({ code: 0, roomID: 'reused' })
    expect((await call('get_anchors', bob, { roomID: 'reused' })).body.roomCreator).toBe('bob')
  })

  it('names the room from roomName, else roomInfo JSON roomName, else roomInfo', async () => {
    const a = await goLive(alice, { roomInfo: '{"roomName":"来自JSON","cover":"c"}' })
    const b = await goLive(bob, { roomInfo: '纯文本房间名' })
    const c = await goLive(carol, { roomInfo: 'info', roomName: '显式名字' })
    const names = Object.fromEntries(
      await Promise.all([a, b, c].map(async (id) => [id, (await call('get_anchors', alice, { roomID: id })).body.roomName])),
    )
    expect(names).toEqual({ [a]: '来自JSON', [b]: '纯文本房间名', [c]: '显式名字' })
  })

  it('refuses room names over 20 characters or with forbidden characters', async () => {
    for (const roomName of ['a'.repeat(21), 'bad<name', 'has space', 'x&y']) {
      const r = await call('create_room', alice, { roomInfo: 'r', roomName })
      expect(r.status).toBe(400)
      expect(r.body.code).toBe(ErrorCode.BAD_REQUEST)
    }
  })

  it("applies the same rules to a name carried in roomInfo, as JSON or as MLVB's plain text", async () => {
    const script = `<script>${'x'.repeat(900)}</script>`
    for (const roomInfo of [JSON.stringify({ roomName: script }), JSON.stringify({ roomName: 'has space' }), script, 'a'.repeat(21)]) {
      const r = await call('create_room', alice, { roomInfo })
      expect(r.status).toBe(400)
      expect(r.body.message).toMatch(/room name must be 1-20 characters, without spaces or any of <>\*\{\}\(\)\^%\$#@!~&=/)
    }
    expect((await call('get_room_list', alice, {})).body.rooms).toEqual([])
  })

  it('caps the rooms one user holds at once (MAX_ROOMS_PER_USER); ended or expired rooms free their place', async () => {
    await svc.close()
    svc = await startService({ env: { MAX_ROOMS_PER_USER: '2' } })
    alice = await svc.client.session('alice', svc.clock.now())
    const first = String((await call('create_room', alice, { roomInfo: '一' })).body.roomID)
    expect((await call('create_room', alice, { roomInfo: '二' })).body.code).toBe(0)
    const third = await call('create_room', alice, { roomInfo: '三' })
    expect(third.status).toBe(429)
    expect(third.body.code).toBe(ErrorCode.TOO_MANY_ROOMS)
    expect(third.body.message).toMatch(/请先结束一个.*at most 2/)
    // Someone else is not held back by alice's rooms.
    bob = await svc.client.session('bob', svc.clock.now())
    expect((await call('create_room', bob, { roomInfo: '别人' })).body.code).toBe(0)
    expect((await call('destroy_room', alice, { roomID: first })).body.code).toBe(0)
    expect((await call('create_room', alice, { roomInfo: '三' })).body.code).toBe(0)
    svc.clock.advance(31_000)
    alice = await svc.client.session('alice', svc.clock.now())
    expect((await call('create_room', alice, { roomInfo: '四' })).body.code).toBe(0)
  })

  it('refuses to create a room on behalf of someone else', async () => {
    const r = await call('create_room', bob, { userID: 'alice', roomInfo: 'r' })
    expect(r.body.code).toBe(ErrorCode.FORBIDDEN)
  })
})

describe('get_room_list', () => {
  it('lists a room only once its creator is live, with the fields MLVB clients read', async () => {
    const created = await call('create_room', alice, { roomInfo: 'info', roomName: '爱丽丝', custom: '{"k":1}' })
    const roomID = String(created.body.roomID)
    expect((await call('get_room_list', bob, { index: 0, cnt: 20 })).body.rooms).toEqual([])

    svc.clock.advance(1000)
    await call('add_anchor', alice, { roomID, userName: 'Alice', userAvatar: 'https://a/alice.png', pushURL: 'rtmp://secret-push' })
    await coAnchor(bob, { roomID, userName: 'Bob', userAvatar: '', pushURL: 'rtmp://bob-secret' })
    await call('add_audience', carol, { roomID, userInfo: '{"userName":"C"}' })

    const rooms = (await call('get_room_list', carol, { index: 0, cnt: 20 })).body.rooms
    const exp = Math.floor(svc.clock.now() / 1000) + 86400
    const acc = (u: string) => `rtmp://play.example.com/live/${SDKAPPID}_${u}?${signedQuery(PLAY_KEY, `${SDKAPPID}_${u}`, exp)}`
    expect(rooms).toEqual([
      {
        roomID,
        roomInfo: 'info',
        roomName: '爱丽丝',
        roomCreator: 'alice',
        mixedPlayURL: `https://play.example.com/live/${SDKAPPID}_alice.flv?${signedQuery(PLAY_KEY, `${SDKAPPID}_alice`, exp)}`,
        pushers: [
          { userID: 'alice', userName: 'Alice', userAvatar: 'https://a/alice.png', accelerateURL: acc('alice'), audioMuted: false },
          { userID: 'bob', userName: 'Bob', userAvatar: '', accelerateURL: acc('bob'), audioMuted: false },
        ],
        audienceCount: 1,
        custom: '{"k":1}',
        createTime: svc.clock.now(),
      },
    ] satisfies RoomSummary[])
    expect(JSON.stringify(rooms)).not.toContain('secret')
  })

  it('pages newest live first with index and cnt (default 20, at most 100)', async () => {
    const now = svc.clock.now()
    for (let i = 0; i < 25; i++) {
      await svc.store.createRoom({ roomID: `r${String(i).padStart(2, '0')}`, roomName: 'n', roomInfo: 'i', roomCreator: `u${i}`, custom: '', createdAt: now, requireAdmission: false })
      await svc.store.addPusher(`r${String(i).padStart(2, '0')}`, { userID: `u${i}`, userName: '', userAvatar: '', pushURL: '' }, now + i, 4)
    }
    svc.clock.advance(100)
    const ids = async (body: Record<string, unknown>) =>
      ((await call('get_room_list', alice, body)).body.rooms ?? []).map((r) => r.roomID)
    expect(await ids({ index: 0, cnt: 3 })).toEqual(['r24', 'r23', 'r22'])
    expect(await ids({ index: 3, cnt: 2 })).toEqual(['r21', 'r20'])
    expect(await ids({ index: 23, cnt: 10 })).toEqual(['r01', 'r00'])
    expect(await ids({ index: 25, cnt: 10 })).toEqual([])
    expect(await ids({})).toHaveLength(20)
    expect(await ids({ cnt: 100 })).toHaveLength(25)
    for (const bad of [{ cnt: 101 }, { cnt: 0 }, { index: -1 }, { cnt: 2.5 }]) {
      const r = await call('get_room_list', alice, bad)
      expect(r.status).toBe(400)
      expect(r.body.code).toBe(ErrorCode.BAD_REQUEST)
    }
  })
})

describe('get_anchors', () => {
  it("returns the room, its pushers and the creator's status code", async () => {
    const roomID = await goLive(alice, { roomInfo: 'info' })
    await call('anchor_heartbeat', alice, { roomID, userID: 'alice', roomStatusCode: 7 })
    await coAnchor(bob, { roomID, userName: 'Bob' })
    const r = await call('get_anchors', carol, { roomID })
    expect(r.body).toMatchObject({
      code: 0,
      roomID,
      roomInfo: 'info',
      roomCreator: 'alice',
      roomStatusCode: 7,
      audienceCount: 0,
    })
    expect(r.body.mixedPlayURL).toContain(`/live/${SDKAPPID}_alice.flv?`)
    expect(r.body.pushers?.map((p) => [p.userID, p.userName])).toEqual([
      ['alice', 'N-alice'],
      ['bob', 'Bob'],
    ])
    expect(Object.keys(r.body.pushers?.[0] ?? {}).sort()).toEqual(['accelerateURL', 'audioMuted', 'userAvatar', 'userID', 'userName'])
  })

  it('answers ROOM_NOT_FOUND for an unknown room', async () => {
    const r = await call('get_anchors', alice, { roomID: 'nope' })
    expect(r.status).toBe(404)
    expect(r.body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
  })
})

describe('add_anchor / delete_anchor', () => {
  it('lets co-anchors join up to MAX_PUSHERS', async () => {
    const roomID = await goLive(alice)
    expect((await coAnchor(bob, { roomID })).body.code).toBe(0)
    expect((await coAnchor(carol, { roomID })).body.code).toBe(0)
    const dave = await svc.client.session('dave', svc.clock.now())
    const full = await coAnchor(dave, { roomID })
    expect(full.status).toBe(409)
    expect(full.body.code).toBe(ErrorCode.ROOM_FULL)
    // Joining twice is a refresh, not a second seat.
    expect((await call('add_anchor', bob, { roomID, userName: 'Bob again' })).body.code).toBe(0)
    expect((await call('get_anchors', alice, { roomID })).body.pushers?.map((p) => p.userName)).toEqual(['N-alice', 'Bob again', 'carol'])
  })

  it('keeps a place for the creator: strangers who join an open room first cannot lock it out', async () => {
    const roomID = String((await call('create_room', alice, { roomInfo: '开放房间' })).body.roomID)
    const dave = await svc.client.session('dave', svc.clock.now())
    expect((await call('add_anchor', bob, { roomID })).body.code).toBe(0)
    expect((await call('add_anchor', carol, { roomID })).body.code).toBe(0)
    expect((await call('add_anchor', dave, { roomID })).body.code).toBe(ErrorCode.ROOM_FULL)
    expect((await call('add_anchor', alice, { roomID })).body.code).toBe(0)
    expect((await call('get_anchors', alice, { roomID })).body.pushers?.map((p) => p.userID).sort()).toEqual(['alice', 'bob', 'carol'])
  })

  it('lets in only a co-anchor the creator admitted in a room that asks for it, and only the creator admits', async () => {
    const roomID = await goLive(alice, { requireAdmission: true })
    const uninvited = await call('add_anchor', bob, { roomID })
    expect(uninvited.status).toBe(403)
    expect(uninvited.body).toMatchObject({ code: ErrorCode.NOT_ADMITTED, message: expect.stringContaining('admitted') })
    expect((await call('admit_anchor', carol, { roomID, userID: 'bob' })).body.code).toBe(ErrorCode.NOT_ROOM_CREATOR)
    expect((await call('add_anchor', bob, { roomID })).body.code).toBe(ErrorCode.NOT_ADMITTED)
    expect((await call('admit_anchor', alice, { roomID, userID: 'alice' })).body.code).toBe(ErrorCode.BAD_REQUEST)
    expect((await call('admit_anchor', alice, { roomID: 'nope', userID: 'bob' })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect((await call('admit_anchor', alice, { roomID })).body.code).toBe(ErrorCode.BAD_REQUEST)

    const admitted = await call('admit_anchor', alice, { roomID, userID: 'bob' })
    expect(admitted.body).toMatchObject({ code: 0, expireAt: svc.clock.now() + 60_000 })
    expect((await call('add_anchor', carol, { roomID })).body.code).toBe(ErrorCode.NOT_ADMITTED)
    expect((await call('add_anchor', bob, { roomID })).body.code).toBe(0)
    expect((await call('get_anchors', carol, { roomID })).body.pushers?.map((p) => p.userID)).toEqual(['alice', 'bob'])
  })

  it('takes an admission once and for a minute; a kicked co-anchor needs a new one', async () => {
    const roomID = await goLive(alice, { requireAdmission: true })
    await call('admit_anchor', alice, { roomID, userID: 'bob' })
    svc.clock.advance(25_000)
    await call('anchor_heartbeat', alice, { roomID })
    svc.clock.advance(25_000)
    await call('anchor_heartbeat', alice, { roomID })
    svc.clock.advance(10_001)
    expect((await call('add_anchor', bob, { roomID })).body.code).toBe(ErrorCode.NOT_ADMITTED)

    await call('admit_anchor', alice, { roomID, userID: 'bob' })
    expect((await call('add_anchor', bob, { roomID })).body.code).toBe(0)
    expect((await call('delete_anchor', alice, { roomID, userID: 'bob' })).body.code).toBe(0)
    expect((await call('add_anchor', bob, { roomID })).body.code).toBe(ErrorCode.NOT_ADMITTED)
  })

  it('refuses to add someone else, or to add to an unknown room', async () => {
    const roomID = await goLive(alice)
    expect((await call('add_anchor', bob, { roomID, userID: 'carol' })).body.code).toBe(ErrorCode.FORBIDDEN)
    expect((await call('add_anchor', bob, { roomID: 'nope' })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
  })

  it('a pusher may delete itself but not another pusher', async () => {
    const roomID = await goLive(alice)
    await coAnchor(bob, { roomID })
    await coAnchor(carol, { roomID })
    const r = await call('delete_anchor', carol, { roomID, userID: 'bob' })
    expect(r.status).toBe(403)
    expect(r.body.code).toBe(ErrorCode.NOT_ROOM_CREATOR)
    expect((await call('delete_anchor', carol, { roomID, userID: 'carol' })).body.code).toBe(0)
    expect((await call('get_anchors', alice, { roomID })).body.pushers?.map((p) => p.userID)).toEqual(['alice', 'bob'])
    // Leaving again, or leaving without ever having pushed, is still a success (MLVB's exitRoom).
    const dave = await svc.client.session('dave', svc.clock.now())
    expect((await call('delete_anchor', carol, { roomID })).body.code).toBe(0)
    expect((await call('delete_anchor', dave, { roomID })).body.code).toBe(0)
    expect((await call('delete_anchor', dave, { roomID, userID: 'dave' })).body.code).toBe(0)
    // The creator kicking someone who is not a pusher is still an error.
    expect((await call('delete_anchor', alice, { roomID, userID: 'dave' })).body.code).toBe(ErrorCode.PUSHER_NOT_FOUND)
  })

  it('leaving a room that has closed is a success for oneself, not for removing others', async () => {
    const roomID = await goLive(alice)
    await coAnchor(bob, { roomID })
    expect((await call('destroy_room', alice, { roomID })).body.code).toBe(0)
    expect((await call('delete_anchor', bob, { roomID })).body.code).toBe(0)
    expect((await call('delete_anchor', carol, { roomID: 'never-existed' })).body.code).toBe(0)
    expect((await call('delete_anchor', alice, { roomID, userID: 'bob' })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
  })

  it('the creator may remove (kick) a co-anchor', async () => {
    const roomID = await goLive(alice)
    await coAnchor(bob, { roomID })
    expect((await call('delete_anchor', alice, { roomID, userID: 'bob' })).body.code).toBe(0)
    expect((await call('get_anchors', alice, { roomID })).body.pushers?.map((p) => p.userID)).toEqual(['alice'])
    expect((await call('anchor_heartbeat', bob, { roomID })).body.code).toBe(ErrorCode.PUSHER_NOT_FOUND)
  })

  it('a co-anchor cannot remove the creator; the creator leaving closes the room', async () => {
    const roomID = await goLive(alice)
    await coAnchor(bob, { roomID })
    expect((await call('delete_anchor', bob, { roomID, userID: 'alice' })).body.code).toBe(ErrorCode.NOT_ROOM_CREATOR)
    expect((await call('delete_anchor', alice, { roomID, userID: 'alice' })).body.code).toBe(0)
    expect((await call('get_anchors', bob, { roomID })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect((await call('get_room_list', bob, {})).body.rooms).toEqual([])
  })
})

describe('rooms of old MLVB anchor apps, which never admit', () => {
  it('are open to any logged-in co-anchor, as MLVB had them', async () => {
    const roomID = await goLive(alice)
    expect((await call('add_anchor', bob, { roomID })).body.code).toBe(0)
  })

  it('are closed too with CO_ANCHOR_ADMISSION=all', async () => {
    const strict = await startService({ env: { CO_ANCHOR_ADMISSION: 'all' } })
    try {
      const anchor = await strict.client.session('alice', strict.clock.now())
      const guest = await strict.client.session('bob', strict.clock.now())
      const roomID = String((await strict.client.call('create_room', anchor, { roomInfo: 'r' })).body.roomID)
      await strict.client.call('add_anchor', anchor, { roomID })
      expect((await strict.client.call('add_anchor', guest, { roomID })).body.code).toBe(ErrorCode.NOT_ADMITTED)
      expect((await strict.client.joinAsCoAnchor(anchor, guest, { roomID })).body.code).toBe(0)
    } finally {
      await strict.close()
    }
  })
})

describe('anchor_heartbeat', () => {
  it('answers with the current pushers', async () => {
    const roomID = await goLive(alice)
    await coAnchor(bob, { roomID, userName: 'Bob' })
    const r = await call('anchor_heartbeat', bob, { roomID, userID: 'bob', roomStatusCode: 0 })
    expect(r.body.code).toBe(0)
    expect(r.body.pushers?.map((p) => p.userID)).toEqual(['alice', 'bob'])
  })

  it('refuses a heartbeat from a non-pusher, for someone else, or for an unknown room', async () => {
    const roomID = await goLive(alice)
    expect((await call('anchor_heartbeat', bob, { roomID })).body.code).toBe(ErrorCode.PUSHER_NOT_FOUND)
    expect((await call('anchor_heartbeat', bob, { roomID, userID: 'alice' })).body.code).toBe(ErrorCode.FORBIDDEN)
    expect((await call('anchor_heartbeat', alice, { roomID: 'nope' })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
  })
})

describe('destroy_room', () => {
  it('only the creator may destroy the room', async () => {
    const roomID = await goLive(alice)
    const r = await call('destroy_room', bob, { roomID, userID: 'bob' })
    expect(r.status).toBe(403)
    expect(r.body.code).toBe(ErrorCode.NOT_ROOM_CREATOR)
    expect((await call('get_anchors', bob, { roomID })).body.code).toBe(0)

    expect((await call('destroy_room', alice, { roomID, userID: 'alice' })).body).toEqual({ code: 0, message: 'ok' })
    expect((await call('get_room_list', bob, {})).body.rooms).toEqual([])
    expect((await call('destroy_room', alice, { roomID })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
  })
})

describe('audience', () => {
  it('counts each user once however often they join, and leaving twice is harmless', async () => {
    const roomID = await goLive(alice)
    const users = await Promise.all(['v1', 'v2', 'v3'].map((u) => svc.client.session(u, svc.clock.now())))
    const joins = await Promise.all([...users, ...users, ...users].map((s) => call('add_audience', s, { roomID, userID: s.userID, userInfo: `{"userName":"${s.userID}"}` })))
    expect(joins.every((j) => j.body.code === 0)).toBe(true)
    expect((await call('get_audiences', alice, { roomID })).body.audienceCount).toBe(3)

    const leaves = await Promise.all([users[0], users[0], users[1]].map((s) => call('delete_audience', s, { roomID, userID: s.userID })))
    expect(leaves.map((l) => l.body.code)).toEqual([0, 0, 0])
    const after = await call('get_audiences', alice, { roomID })
    expect(after.body.audienceCount).toBe(1)
    expect(after.body.audiences).toEqual([{ userID: 'v3', userInfo: '{"userName":"v3"}' }])
    expect((await call('get_room_list', alice, {})).body.rooms?.[0].audienceCount).toBe(1)
    expect((await call('delete_audience', users[0], { roomID })).body.audienceCount).toBe(1)
  })

  it('add/delete answer with the new count', async () => {
    const roomID = await goLive(alice)
    expect((await call('add_audience', bob, { roomID })).body.audienceCount).toBe(1)
    expect((await call('add_audience', carol, { roomID })).body.audienceCount).toBe(2)
    expect((await call('delete_audience', bob, { roomID })).body.audienceCount).toBe(1)
  })

  it('refuses to join or leave on behalf of someone else, and unknown rooms', async () => {
    const roomID = await goLive(alice)
    expect((await call('add_audience', bob, { roomID, userID: 'carol' })).body.code).toBe(ErrorCode.FORBIDDEN)
    expect((await call('delete_audience', bob, { roomID, userID: 'carol' })).body.code).toBe(ErrorCode.FORBIDDEN)
    expect((await call('add_audience', bob, { roomID: 'nope' })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect((await call('delete_audience', bob, { roomID: 'nope' })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
    expect((await call('get_audiences', bob, { roomID: 'nope' })).body.code).toBe(ErrorCode.ROOM_NOT_FOUND)
  })
})

describe('healthz', () => {
  it('answers GET /healthz with the store in use', async () => {
    const res = await fetch(`${svc.client.baseUrl}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ code: 0, message: 'ok', store: 'sqlite' })
  })
})
