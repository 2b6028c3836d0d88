// Chat text checks between phones: every group message goes, as Tencent IM's before-send callback,
// over HTTP to the real room service's /im/callback, which checks it against the word list and
// WeChat's msgSecCheck (the World's stand-in) before IM delivers it. A refused message fails at its
// sender with the service's text and never reaches anyone else; the live summary counts only what
// was delivered. (A refused room name at go-live is in test/compiled/create.test.ts.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Client } from './support/clients'
import { answered, goLive, watch } from './support/flows'
import { World } from './support/world'

/** The room service's refusal text (server/im/beforeSendMsg.ts), shown by the sender's phone. */
const REFUSED = '消息包含不允许的内容，请修改后再发'

let world: World

beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

/** An anchor live with two viewers watching. */
async function liveWithTwoViewers(): Promise<{ anchor: Client; first: Client; second: Client }> {
  const anchor = world.phone('anchor', { nickname: '主播小王' })
  const first = world.phone('first', { nickname: '观众甲' })
  const second = world.phone('second', { nickname: '观众乙' })
  const roomID = await goLive(world, anchor, '文字检查')
  await watch(first, roomID)
  await watch(second, roomID)
  return { anchor, first, second }
}

/** `phone` sends `text` and is refused with the service's text; its own chat does not show it. */
async function refusedAt(phone: Client, text: string): Promise<void> {
  const toasts = phone.wx.records.toasts.length
  await phone.say(text)
  await phone.waitFor(() => phone.wx.records.toasts.length > toasts, 'the refusal')
  expect(phone.wx.records.toast?.title).toBe(REFUSED)
  expect(phone.text('#chat')).not.toContain(text)
}

/** `sender` sends `text` and it shows in its own chat and, once delivered, at each of `others`. */
async function deliveredTo(sender: Client, text: string, others: Client[]): Promise<void> {
  await sender.say(text)
  await sender.waitFor(() => sender.text('#chat').includes(text), 'the message in its own chat')
  for (const other of others) await other.waitFor(() => other.text('#chat').includes(text), `“${text}” delivered`)
}

describe('chat text checks between phones', () => {
  it('a listed word is refused at its sender and reaches neither the anchor nor the other viewer; the summary counts what was delivered', async () => {
    const { anchor, first, second } = await liveWithTwoViewers()

    await refusedAt(first, '今晚一起赌博吗')
    // Sent after the refused one: once these have arrived, the refused one would have too.
    await deliveredTo(second, '主播晚上好', [anchor, first])
    await deliveredTo(anchor, '欢迎大家', [first, second])
    for (const phone of [anchor, first, second]) expect(phone.text('#chat')).not.toContain('赌博')
    expect(world.imCallbackFailures).toEqual([])

    await anchor.tap('#close')
    await anchor.waitFor(() => answered(anchor, 'get_room_summary') && anchor.exists('#live-summary'), 'the summary at the anchor')
    expect(anchor.text('#summary-chat')).toMatch(/聊天消息\s*2 条/)
  })

  it('a text WeChat’s msgSecCheck calls risky is refused though no listed word is in it', async () => {
    world.wechatRisky.add('加我微信')
    const { anchor, first, second } = await liveWithTwoViewers()
    const checks = () => world.wechat.requests.filter((r) => r.url.startsWith('/wxa/msg_sec_check')).map((r) => JSON.parse(r.body) as { content: string; openid: string })

    await refusedAt(first, '加我微信领红包')
    const asked = checks().find((c) => c.content.includes('加我微信领红包'))
    expect(asked?.openid).toBe('openid-of-code-first')

    await deliveredTo(second, '主播晚上好', [anchor, first])
    await deliveredTo(anchor, '欢迎大家', [first, second])
    for (const phone of [anchor, first, second]) expect(phone.text('#chat')).not.toContain('加我微信')
    // WeChat was asked about the delivered ones too, and passed them.
    expect(checks().some((c) => c.content.includes('主播晚上好'))).toBe(true)
    expect(world.imCallbackFailures).toEqual([])
  })
})
