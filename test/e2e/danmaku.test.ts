// Danmaku and the emoji panel end to end: an anchor's phone and two viewers' phones, each a compiled
// mini-program, in one room on the real room service with IM carried by the in-process fake.
// What is checked is what each phone shows: the danmaku layer over the video, the chat, the panel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { COMMON_EMOJI } from '@/composables/useChatComposer'
import { DANMAKU_STORAGE_KEY } from '@/composables/useDanmaku'
import type { Client } from './support/clients'
import { goLive, watch } from './support/flows'
import { World } from './support/world'

let world: World

beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

const WAVING = '🙋‍♀️'
const HEART = '❤️'
const emojiButton = (emoji: string) => `#emoji-${COMMON_EMOJI.indexOf(emoji as (typeof COMMON_EMOJI)[number])}`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** The phone's 弹幕 toggle (in its open 更多 panel) shows danmaku on. */
const danmakuOn = (phone: Client) => phone.page.findNodes('.panel__toggle--on').some((n) => n.id === 'danmaku-toggle')

describe('danmaku and emoji', () => {
  it('flies a viewer’s message on phones with danmaku on, not on one that turned it off; an emoji message arrives intact', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    const a = world.phone('viewer-a', { nickname: '观众甲' })
    const b = world.phone('viewer-b', { nickname: '观众乙' })
    const roomID = await goLive(world, anchor, '弹幕之夜')
    await watch(a, roomID)
    await watch(b, roomID)

    // On by default (弹幕 is under 更多, ⋯); B turns it off, and B's phone remembers that.
    await anchor.tap('#more')
    await b.tap('#more')
    expect(danmakuOn(anchor)).toBe(true)
    expect(danmakuOn(b)).toBe(true)
    await anchor.tap('#more')
    expect(anchor.exists('#more-panel')).toBe(false)
    await b.tap('#danmaku-toggle')
    expect(danmakuOn(b)).toBe(false)
    expect(b.wx.storage.get(DANMAKU_STORAGE_KEY)).toBe(false)

    await a.say('主播晚上好')
    await anchor.waitFor(() => anchor.text('#danmaku').includes('主播晚上好'), 'the message flying at the anchor')
    await b.waitFor(() => b.text('#chat').includes('主播晚上好'), 'the message in B’s chat')
    expect(b.text('#danmaku')).toBe('')
    // The sender's own phone flies it too.
    expect(a.text('#danmaku')).toContain('主播晚上好')

    // A writes with the emoji panel: two emoji (one a ZWJ sequence, one with a variation selector),
    // one erased and picked again, then 发送.
    await sleep(1000) // the chat's least time between two sends
    // One panel at a time: opening the emoji panel closes 更多.
    await a.tap('#more')
    await a.tap('#emoji')
    expect(a.exists('#emoji-panel')).toBe(true)
    expect(a.exists('#more-panel')).toBe(false)
    await a.tap(emojiButton(WAVING))
    await a.tap(emojiButton(HEART))
    await a.tap('#emoji-erase')
    expect(a.text('#emoji-draft')).toBe(WAVING)
    await a.tap(emojiButton(HEART))
    expect(a.text('#emoji-draft')).toBe(`${WAVING}${HEART}`)
    await a.tap('#emoji-send')
    await a.waitFor(() => !a.exists('#emoji-panel'), 'the panel to close once sent')
    await anchor.waitFor(() => anchor.text('#chat').includes(`观众甲： ${WAVING}${HEART}`), 'the emoji message at the anchor')
    await anchor.waitFor(() => anchor.text('#danmaku').includes(`${WAVING}${HEART}`), 'the emoji message flying at the anchor')
    await b.waitFor(() => b.text('#chat').includes(`${WAVING}${HEART}`), 'the emoji message in B’s chat')
    expect(b.text('#danmaku')).toBe('')

    // Back on (B's 更多 panel is still open), B's phone flies what comes next.
    await b.tap('#danmaku-toggle')
    expect(danmakuOn(b)).toBe(true)
    await anchor.say('欢迎欢迎')
    await b.waitFor(() => b.text('#danmaku').includes('欢迎欢迎'), 'the anchor’s message flying at B')
  })
})
