// The room service driven exactly as MLVB's WeChat mini-program client drives it: Tencent's
// `mlvbliveroomcore.js` (component `mlvb-live-room` of the MLVB WXMini demo), with the calls its
// view (`mlvbliveroomview.js`) and room-list page (`roomlist.js`) make. Every request below has
// that client's URL (`<name>?<params>&userID=..[&token=..]`, the params URL-encoded in the order
// it writes them), its JSON body (its field names, order and value types, fields the service
// ignores included) and its order of calls; every step asserts what that client reads from the
// reply, and counts as passing only when that client would go on.
//
// Facts about the client that shape the test:
// - `request()` is a `wx.request` POST with `content-type: application/json`; its success callback
//   gets any HTTP status and looks only at the JSON body: a truthy `code` is a failure.
// - `login()` sends `accountType: '0'`, `sdkAppID`, `userSig`, `platform: 'WeChat'` in the query
//   and `{}` as body, with no token yet; the room-list page makes the UserSig locally (debug
//   generator, expiry 604800 s) for a user ID that is `Date.now()` in hex, and passes an empty
//   avatar, which `login()` replaces with '123'.
// - the room's co-anchor handshake (`requestJoinAnchor()` / `acceptJoinAnchor()`) is IM only: no
//   room-service call admits the co-anchor before its `add_anchor`.
// - after `add_anchor`, `pusherHeartBeat(1)` beats at 3 s, then every 7 s (7, 14, 21 …); after
//   the exit the next pending beat still fires once, with whatever `roomInfo.roomID` holds then.
// - the anchor learns of co-anchors only from the `pushers` of its heartbeat replies
//   (`innerMergerAnchors()`), and then mixes (`mergeStream()`), sending `mergeParams` as JSON text
//   in the Mix_StreamV2 shape; the co-anchor does not mix (it is not `roomInfo.roomCreator`).
// - `exitRoom()`: the creator only calls `destroy_room`; anyone else calls `delete_anchor` for
//   itself and, without waiting, `delete_audience` with `userID, roomID` only.
// - the WeChat client never calls `get_audiences`; MLVB's native apps do (Android
//   `HttpRequests.getAudienceList()`: body `{"roomID":".."}`, reply `audiences[].userID/userInfo`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { independentUserSig, SDKAPPID, startFakeServer, startService, type FakeServer, type Reply, type Service } from './helpers.ts'

// ------------------------------------------------------------------ the MLVB client, as data

interface MlvbPusher {
  userID: string
  userName: string
  userAvatar: string
  accelerateURL: string
}

/** One mini-program's state: `accountInfo` and `roomInfo` of mlvbliveroomcore.js. */
interface MlvbClient {
  label: string
  account: { userID: string; userName: string; userAvatar: string; userSig: string; sdkAppID: number; token: string }
  room: {
    roomID: string
    roomInfo: string
    roomCreator: string
    mixedPlayURL: string
    pushers: MlvbPusher[]
    roomStatusCode: number
  }
  /** The push URL `getPushURL()` gave. */
  pushURL: string
}

type Body = Reply['body']

/** A layout entry of MLVB's Mix_StreamV2 `input_stream_list`. */
interface MlvbLayout {
  image_layer: number
  image_width?: number
  image_height?: number
  location_x?: number
  location_y?: number
}
interface MlvbInput {
  input_stream_id: string
  layout_params: MlvbLayout
}

/** The fields of one pusher as MLVB reads them (`userID`, `userName`, `accelerateURL`). */
function pushersOf(body: Body): MlvbPusher[] {
  const list = body.pushers
  expect(Array.isArray(list), `pushers is an array in ${JSON.stringify(body)}`).toBe(true)
  return (list as unknown[]).map((p) => {
    const o = p as Record<string, unknown>
    expect(typeof o.userID).toBe('string')
    expect(typeof o.userName).toBe('string')
    expect(typeof o.userAvatar).toBe('string')
    expect(typeof o.accelerateURL).toBe('string')
    expect(String(o.accelerateURL)).not.toBe('')
    return { userID: String(o.userID), userName: String(o.userName), userAvatar: String(o.userAvatar), accelerateURL: String(o.accelerateURL) }
  })
}

