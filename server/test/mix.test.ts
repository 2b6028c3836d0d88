// merge_stream against a local fake of the Tencent Cloud Live API, through the real SDK client.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { coAnchorWindowSize, layoutMix } from '../mix/layout.ts'
import { mixFilter } from '../mix/ffmpeg.ts'
import { createMixParams, mixSessionId } from '../mix/tencent.ts'
import { SDKAPPID, startFakeServer, startService, type FakeServer, type Service, type Session } from './helpers.ts'

describe('mix layout', () => {
  it('puts the creator on the whole 360x640 canvas and stacks 120x180 windows upward from 60 px above the bottom-right', () => {
    // MLVB's client asks for the first window at x 240, y 400.
    expect(layoutMix('main', ['a', 'b', 'c'])).toEqual([
      { streamId: 'main', layer: 1, x: 0, y: 0, width: 360, height: 640 },
      { streamId: 'a', layer: 2, x: 240, y: 400, width: 120, height: 180 },
      { streamId: 'b', layer: 3, x: 240, y: 220, width: 120, height: 180 },
      { streamId: 'c', layer: 4, x: 240, y: 40, width: 120, height: 180 },
    ])
  })

  it('uses 160x240 windows from a 540x960 canvas up', () => {
    expect(coAnchorWindowSize(540, 960)).toEqual({ width: 160, height: 240, bottomGap: 90 })
    expect(coAnchorWindowSize(539, 960)).toEqual({ width: 120, height: 180, bottomGap: 60 })
    expect(coAnchorWindowSize(720, 959)).toEqual({ width: 120, height: 180, bottomGap: 60 })
    expect(layoutMix('m', ['a', 'b'], 720, 1280).slice(1)).toEqual([
      { streamId: 'a', layer: 2, x: 560, y: 950, width: 160, height: 240 },
      { streamId: 'b', layer: 3, x: 560, y: 710, width: 160, height: 240 },
    ])
  })

  it('refuses more windows than the canvas holds', () => {
    expect(() => layoutMix('m', ['a', 'b', 'c', 'd'])).toThrow(/do not fit/)
  })

  it('builds CreateCommonMixStream parameters with a session ID made of letters, digits and _', () => {
    const p = createMixParams('1400_a-b', layoutMix('1400_a-b', ['x']))
    expect(p.MixStreamSessionId).toMatch(/^[A-Za-z0-9_]{1,80}$/)
    expect(p.MixStreamSessionId).toBe(mixSessionId('1400_a-b'))
    expect(mixSessionId('1400_a_b')).not.toBe(p.MixStreamSessionId)
    expect(p.OutputParams).toEqual({ OutputStreamName: '1400_a-b', OutputStreamType: 0 })
  })

  it('leaves a muted window out of the audio: ffmpeg mixes the others, Tencent takes its video only (InputType 5)', () => {
    const [main, a, b] = layoutMix('main', ['a', 'b'])
    const windows = [main, { ...a, audioMuted: true }, b]
    const filter = mixFilter(windows)
    expect(filter).toContain('[0:a][2:a]amix=inputs=2:duration=first:normalize=0[aout]')
    expect(filter).toContain('[1:v]scale=120:180') // still seen
    expect(mixFilter([main, a, b])).toContain('[0:a][1:a][2:a]amix=inputs=3:')
    expect(createMixParams('main', windows).InputStreamList.map((i) => i.LayoutParams.InputType)).toEqual([0, 5, 0])
  })
})

