// The app in the background, both sides of a room: the anchor tells the service and the room and
// comes back in order; a viewer shows 主播暂时离开 from the anchor only, and stops and replays its
// player. WeChat's app events come from the shim; the service, IM and media are stand-ins.
import { computed, effectScope, ref, type EffectScope } from 'vue'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import type { RoomServiceEndpoint } from '@liveroom/protocol/roomService'
import { RoomServiceError } from '@/adapters/roomService'
import type { ImEventHandler } from '@/adapters/im/types'
import type { MediaStatus } from '@/media/status'
import type { WxShim } from '../../test/support/wxShim'
import { installWeChat } from '../../test/support/unitWeChat'
import { createRoomState, type RoomRole } from './roomState'
import { ANCHOR_AWAY_TEXT, awayEndText, awayNotice, useAnchorAway, type UseAnchorAwayOptions } from './useAnchorAway'

const ROOM = { roomID: 'room_1', roomName: '晚课', creator: 'anchor1', mixedPlayURL: 'https://play.example.com/live/a.flv', pushers: [], audienceCount: 0 }

let shim: WxShim
let scope: EffectScope
beforeEach(() => {
  shim = installWeChat()
  scope = effectScope()
})
afterEach(() => {
  scope.stop()
  vi.unstubAllGlobals()
})

const settle = () => new Promise((r) => setTimeout(r, 0))

function setup(role: RoomRole, answer: (endpoint: RoomServiceEndpoint, body: unknown) => Promise<unknown> = async () => ({})) {
  const { state: room, actions } = createRoomState()
  actions.enter(role)
  actions.live({ ...ROOM })
  const calls: Array<[string, unknown]> = []
  const notices: boolean[] = []
  let imHandler: ImEventHandler<'anchorAway'> = () => undefined
  const pusherStatus = ref<MediaStatus>('live')
  const playerStatus = ref<MediaStatus>('live')
  const fake = {
    beating: true,
    ended: null as string | null,
    refreshed: 0,
    waitingImage: '',
    started: 0,
    played: 0,
    /** What stopBeating answers: a heartbeat on its way when the app hid. */
    beatSettled: Promise.resolve(),
  }
  const options: UseAnchorAwayOptions = {
    roomService: {
      call: ((endpoint: RoomServiceEndpoint, body: unknown) => {
        calls.push([endpoint, body])
        return answer(endpoint, body)
      }) as UseAnchorAwayOptions['roomService']['call'],
    },
    im: {
      notifyAnchorAway: async (_roomID, away) => {
        notices.push(away)
        return { messageID: 'm', time: 0 }
      },
      on: ((_event: 'anchorAway', handler: ImEventHandler<'anchorAway'>) => {
        imHandler = handler
        return () => (imHandler = () => undefined)
      }) as UseAnchorAwayOptions['im']['on'],
    },
    room,
    actions,
    pusher: {
      configure: (patch) => (fake.waitingImage = patch.waitingImage ?? fake.waitingImage),
      start: async () => {
        fake.started++
        pusherStatus.value = 'live'
        return true
      },
      status: computed(() => pusherStatus.value),
    },
    player: {
      play: async () => {
        fake.played++
        playerStatus.value = 'live'
        return true
      },
      stop: () => (playerStatus.value = 'stopped'),
      status: computed(() => playerStatus.value),
    },
    waitingImageUrl: 'https://live.example.com/static/waiting.png',
    stopBeating: () => {
      fake.beating = false
      return fake.beatSettled
    },
    resumeBeating: () => (fake.beating = true),
    refreshAnchors: async () => void fake.refreshed++,
    onEnded: (notice) => (fake.ended = notice),
    deadlineMs: 30,
  }
  scope.run(() => useAnchorAway(options))
  const imEvent = (e: Parameters<ImEventHandler<'anchorAway'>>[0]) => imHandler(e)
  return { room, actions, calls, notices, fake, pusherStatus, playerStatus, imEvent }
}

async function hideAndShow(): Promise<void> {
  shim.emit('AppHide')
  await settle()
  shim.emit('AppShow', {})
}