/** What makes MLVB's success callbacks go on: `code` 0 (its test is `if (ret.data.code)`), a text message. */
function expectOk(body: Body): void {
  expect(body, JSON.stringify(body)).toMatchObject({ code: 0 })
  expect(typeof body.message).toBe('string')
}

function str(body: Body, field: string): string {
  const v = body[field]
  expect(typeof v, `${field} is a string in ${JSON.stringify(body)}`).toBe('string')
  return v as string
}

/** MLVB's `getStreamIDByStreamUrl()`: the last path segment, cut at `?` and at the first `.`. */
function streamIdOf(url: string): string {
  const path = url.split('?')[0]
  return path.slice(path.lastIndexOf('/') + 1).split('.')[0]
}

/** `innerMergerAnchors()`: who came (not yourself) and who left, against the pushers it knew. */
function mergePushers(c: MlvbClient, body: Body): { entered: MlvbPusher[]; left: MlvbPusher[] } {
  const now = pushersOf(body)
  const entered = now.filter((p) => p.userID !== c.account.userID && !c.room.pushers.some((q) => q.userID === p.userID))
  const left = c.room.pushers.filter((p) => !now.some((q) => q.userID === p.userID))
  if (typeof body.roomStatusCode === 'number' && body.roomStatusCode !== 0) c.room.roomStatusCode = body.roomStatusCode
  c.room.pushers = now
  return { entered, left }
}

// ------------------------------------------------------------------ the test