describe('merge_stream', () => {
  let tc: FakeServer
  let svc: Service
  let alice: Session
  let bob: Session
  let carol: Session
  let roomID: string
  let failNext: { Code: string; Message: string } | undefined

  beforeEach(async () => {
    failNext = undefined
    tc = await startFakeServer(() => {
      if (failNext) {
        const Error = failNext
        failNext = undefined
        return { body: { Response: { Error, RequestId: 'req-err' } } }
      }
      return { body: { Response: { RequestId: 'req-ok' } } }
    })
    svc = await startService({
      env: {
        TENCENTCLOUD_SECRET_ID: 'AKIDtestsecretid',
        TENCENTCLOUD_SECRET_KEY: 'tc-secret-key',
        TENCENTCLOUD_LIVE_ENDPOINT: tc.url,
      },
    })
    alice = await svc.client.session('alice', svc.clock.now())
    bob = await svc.client.session('bob', svc.clock.now())
    carol = await svc.client.session('carol', svc.clock.now())
    roomID = String((await svc.client.call('create_room', alice, { roomInfo: 'r' })).body.roomID)
    await svc.client.call('add_anchor', alice, { roomID })
    for (const s of [bob, carol]) await svc.client.joinAsCoAnchor(alice, s, { roomID })
  })
  afterEach(async () => {
    await svc.close()
    await tc.close()
  })

  const accelerateURL = async (s: Session) => String((await svc.client.call('get_anchor_url', s, {})).body.accelerateURL)

  it("mixes co-anchors (given by accelerateURL) over the creator's stream through CreateCommonMixStream", async () => {
    const urls = [await accelerateURL(bob), await accelerateURL(carol)]
    const r = await svc.client.call('merge_stream', alice, { roomID, userID: 'alice', mergeParams: { streams: urls } })
    expect(r.body).toEqual({ code: 0, message: 'ok', streams: [`${SDKAPPID}_bob`, `${SDKAPPID}_carol`] })

    expect(tc.requests).toHaveLength(1)
    const req = tc.requests[0]
    expect(req.method).toBe('POST')
    expect(req.headers['x-tc-action']).toBe('CreateCommonMixStream')
    expect(req.headers['x-tc-version']).toBe('2018-08-01')
    expect(String(req.headers.authorization)).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDtestsecretid\//)
    expect(String(req.headers.authorization)).not.toContain('tc-secret-key')
    const main = `${SDKAPPID}_alice`
    expect(JSON.parse(req.body)).toEqual({
      MixStreamSessionId: mixSessionId(main),
      InputStreamList: [
        { InputStreamName: main, LayoutParams: { ImageLayer: 1, InputType: 0, ImageWidth: 360, ImageHeight: 640, LocationX: 0, LocationY: 0 } },
        { InputStreamName: `${SDKAPPID}_bob`, LayoutParams: { ImageLayer: 2, InputType: 0, ImageWidth: 120, ImageHeight: 180, LocationX: 240, LocationY: 400 } },
        { InputStreamName: `${SDKAPPID}_carol`, LayoutParams: { ImageLayer: 3, InputType: 0, ImageWidth: 120, ImageHeight: 180, LocationX: 240, LocationY: 220 } },
      ],
      OutputParams: { OutputStreamName: main, OutputStreamType: 0 },
    })
  })

  it('uses the larger windows on a 540x960 canvas, and accepts bare stream IDs', async () => {
    const r = await svc.client.call('merge_stream', alice, {
      roomID,
      mergeParams: { streams: [`${SDKAPPID}_carol`], canvasWidth: 540, canvasHeight: 960 },
    })
    expect(r.body.code).toBe(0)
    const list = JSON.parse(tc.requests[0].body).InputStreamList
    expect(list[0].LayoutParams).toMatchObject({ ImageWidth: 540, ImageHeight: 960 })
    expect(list[1]).toEqual({
      InputStreamName: `${SDKAPPID}_carol`,
      LayoutParams: { ImageLayer: 2, InputType: 0, ImageWidth: 160, ImageHeight: 240, LocationX: 380, LocationY: 630 },
    })
  })

  it('accepts the legacy MLVB mergeParams (input_stream_list) and ignores the creator in it', async () => {
    const legacy = {
      interface: {
        interfaceName: 'Mix_StreamV2',
        para: { input_stream_list: [{ input_stream_id: `${SDKAPPID}_alice` }, { input_stream_id: `${SDKAPPID}_bob` }] },
      },
    }
    const r = await svc.client.call('merge_stream', alice, { roomID, mergeParams: legacy })
    expect(r.body.streams).toEqual([`${SDKAPPID}_bob`])
    expect(JSON.parse(tc.requests[0].body).InputStreamList.map((i: { InputStreamName: string }) => i.InputStreamName)).toEqual([
      `${SDKAPPID}_alice`,
      `${SDKAPPID}_bob`,
    ])
  })

  it('accepts mergeParams as JSON text, exactly as MLVB clients send their legacy mix request', async () => {
    const mergeInfo = {
      timestamp: 1600000000,
      eventId: 1600000000,
      interface: {
        interfaceName: 'Mix_StreamV2',
        para: {
          app_id: '',
          interface: 'mix_streamv2.start_mix_stream_advanced',
          mix_stream_session_id: `${SDKAPPID}_alice`,
          output_stream_id: `${SDKAPPID}_alice`,
          input_stream_list: [
            { input_stream_id: `${SDKAPPID}_alice`, layout_params: { image_layer: 1 } },
            { input_stream_id: `${SDKAPPID}_bob`, layout_params: { image_layer: 2, image_width: 120, image_height: 180, location_x: 240, location_y: 400 } },
          ],
        },
      },
    }
    const r = await svc.client.call('merge_stream', alice, { userID: 'alice', roomID, mergeParams: JSON.stringify(mergeInfo) })
    expect(r.body).toMatchObject({ code: 0, streams: [`${SDKAPPID}_bob`] })
    expect(JSON.parse(tc.requests[0].body).InputStreamList).toEqual([
      { InputStreamName: `${SDKAPPID}_alice`, LayoutParams: { ImageLayer: 1, InputType: 0, ImageWidth: 360, ImageHeight: 640, LocationX: 0, LocationY: 0 } },
      // Exactly where MLVB's client asked for it.
      { InputStreamName: `${SDKAPPID}_bob`, LayoutParams: { ImageLayer: 2, InputType: 0, ImageWidth: 120, ImageHeight: 180, LocationX: 240, LocationY: 400 } },
    ])
  })

  it("honours a legacy request's own layout, kept inside its canvas, and orders windows by layer", async () => {
    const mergeInfo = {
      interface: {
        interfaceName: 'Mix_StreamV2',
        para: {
          input_stream_list: [
            { input_stream_id: `${SDKAPPID}_alice`, layout_params: { image_layer: 1, image_width: 540, image_height: 960 } },
            { input_stream_id: `${SDKAPPID}_carol`, layout_params: { image_layer: 3, image_width: 100, image_height: 150, location_x: 10, location_y: 20 } },
            // Asked to start past the canvas edge: moved back inside it.
            { input_stream_id: `${SDKAPPID}_bob`, layout_params: { image_layer: 2, image_width: 200, image_height: 300, location_x: 500, location_y: 900 } },
          ],
        },
      },
    }
    const r = await svc.client.call('merge_stream', alice, { roomID, mergeParams: JSON.stringify(mergeInfo) })
    expect(r.body).toMatchObject({ code: 0, streams: [`${SDKAPPID}_carol`, `${SDKAPPID}_bob`] })
    expect(JSON.parse(tc.requests[0].body).InputStreamList.map((i: { LayoutParams: object }) => i.LayoutParams)).toEqual([
      { ImageLayer: 1, InputType: 0, ImageWidth: 540, ImageHeight: 960, LocationX: 0, LocationY: 0 },
      { ImageLayer: 2, InputType: 0, ImageWidth: 200, ImageHeight: 300, LocationX: 340, LocationY: 660 },
      { ImageLayer: 3, InputType: 0, ImageWidth: 100, ImageHeight: 150, LocationX: 10, LocationY: 20 },
    ])
  })

  it('stops mixing with CancelCommonMixStream when no co-anchor stream is left', async () => {
    const r = await svc.client.call('merge_stream', alice, { roomID, mergeParams: { streams: [] } })
    expect(r.body).toEqual({ code: 0, message: 'ok', streams: [] })
    expect(tc.requests[0].headers['x-tc-action']).toBe('CancelCommonMixStream')
    expect(JSON.parse(tc.requests[0].body)).toEqual({ MixStreamSessionId: mixSessionId(`${SDKAPPID}_alice`) })
  })

  it('only the creator may mix', async () => {
    const r = await svc.client.call('merge_stream', bob, { roomID, mergeParams: { streams: [`${SDKAPPID}_carol`] } })
    expect(r.status).toBe(403)
    expect(r.body.code).toBe(ErrorCode.NOT_ROOM_CREATOR)
    expect(tc.requests).toHaveLength(0)
  })

  it('refuses streams of users who are not pushers of the room', async () => {
    const r = await svc.client.call('merge_stream', alice, { roomID, mergeParams: { streams: [`${SDKAPPID}_mallory`] } })
    expect(r.body.code).toBe(ErrorCode.MIX_STREAM_NOT_IN_ROOM)
    expect(r.body.message).toContain(`${SDKAPPID}_mallory`)
    expect(tc.requests).toHaveLength(0)
  })

  it('refuses mergeParams without streams, and more windows than fit', async () => {
    expect((await svc.client.call('merge_stream', alice, { roomID, mergeParams: {} })).body.code).toBe(ErrorCode.BAD_REQUEST)
    expect((await svc.client.call('merge_stream', alice, { roomID })).body.code).toBe(ErrorCode.BAD_REQUEST)
    const small = await svc.client.call('merge_stream', alice, {
      roomID,
      mergeParams: { streams: [`${SDKAPPID}_bob`, `${SDKAPPID}_carol`], canvasWidth: 120, canvasHeight: 200 },
    })
    expect(small.body.code).toBe(ErrorCode.BAD_REQUEST)
    expect(tc.requests).toHaveLength(0)
  })

  it("mixes every co-anchor of a legacy request that places them itself, even past the native stack's height", async () => {
    // MLVB's client stacks 120x180 windows up from y 400: with MAX_PUSHERS above 4 the fourth is
    // at y -140. Its own layout wins over the native stack, kept inside the canvas.
    const big = await startService({
      env: { TENCENTCLOUD_SECRET_ID: 'AKIDtestsecretid', TENCENTCLOUD_SECRET_KEY: 'tc-secret-key', TENCENTCLOUD_LIVE_ENDPOINT: tc.url, MAX_PUSHERS: '6' },
    })
    try {
      const names = ['bob', 'carol', 'dave', 'erin']
      const host = await big.client.session('alice', big.clock.now())
      const room = String((await big.client.call('create_room', host, { roomInfo: 'r' })).body.roomID)
      await big.client.call('add_anchor', host, { roomID: room })
      for (const n of names) await big.client.joinAsCoAnchor(host, await big.client.session(n, big.clock.now()), { roomID: room })
      const input = names.map((n, i) => ({
        input_stream_id: `${SDKAPPID}_${n}`,
        layout_params: { image_layer: i + 2, image_width: 120, image_height: 180, location_x: 240, location_y: 400 - 180 * i },
      }))
      const mergeInfo = { interface: { interfaceName: 'Mix_StreamV2', para: { input_stream_list: [{ input_stream_id: `${SDKAPPID}_alice`, layout_params: { image_layer: 1 } }, ...input] } } }
      const r = await big.client.call('merge_stream', host, { roomID: room, mergeParams: JSON.stringify(mergeInfo) })
      expect(r.body.code).toBe(0)
      const placed = JSON.parse(tc.requests[0].body).InputStreamList.slice(1).map((i: { LayoutParams: { LocationY: number } }) => i.LayoutParams.LocationY)
      expect(placed).toEqual([400, 220, 40, 0])
    } finally {
      await big.close()
    }
  })

  it('set_pusher_muted: the creator mutes a co-anchor; the mix is redone with its video only, and it stays muted in later mixes', async () => {
    const inputTypes = (i: number) => JSON.parse(tc.requests[i].body).InputStreamList.map((x: { LayoutParams: { InputType: number } }) => x.LayoutParams.InputType)
    const pushers = async () => (await svc.client.call('get_anchors', carol, { roomID })).body.pushers as Array<{ userID: string; audioMuted: boolean }>
    expect((await svc.client.call('merge_stream', alice, { roomID, mergeParams: { streams: [`${SDKAPPID}_bob`, `${SDKAPPID}_carol`] } })).body.code).toBe(0)

    expect((await svc.client.call('set_pusher_muted', alice, { roomID, userID: 'bob', muted: true })).body).toEqual({ code: 0, message: 'ok' })
    expect(tc.requests).toHaveLength(2)
    expect(tc.requests[1].headers['x-tc-action']).toBe('CreateCommonMixStream')
    expect(inputTypes(1)).toEqual([0, 5, 0])
    expect((await pushers()).map((p) => [p.userID, p.audioMuted])).toEqual([['alice', false], ['bob', true], ['carol', false]])

    // A new mix request (carol left the mix) keeps bob muted.
    await svc.client.call('merge_stream', alice, { roomID, mergeParams: { streams: [`${SDKAPPID}_bob`] } })
    expect(inputTypes(2)).toEqual([0, 5])
    await svc.client.call('set_pusher_muted', alice, { roomID, userID: 'bob', muted: false })
    expect(inputTypes(3)).toEqual([0, 0])
    expect((await pushers()).find((p) => p.userID === 'bob')?.audioMuted).toBe(false)
  })

  it('set_pusher_muted: creator only, not itself, pushers only; no mix running asks nothing of Tencent', async () => {
    const muting = (by: Session, userID: string) => svc.client.call('set_pusher_muted', by, { roomID, userID, muted: true })
    expect((await muting(bob, 'carol')).body.code).toBe(ErrorCode.NOT_ROOM_CREATOR)
    expect((await muting(alice, 'alice')).body.code).toBe(ErrorCode.CANNOT_MODERATE_SELF)
    expect((await muting(alice, 'mallory')).body.code).toBe(ErrorCode.PUSHER_NOT_FOUND)
    expect((await svc.client.call('set_pusher_muted', alice, { roomID, userID: 'bob' })).body.code).toBe(ErrorCode.BAD_REQUEST)
    expect((await muting(alice, 'carol')).body.code).toBe(0)
    expect(tc.requests).toHaveLength(0)
  })

  it('reports an API error as UPSTREAM_ERROR with its code, and keeps serving', async () => {
    failNext = { Code: 'InvalidParameter.OtherError', Message: 'stream not found' }
    const r = await svc.client.call('merge_stream', alice, { roomID, mergeParams: { streams: [`${SDKAPPID}_bob`] } })
    expect(r.status).toBe(502)
    expect(r.body.code).toBe(ErrorCode.UPSTREAM_ERROR)
    expect(r.body.message).toContain('InvalidParameter.OtherError')
    const again = await svc.client.call('merge_stream', alice, { roomID, mergeParams: { streams: [`${SDKAPPID}_bob`] } })
    expect(again.body.code).toBe(0)
  })
})

describe('merge_stream without Tencent Cloud credentials', () => {
  it('answers MIX_NOT_CONFIGURED', async () => {
    const svc = await startService()
    try {
      const alice = await svc.client.session('alice', svc.clock.now())
      const roomID = String((await svc.client.call('create_room', alice, { roomInfo: 'r' })).body.roomID)
      await svc.client.call('add_anchor', alice, { roomID })
      const r = await svc.client.call('merge_stream', alice, { roomID, mergeParams: { streams: [] } })
      expect(r.body.code).toBe(ErrorCode.MIX_NOT_CONFIGURED)
    } finally {
      await svc.close()
    }
  })
})