describe('useAnchorAway: the anchor', () => {
  it('pushes the waiting image; away stops the beat and tells the service and the room; back undoes both', async () => {
    const t = setup('anchor')
    expect(t.fake.waitingImage).toBe('https://live.example.com/static/waiting.png')
    shim.emit('AppHide')
    await settle()
    expect(t.fake.beating).toBe(false)
    expect(t.calls).toEqual([['set_anchor_away', { roomID: 'room_1', away: true }]])
    expect(t.notices).toEqual([true])

    shim.emit('AppShow', {})
    await vi.waitFor(() => expect(t.fake.beating).toBe(true))
    expect(t.calls.at(-1)).toEqual(['set_anchor_away', { roomID: 'room_1', away: false }])
    expect(t.notices).toEqual([true, false])
    // The push went on in the background: nothing to start again.
    expect(t.fake.started).toBe(0)
  })

  it('tells the service only once a heartbeat already on its way has its answer, which would otherwise end the away', async () => {
    const t = setup('anchor')
    let answerBeat: () => void = () => undefined
    t.fake.beatSettled = new Promise<void>((resolve) => (answerBeat = resolve))
    shim.emit('AppHide')
    await settle()
    expect(t.fake.beating).toBe(false)
    expect(t.calls).toEqual([])
    answerBeat()
    await vi.waitFor(() => expect(t.calls).toEqual([['set_anchor_away', { roomID: 'room_1', away: true }]]))
  })

  it('starts the push again when WeChat stopped it while away', async () => {
    const t = setup('anchor')
    shim.emit('AppHide')
    t.pusherStatus.value = 'stopped'
    shim.emit('AppShow', {})
    await vi.waitFor(() => expect(t.fake.started).toBe(1))
    expect(t.pusherStatus.value).toBe('live')
  })

  it('says it is back only once the away call settled or its deadline passed', async () => {
    let answerAway: (v: unknown) => void = () => undefined
    const t = setup('anchor', (endpoint, body) =>
      (body as { away: boolean }).away ? new Promise((resolve) => (answerAway = resolve)) : Promise.resolve({ awayUntil: null }),
    )
    await hideAndShow()
    await settle()
    expect(t.calls.map(([, b]) => (b as { away: boolean }).away)).toEqual([true])
    // The service never answered: after the deadline (30 ms here) back goes anyway.
    await vi.waitFor(() => expect(t.calls.map(([, b]) => (b as { away: boolean }).away)).toEqual([true, false]))
    answerAway({})
  })

  it('beats on while hidden when the service could not be told (the usual timeout then applies)', async () => {
    const t = setup('anchor', async () => {
      throw new RoomServiceError(ErrorCode.NETWORK_ERROR, '网络异常', 'set_anchor_away')
    })
    shim.emit('AppHide')
    await vi.waitFor(() => expect(t.fake.beating).toBe(true))
    expect(t.calls).toHaveLength(1)
  })

  it('ends the visit with the reason when the room closed while away', async () => {
    const t = setup('anchor', async (_endpoint, body) => {
      if ((body as { away: boolean }).away) return { awayUntil: 1 }
      throw new RoomServiceError(ErrorCode.ROOM_NOT_FOUND, '房间不存在', 'set_anchor_away')
    })
    await hideAndShow()
    await vi.waitFor(() => expect(t.fake.ended).toBe(ANCHOR_AWAY_TEXT.ended))
    expect(t.fake.beating).toBe(false)
    expect(t.notices).toEqual([true])
  })

  it('comes back anyway when the back call fails otherwise (the next heartbeat clears it)', async () => {
    const t = setup('anchor', async (_endpoint, body) => {
      if ((body as { away: boolean }).away) return { awayUntil: 1 }
      throw new RoomServiceError(ErrorCode.NETWORK_ERROR, '网络异常', 'set_anchor_away')
    })
    await hideAndShow()
    await vi.waitFor(() => expect(t.fake.beating).toBe(true))
    expect(t.fake.ended).toBeNull()
  })

  it('does nothing outside a live room, nor after its scope ended', async () => {
    const t = setup('anchor')
    t.actions.close('主播已结束直播')
    await hideAndShow()
    await settle()
    expect(t.calls).toEqual([])
    const u = setup('anchor')
    scope.stop()
    await hideAndShow()
    await settle()
    expect(u.calls).toEqual([])
    expect(u.fake.beating).toBe(true)
  })
})

describe('useAnchorAway: a viewer', () => {
  it("shows 主播暂时离开 on the creator's word only, and clears it on its return", () => {
    const t = setup('audience')
    expect(awayNotice(t.room)).toBeNull()
    t.imEvent({ roomID: 'room_1', userID: 'someone', away: true })
    t.imEvent({ roomID: 'room_2', userID: 'anchor1', away: true })
    expect(awayNotice(t.room)).toBeNull()
    t.imEvent({ roomID: 'room_1', userID: 'anchor1', away: true })
    expect(awayNotice(t.room)).toBe('主播暂时离开')
    t.imEvent({ roomID: 'room_1', userID: 'anchor1', away: false })
    expect(awayNotice(t.room)).toBeNull()
  })

  it('shows it from get_anchors when entering meanwhile, and not once the room is over', () => {
    const { state: room, actions } = createRoomState()
    actions.enter('audience')
    actions.live({ ...ROOM, anchorAway: true })
    expect(awayNotice(room)).toBe(ANCHOR_AWAY_TEXT.away)
    actions.close('直播间已关闭')
    expect(awayNotice(room)).toBeNull()
  })

  it('stops its player while hidden and plays again on return, reading the room again', async () => {
    const t = setup('audience')
    shim.emit('AppHide')
    expect(t.playerStatus.value).toBe('stopped')
    expect(t.calls).toEqual([])
    shim.emit('AppShow', {})
    await settle()
    expect(t.fake.played).toBe(1)
    expect(t.playerStatus.value).toBe('live')
    expect(t.fake.refreshed).toBe(1)
  })

  it('does not start a player that was not playing', async () => {
    const t = setup('audience')
    t.playerStatus.value = 'failed'
    await hideAndShow()
    await settle()
    expect(t.fake.played).toBe(0)
  })
})

it('names the anchor_away ending, and leaves the others to the notice', () => {
  expect(awayEndText('anchor_away')).toBe('主播离开太久，直播已结束')
  expect(awayEndText('timeout')).toBeNull()
  expect(awayEndText(null)).toBeNull()
})