describe("MLVB's WeChat client (mlvbliveroomcore.js) against the room service", () => {
  let tc: FakeServer
  let svc: Service
  let t0 = 0

  const anchor = newClient('anchor', '林静晓')
  const coAnchor = newClient('co-anchor', '陆杨')
  const viewer = newClient('audience', '江辰')
  const lateViewer = newClient('audience', '付小司')

  function newClient(label: string, userName: string): MlvbClient {
    return {
      label,
      account: { userID: '', userName, userAvatar: '123', userSig: '', sdkAppID: SDKAPPID, token: '' },
      room: { roomID: '', roomInfo: '', roomCreator: '', mixedPlayURL: '', pushers: [], roomStatusCode: 0 },
      pushURL: '',
    }
  }

  /** `request()`: POST `<name>?[params&]userID=..[&token=..]` with the JSON body `data || {}`. */
  async function request(c: MlvbClient, name: string, data: Record<string, unknown> | undefined, params?: Record<string, string | number>): Promise<Body> {
    const formatted = params
      ? Object.entries(params)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
          .join('&')
      : ''
    const url =
      `/weapp/live_room/${name}` +
      (params ? `?${formatted}&` : '?') +
      `userID=${c.account.userID}` +
      (c.account.token ? `&token=${c.account.token}` : '')
    const r = await svc.client.post(url, data ?? {})
    return r.body
  }

  /** The fake clock at `s` seconds after the anchor's add_anchor (the heartbeat timers' zero). */
  function at(s: number): void {
    const target = t0 + s * 1000
    expect(target).toBeGreaterThanOrEqual(svc.clock.now())
    svc.clock.ms = target
  }

  // `login()`, as the room-list page calls it in onReady.
  async function login(c: MlvbClient, idOffset: number): Promise<void> {
    c.account.userID = (svc.clock.now() + idOffset).toString(16)
    c.account.userSig = independentUserSig({ userID: c.account.userID, time: Math.floor(svc.clock.now() / 1000), expire: 604800 })
    const body = await request(c, 'login', {}, {
      accountType: '0',
      sdkAppID: c.account.sdkAppID,
      userSig: c.account.userSig,
      platform: 'WeChat',
    })
    expectOk(body)
    c.account.token = str(body, 'token')
    expect(c.account.token).not.toBe('')
    // It keeps the reply's userID as its own from now on.
    expect(str(body, 'userID')).toBe(c.account.userID)
    c.account.userID = str(body, 'userID')
    // mTimeDiff = Date.now() - timestamp: a number of ms.
    expect(typeof body.timestamp).toBe('number')
    expect(Math.abs(svc.clock.now() - Number(body.timestamp))).toBeLessThan(1000)
  }

  // `getRoomList()` with the room-list page's `{index: 0, cnt: 20}`; the page shows
  // rooms[].roomInfo and roomID and passes roomID, roomInfo, mixedPlayURL on to the room page.
  async function roomList(c: MlvbClient): Promise<{ roomID: string; roomInfo: string; mixedPlayURL: string }[]> {
    const body = await request(c, 'get_room_list', { index: 0, cnt: 20 })
    expectOk(body)
    expect(Array.isArray(body.rooms)).toBe(true)
    return (body.rooms as Body[]).map((r) => ({ roomID: str(r, 'roomID'), roomInfo: str(r, 'roomInfo'), mixedPlayURL: str(r, 'mixedPlayURL') }))
  }

  // `getPushURL()`: body `{userID}`, reads `pushURL`.
  async function getPushURL(c: MlvbClient): Promise<void> {
    const body = await request(c, 'get_anchor_url', { userID: c.account.userID })
    expectOk(body)
    c.pushURL = str(body, 'pushURL')
    expect(c.pushURL).toMatch(/^rtmp:\/\//)
  }

  // `joinAnchor()` → `proto_joinAnchor()`.
  async function addAnchor(c: MlvbClient): Promise<void> {
    const body = await request(c, 'add_anchor', {
      roomID: c.room.roomID,
      userID: c.account.userID,
      userName: c.account.userName,
      userAvatar: c.account.userAvatar,
      pushURL: c.pushURL,
    })
    expectOk(body)
  }

  // `getAnchors()`: body `{roomID}`.
  async function getAnchors(c: MlvbClient): Promise<Body> {
    const body = await request(c, 'get_anchors', { roomID: c.room.roomID })
    expectOk(body)
    return body
  }

  // `proto_pusherHeartBeat()`: `{roomID, userID, roomStatusCode}`, with roomInfo's values then.
  function heartbeat(c: MlvbClient): Promise<Body> {
    return request(c, 'anchor_heartbeat', { roomID: c.room.roomID, userID: c.account.userID, roomStatusCode: c.room.roomStatusCode })
  }

  // `enterRoom()` → `addAudience()`: userInfo is JSON text of `{userName, userAvatar}`.
  async function addAudience(c: MlvbClient): Promise<void> {
    const userInfo = JSON.stringify({ userName: c.account.userName, userAvatar: c.account.userAvatar })
    const body = await request(c, 'add_audience', { userID: c.account.userID, roomID: c.room.roomID, userInfo })
    expectOk(body)
  }

  // Android `HttpRequests.getAudienceList()`: `{"roomID":".."}`; reads audiences[].userID, userInfo
  // (JSON text it parses for userName, userAvatar).
  async function audiences(c: MlvbClient): Promise<{ userID: string; userName: string; userAvatar: string }[]> {
    const body = await request(c, 'get_audiences', { roomID: c.room.roomID })
    expectOk(body)
    expect(Array.isArray(body.audiences)).toBe(true)
    return (body.audiences as Body[]).map((a) => {
      const info = JSON.parse(str(a, 'userInfo')) as Record<string, unknown>
      return { userID: str(a, 'userID'), userName: String(info.userName), userAvatar: String(info.userAvatar) }
    })
  }

  // `exitRoom()` → `leaveRoom()` of a non-creator: delete_anchor for itself and, not waiting for
  // it, delAudience()'s delete_audience `{userID, roomID}`; then roomInfo is cleared.
  function leaveRoom(c: MlvbClient): Promise<[Body, Body]> {
    const roomID = c.room.roomID
    const sent = Promise.all([
      request(c, 'delete_anchor', { roomID, userID: c.account.userID }),
      request(c, 'delete_audience', { userID: c.account.userID, roomID }),
    ])
    c.room = { roomID: '', roomInfo: '', roomCreator: c.room.roomCreator, mixedPlayURL: '', pushers: [], roomStatusCode: c.room.roomStatusCode }
    return sent
  }

  // `mergeStream()` → `createMergeInfo()` → `doMergeRequest()`: the anchor's mix of every pusher
  // but itself, on its 360x640 canvas (the demo never calls setVideoRatio): 120x180 windows,
  // stacked up from x 240, y 400, layers 2, 3 …; the anchor's own entry has only image_layer 1.
  let bigAnchorStreamID = ''
  function mergeInfo(c: MlvbClient): { mergeInfo: Record<string, unknown>; inputs: MlvbInput[] } {
    const co: string[] = []
    for (const p of c.room.pushers) {
      if (p.userID !== c.room.roomCreator) co.push(streamIdOf(p.accelerateURL))
      else bigAnchorStreamID = streamIdOf(p.accelerateURL)
    }
    const inputs: MlvbInput[] = [{ input_stream_id: bigAnchorStreamID, layout_params: { image_layer: 1 } }]
    co.forEach((id, i) =>
      inputs.push({
        input_stream_id: id,
        layout_params: { image_layer: i + 2, image_width: 120, image_height: 180, location_x: 360 - 120, location_y: 640 - 180 - 60 - i * 180 },
      }),
    )
    const nowS = Math.round(svc.clock.now() / 1000)
    return {
      inputs,
      mergeInfo: {
        timestamp: nowS,
        eventId: nowS,
        interface: {
          interfaceName: 'Mix_StreamV2',
          para: {
            app_id: c.account.sdkAppID.toString(),
            interface: 'mix_streamv2.start_mix_stream_advanced',
            mix_stream_session_id: bigAnchorStreamID,
            output_stream_id: bigAnchorStreamID,
            input_stream_list: inputs,
          },
        },
      },
    }
  }
  async function mergeStream(c: MlvbClient): Promise<MlvbInput[]> {
    expect(c.account.userID).toBe(c.room.roomCreator) // only the creator mixes
    const { mergeInfo: info, inputs } = mergeInfo(c)
    const body = await request(c, 'merge_stream', { userID: c.account.userID, roomID: c.room.roomID, mergeParams: JSON.stringify(info) })
    // doMergeRequest(): `ret.data.code || ret.data.merge_code` is a failure (retried after 2 s).
    expectOk(body)
    expect(body.merge_code ?? 0).toBe(0)
    return inputs
  }

  /** The last mix call the (fake) Tencent Cloud Live API received. */
  function lastMixCall(): { action: string; body: Record<string, unknown> } {
    const req = tc.requests.at(-1)
    expect(req, 'a call to the Live API').toBeDefined()
    return { action: String(req?.headers['x-tc-action']), body: JSON.parse(req?.body ?? '{}') as Record<string, unknown> }
  }

  beforeAll(async () => {
    tc = await startFakeServer(() => ({ body: { Response: { RequestId: 'req-ok' } } }))
    svc = await startService({
      env: { TENCENTCLOUD_SECRET_ID: 'AKIDtestsecretid', TENCENTCLOUD_SECRET_KEY: 'tc-secret-key', TENCENTCLOUD_LIVE_ENDPOINT: tc.url },
    })
  })
  afterAll(async () => {
    await svc.close()
    await tc.close()
  })

  // ---------------------------------------------------------------- the steps, in MLVB's order

  const steps: { title: string; run: () => Promise<void> }[] = []
  const passed: string[] = []
  let broken = false
  function step(title: string, run: () => Promise<void>): void {
    steps.push({ title: `${String(steps.length + 1).padStart(2, '0')} ${title}`, run })
  }

  // Anchor: room list page, then "新建直播间" → room page as caster.
  step('anchor login — login()', async () => {
    await login(anchor, 0)
  })
  step('anchor get_room_list {index 0, cnt 20} — getRoomList()', async () => {
    expect(await roomList(anchor)).toEqual([])
  })
  step('anchor get_anchor_url — getPushURL() (view start() as caster)', async () => {
    await getPushURL(anchor)
  })
  step('anchor create_room {userID, roomInfo} — createRoom() → proto_createRoom() (view create() on push event 1002)', async () => {
    // The new-room page's default name; the demo passes no roomID, so none is sent.
    anchor.room.roomInfo = '新建直播间'
    const body = await request(anchor, 'create_room', { userID: anchor.account.userID, roomInfo: anchor.room.roomInfo })
    expectOk(body)
    anchor.room.roomID = str(body, 'roomID')
    expect(anchor.room.roomID).not.toBe('')
    anchor.room.roomCreator = anchor.account.userID
  })
  step('anchor add_anchor — joinAnchor() → proto_joinAnchor() (after the IM group is created)', async () => {
    await addAnchor(anchor)
    t0 = svc.clock.now()
  })
  step('anchor get_anchors lists itself — mergeAnchors() → getAnchors() → innerMergerAnchors()', async () => {
    const body = await getAnchors(anchor)
    const { entered } = mergePushers(anchor, body)
    expect(anchor.room.pushers.map((p) => p.userID)).toEqual([anchor.account.userID])
    expect(entered).toEqual([]) // itself does not count: no mergeStream() yet
  })
  step('anchor anchor_heartbeat at +3 s — pusherHeartBeat(1) → proto_pusherHeartBeat()', async () => {
    at(3)
    const body = await heartbeat(anchor)
    expectOk(body)
    if (body.pushers !== undefined) expect(mergePushers(anchor, body)).toEqual({ entered: [], left: [] })
  })
  step('anchor anchor_heartbeat at +7 s — pusherHeartBeat() → proto_pusherHeartBeat()', async () => {
    at(7)
    const body = await heartbeat(anchor)
    expectOk(body)
    if (body.pushers !== undefined) expect(mergePushers(anchor, body)).toEqual({ entered: [], left: [] })
  })

  // Co-anchor-to-be: enters as audience first.
  step('audience #1 login — login()', async () => {
    at(8)
    await login(coAnchor, 1)
  })
  step('audience #1 get_room_list shows the room (roomID, roomInfo, mixedPlayURL) — getRoomList() → goRoom()', async () => {
    const rooms = await roomList(coAnchor)
    const room = rooms.find((r) => r.roomID === anchor.room.roomID)
    expect(room).toBeDefined()
    expect(room?.roomInfo).toBe('新建直播间')
    expect(room?.mixedPlayURL).not.toBe('')
    coAnchor.room.roomID = room?.roomID ?? ''
  })
  step('audience #1 get_anchors — enterRoom() → proto_enterRoom() → getAnchors()', async () => {
    const body = await getAnchors(coAnchor)
    expect(str(body, 'roomID')).toBe(anchor.room.roomID)
    expect(str(body, 'roomInfo')).toBe('新建直播间')
    // roomCreator decides who mixes (mergeStream() returns early for anyone else).
    expect(str(body, 'roomCreator')).toBe(anchor.account.userID)
    // The view plays mixedPlayURL, and takes pushers[0] for the anchor (its accelerateURL).
    expect(str(body, 'mixedPlayURL')).not.toBe('')
    const pushers = pushersOf(body)
    expect(pushers[0]?.userID).toBe(anchor.account.userID)
    expect(pushers[0]?.userName).toBe('林静晓')
    coAnchor.room.roomInfo = str(body, 'roomInfo')
    coAnchor.room.roomCreator = str(body, 'roomCreator')
    coAnchor.room.mixedPlayURL = str(body, 'mixedPlayURL')
  })
  step('audience #1 add_audience {userID, roomID, userInfo: JSON text} — enterRoom() → addAudience()', async () => {
    await addAudience(coAnchor)
  })
  step('audience list has audience #1 — native getAudienceList() (the WeChat client never asks)', async () => {
    expect(await audiences(anchor)).toEqual([{ userID: coAnchor.account.userID, userName: '陆杨', userAvatar: '123' }])
  })

  // Co-anchoring: requestJoinAnchor()/acceptJoinAnchor() go over IM; then the view's link().
  step('co-anchor get_anchor_url — view link() → getPushUrl() → getPushURL()', async () => {
    at(9)
    await getPushURL(coAnchor)
  })
  step('co-anchor add_anchor, never admitted by a service call — linkJionPusher() → joinAnchor() → proto_joinAnchor()', async () => {
    at(10)
    await addAnchor(coAnchor)
  })
  step('co-anchor get_anchors lists anchor and itself; it does not mix — mergeAnchors() → innerMergerAnchors() → mergeStream()', async () => {
    const body = await getAnchors(coAnchor)
    const { entered } = mergePushers(coAnchor, body)
    expect(coAnchor.room.pushers.map((p) => p.userID)).toEqual([anchor.account.userID, coAnchor.account.userID])
    expect(entered.map((p) => p.userID)).toEqual([anchor.account.userID])
    expect(coAnchor.account.userID).not.toBe(coAnchor.room.roomCreator) // mergeStream() returns at once
  })
  step('co-anchor anchor_heartbeat at its +3 s — pusherHeartBeat(1) → proto_pusherHeartBeat()', async () => {
    at(13)
    const body = await heartbeat(coAnchor)
    expectOk(body)
    if (body.pushers !== undefined) mergePushers(coAnchor, body)
  })
  let mixedInputs: MlvbInput[] = []
  step("anchor anchor_heartbeat at +14 s carries the co-anchor in pushers — proto_pusherHeartBeat() → innerMergerAnchors()", async () => {
    at(14)
    const body = await heartbeat(anchor)
    expectOk(body)
    // The WeChat anchor hears of co-anchors only here: no pushers, no mix.
    expect(body.pushers).toBeDefined()
    const { entered, left } = mergePushers(anchor, body)
    expect(entered.map((p) => p.userID)).toEqual([coAnchor.account.userID])
    expect(left).toEqual([])
  })
  step('anchor merge_stream, mergeParams as JSON text with layout_params: window at x 240, y 400, 120x180 — mergeStream(1) → sendStreamMergeRequest() → doMergeRequest()', async () => {
    const calls = tc.requests.length
    mixedInputs = await mergeStream(anchor)
    expect(tc.requests.length).toBe(calls + 1)
    const { action, body } = lastMixCall()
    expect(action).toBe('CreateCommonMixStream')
    const list = body.InputStreamList as { InputStreamName: string; LayoutParams: Record<string, number> }[]
    const [main, co] = mixedInputs
    expect(list.map((i) => i.InputStreamName)).toEqual([main.input_stream_id, co.input_stream_id])
    expect(co.input_stream_id).toBe(streamIdOf(anchor.room.pushers.find((p) => p.userID === coAnchor.account.userID)?.accelerateURL ?? ''))
    expect(list[0].LayoutParams).toMatchObject({ ImageLayer: 1, LocationX: 0, LocationY: 0, ImageWidth: 360, ImageHeight: 640 })
    // Exactly where layout_params put it.
    expect(list[1].LayoutParams).toMatchObject({
      ImageLayer: co.layout_params.image_layer,
      ImageWidth: co.layout_params.image_width,
      ImageHeight: co.layout_params.image_height,
      LocationX: co.layout_params.location_x,
      LocationY: co.layout_params.location_y,
    })
    expect(co.layout_params).toEqual({ image_layer: 2, image_width: 120, image_height: 180, location_x: 240, location_y: 400 })
  })

  // A second audience member enters while the co-anchor is on.
  step('audience #2 login — login()', async () => {
    at(14.5)
    await login(viewer, 2)
  })
  step('audience #2 get_room_list shows the room — getRoomList()', async () => {
    const room = (await roomList(viewer)).find((r) => r.roomID === anchor.room.roomID)
    expect(room?.roomInfo).toBe('新建直播间')
    viewer.room.roomID = room?.roomID ?? ''
  })
  step('audience #2 get_anchors: pushers[0] is still the anchor, mixedPlayURL plays the mix output — enterRoom() → getAnchors()', async () => {
    const body = await getAnchors(viewer)
    expect(str(body, 'roomCreator')).toBe(anchor.account.userID)
    const pushers = pushersOf(body)
    expect(pushers.map((p) => p.userID)).toEqual([anchor.account.userID, coAnchor.account.userID])
    viewer.room.roomCreator = str(body, 'roomCreator')
    viewer.room.mixedPlayURL = str(body, 'mixedPlayURL')
    // The mix request named its output stream output_stream_id (the anchor's own stream).
    expect(streamIdOf(viewer.room.mixedPlayURL)).toBe(bigAnchorStreamID)
  })
  step('audience #2 add_audience — enterRoom() → addAudience()', async () => {
    await addAudience(viewer)
  })
  step('audience #3 enters: login, get_room_list, get_anchors, add_audience — login(), getRoomList(), enterRoom()', async () => {
    await login(lateViewer, 3)
    lateViewer.room.roomID = (await roomList(lateViewer)).find((r) => r.roomID === anchor.room.roomID)?.roomID ?? ''
    const body = await getAnchors(lateViewer)
    expect(pushersOf(body)[0]?.userID).toBe(anchor.account.userID)
    lateViewer.room.roomCreator = str(body, 'roomCreator')
    lateViewer.room.mixedPlayURL = str(body, 'mixedPlayURL')
    await addAudience(lateViewer)
  })
  step('audience list has all three — native getAudienceList()', async () => {
    const list = await audiences(anchor)
    expect(list.map((a) => a.userID).sort()).toEqual([coAnchor.account.userID, viewer.account.userID, lateViewer.account.userID].sort())
    expect(list.find((a) => a.userID === viewer.account.userID)).toEqual({ userID: viewer.account.userID, userName: '江辰', userAvatar: '123' })
  })

  // Audience #2 leaves: never a pusher, still deletes itself as an anchor.
  let viewerExit: [Body, Body] | undefined
  step('audience #2 delete_anchor for itself (not a pusher) → code 0 — exitRoom() → leaveRoom()', async () => {
    at(15)
    viewerExit = await leaveRoom(viewer)
    expectOk(viewerExit[0])
  })
  step('audience #2 delete_audience {userID, roomID} → code 0 — leaveRoom() → delAudience()', async () => {
    expect(viewerExit).toBeDefined()
    if (viewerExit) expectOk(viewerExit[1])
    expect((await audiences(anchor)).map((a) => a.userID).sort()).toEqual([coAnchor.account.userID, lateViewer.account.userID].sort())
  })

  step('co-anchor anchor_heartbeat at its +7 s — pusherHeartBeat() → proto_pusherHeartBeat()', async () => {
    at(17)
    const body = await heartbeat(coAnchor)
    expectOk(body)
  })
  step('co-anchor delete_anchor, quitting the link — view quitLink() → quitJoinAnchor()', async () => {
    at(20)
    const body = await request(coAnchor, 'delete_anchor', { roomID: coAnchor.room.roomID, userID: coAnchor.account.userID })
    expectOk(body)
    coAnchor.room.pushers = []
  })
  step('anchor anchor_heartbeat at +21 s no longer carries the co-anchor — proto_pusherHeartBeat() → innerMergerAnchors()', async () => {
    at(21)
    const body = await heartbeat(anchor)
    expectOk(body)
    expect(body.pushers).toBeDefined()
    const { entered, left } = mergePushers(anchor, body)
    expect(entered).toEqual([])
    expect(left.map((p) => p.userID)).toEqual([coAnchor.account.userID])
  })
  step('anchor merge_stream with only its own stream stops the mix — mergeStream(1) → doMergeRequest()', async () => {
    const calls = tc.requests.length
    const inputs = await mergeStream(anchor)
    expect(inputs).toEqual([{ input_stream_id: bigAnchorStreamID, layout_params: { image_layer: 1 } }])
    expect(tc.requests.length).toBe(calls + 1)
    expect(lastMixCall().action).toBe('CancelCommonMixStream')
  })
  step("co-anchor's pending heartbeat after the quit (its +14 s) does not bring it back — pusherHeartBeat() timer", async () => {
    at(24)
    // stopPusherHeartBeat() only stops the next round: this beat is still sent; MLVB logs any reply.
    const body = await heartbeat(coAnchor)
    expect(typeof body.code).toBe('number')
    const anchors = await getAnchors(anchor)
    expect(pushersOf(anchors).map((p) => p.userID)).toEqual([anchor.account.userID])
  })
  let coAnchorExit: [Body, Body] | undefined
  step('co-anchor delete_anchor for itself (no longer a pusher) → code 0 — exitRoom() → leaveRoom()', async () => {
    at(25)
    coAnchorExit = await leaveRoom(coAnchor)
    expectOk(coAnchorExit[0])
  })
  step('co-anchor delete_audience → code 0 — leaveRoom() → delAudience()', async () => {
    expect(coAnchorExit).toBeDefined()
    if (coAnchorExit) expectOk(coAnchorExit[1])
    expect((await audiences(anchor)).map((a) => a.userID)).toEqual([lateViewer.account.userID])
  })

  // The anchor ends the live.
  step('anchor destroy_room {roomID, userID} → code 0 — exitRoom() → destoryRoom()', async () => {
    at(26)
    const body = await request(anchor, 'destroy_room', { roomID: anchor.room.roomID, userID: anchor.account.userID })
    expectOk(body)
    anchor.room.roomID = '' // exitRoom() clears roomInfo
    anchor.room.pushers = []
  })
  step("anchor's pending heartbeat after the exit, roomID '' (its +28 s): a JSON reply with a code — pusherHeartBeat() timer", async () => {
    at(28)
    const body = await heartbeat(anchor)
    expect(typeof body.code).toBe('number')
    expect(body.code).not.toBe(0)
    expect(typeof body.message).toBe('string')
  })
  // Audience #3 leaves after the room closed (IM group dismissed → view exit() → exitRoom()).
  let lateExit: [Body, Body] | undefined
  step('audience #3 delete_anchor for itself after the room closed → code 0 — exitRoom() → leaveRoom()', async () => {
    at(29)
    lateExit = await leaveRoom(lateViewer)
    expectOk(lateExit[0])
  })
  step("audience #3 delete_audience gets a JSON reply (leaveRoom() gives delAudience() no callbacks) — leaveRoom() → delAudience()", async () => {
    expect(lateExit).toBeDefined()
    expect(typeof lateExit?.[1].code).toBe('number')
    expect(typeof lateExit?.[1].message).toBe('string')
  })
  step('audience #1 get_room_list no longer lists the room — getRoomList() (room list onShow)', async () => {
    expect(await roomList(coAnchor)).toEqual([])
  })
  step('everyone logout (body {}) — logout() (room list onUnload)', async () => {
    for (const c of [anchor, coAnchor, viewer, lateViewer]) {
      const body = await request(c, 'logout', undefined)
      expectOk(body)
    }
  })

  for (const s of steps) {
    it(s.title, async (ctx) => {
      if (broken) ctx.skip()
      try {
        await s.run()
        passed.push(s.title)
      } catch (err) {
        broken = true
        throw err
      }
    })
  }

  it(`all ${steps.length} steps pass, in order`, () => {
    expect(passed).toEqual(steps.map((s) => s.title))
  })
})
