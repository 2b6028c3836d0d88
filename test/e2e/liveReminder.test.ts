// 开播提醒 end to end: viewers subscribe on the compiled room page (in the room, and on the ended
// overlay), WeChat's prompt answered by the wx shim; when the anchor goes live again the room service
// sends each of them WeChat's subscription message (the World's stand-in for subscribeMessage.send),
// once: a later go-live sends nothing more.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TEST_LIVE_TEMPLATE_ID } from '../support/compiledBuild'
import { answered, goLive, watch } from './support/flows'
import { World } from './support/world'

let world: World

beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

/** A viewer whose WeChat answers the 开播提醒 prompt with "allow". */
const ALLOWS = { wx: { subscribeAnswers: { [TEST_LIVE_TEMPLATE_ID]: 'accept' as const } } }

describe('开播提醒', () => {
  it('subscribes viewers in the room and on the ended overlay; the next go-live reminds each once', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const early = world.phone('early', { nickname: '观众甲', ...ALLOWS })
    const late = world.phone('late', { nickname: '观众乙', ...ALLOWS })
    const first = await goLive(world, anchor, '第一场')
    await watch(early, first)
    await watch(late, first)
    // Offered to the audience only.
    expect(anchor.exists('#reminder')).toBe(false)
    expect(early.text('#reminder')).toBe('开播提醒')

    await early.tap('#reminder')
    expect(early.wx.records.subscribeRequests).toEqual([[TEST_LIVE_TEMPLATE_ID]])
    await early.waitFor(() => answered(early, 'subscribe_live') && early.text('#reminder') === '已订阅', 'the subscription')
    expect(early.wx.records.toasts.at(-1)?.title).toBe('已订阅，主播开播时会提醒你')

    await anchor.tap('#close')
    await late.waitFor(() => late.exists('#ended-reminder'), 'the ended overlay')
    expect(late.exists('#reminder')).toBe(false)
    expect(late.text('#ended-reminder')).toBe('开播提醒：主播再开播时通知我')
    await late.tap('#ended-reminder')
    await late.waitFor(() => late.text('#ended-reminder') === '已订阅开播提醒', 'the subscription from the ended overlay')
    await early.waitFor(() => early.exists('#ended-reminder'), 'the ended overlay')
    expect(early.text('#ended-reminder')).toBe('已订阅开播提醒')
    // Nothing is sent until the anchor goes live again.
    expect(world.subscribeMessages()).toEqual([])

    const second = await goLive(world, anchor, '第二场')
    await anchor.waitFor(() => world.subscribeMessages().length === 2, 'a reminder for each subscriber')
    const sent = world.subscribeMessages().sort((a, b) => a.touser.localeCompare(b.touser))
    expect(sent.map((m) => m.touser)).toEqual(['openid-of-code-early', 'openid-of-code-late'])
    for (const message of sent) {
      expect(message).toMatchObject({ template_id: TEST_LIVE_TEMPLATE_ID, page: `live/room/room?roomID=${second}`, data: { thing1: { value: '第二场' }, thing2: { value: '主播小王' } } })
    }

    // One-shot: going live once more reminds no one.
    await anchor.tap('#close')
    await goLive(world, anchor, '第三场')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(world.subscribeMessages()).toHaveLength(2)
  })

  it('tells a viewer who says no, and subscribes nothing', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const viewer = world.phone('viewer', { nickname: '观众丙', wx: { subscribeAnswers: { [TEST_LIVE_TEMPLATE_ID]: 'reject' } } })
    await watch(viewer, await goLive(world, anchor, '拒绝的场'))
    await viewer.tap('#reminder')
    await viewer.waitFor(() => viewer.wx.records.toasts.length > 0, 'the answer told')
    expect(viewer.wx.records.toasts.at(-1)?.title).toBe('你没有允许开播提醒，需要时可再点一次')
    expect(viewer.text('#reminder')).toBe('开播提醒')
    expect(viewer.wx.records.requests.some((r) => r.url.includes('subscribe_live'))).toBe(false)
  })
})
