// The anchor's 黑名单 (live/bans/bans, opened from 设置) compiled for mp-weixin, against the real room
// service on loopback: bans newest first with nickname and time, 20 a page, 解除, empty and error states.
import { afterEach, describe, expect, it } from 'vitest'
import type { Client } from '../e2e/support/clients'
import { World } from '../e2e/support/world'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

/** Calls the service as the WeChat user of login code `code`. */
async function callAs(code: string, endpoint: string, body: unknown): Promise<Record<string, unknown>> {
  const post = async (path: string, payload: unknown) =>
    (await (await fetch(world!.serviceUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })).json()) as Record<string, unknown>
  const login = await post('/weapp/utils/get_login_info', { code })
  const reply = await post(`/weapp/live_room/${endpoint}?${new URLSearchParams({ userID: String(login.userID), token: String(login.token) })}`, body)
  if (reply.code !== 0) throw new Error(`${endpoint}: ${JSON.stringify(reply)}`)
  return { ...reply, userID: login.userID }
}

/** The rows on the page, top to bottom, by user ID. */
const shown = (phone: Client) => phone.page.$$('.ban').map((r) => String(r.attr('id')).replace(/^ban-/, ''))

describe('the ban list', () => {
  it('opens from 设置, lists bans newest first with nickname and time, pages on reaching the bottom, and lifts one', async () => {
    world = await World.start()
    const troll = String((await callAs('code-troll', 'set_profile', { nickName: '捣乱的人' })).userID)
    const others = Array.from({ length: 24 }, (_, i) => `u_spam_${String(i).padStart(2, '0')}`)
    for (const userID of [troll, ...others]) {
      await callAs('code-anchor', 'ban_user', { userID, reason: userID === troll ? '刷屏' : '' })
      world.service.advance(1000)
    }
    const anchor = world.phone('anchor', { nickname: '主播小王' })
    await anchor.open('pages/settings/settings')
    await anchor.tap('#ban-list')
    await anchor.followNavigation()
    expect(anchor.page.route).toBe('live/bans/bans')

    await anchor.waitFor(() => shown(anchor).length === 20, 'the first page')
    expect(shown(anchor)).toEqual([...others].reverse().slice(0, 20))
    expect(anchor.text('#bans-title')).toContain('共 25 人')
    expect(anchor.text(`#ban-name-${others[23]}`)).toBe(others[23]) // no profile: its user ID

    await anchor.run(() => anchor.page.reachBottom())
    await anchor.waitFor(() => shown(anchor).length === 25, 'the second page')
    expect(shown(anchor).at(-1)).toBe(troll)
    expect(anchor.text(`#ban-name-${troll}`)).toBe('捣乱的人')
    expect(anchor.text(`#ban-time-${troll}`)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d 拉黑：刷屏$/)

    await anchor.tap(`#unban-${troll}`)
    await anchor.waitFor(() => anchor.wx.records.toast?.title === '已解除拉黑', 'the ban lifted')
    expect(shown(anchor)).not.toContain(troll)
    expect(anchor.text('#bans-title')).toContain('共 24 人')
    const listed = (await callAs('code-anchor', 'get_banned_users', {})).bannedUsers as Array<{ userID: string }>
    expect(listed.map((b) => b.userID)).not.toContain(troll)
  })

  it('says when the list is empty, and why it could not be loaded, with 重试', async () => {
    world = await World.start()
    const later = await world.laterAddress()
    const anchor = world.phone('anchor', { nickname: '主播小王', wx: { requestBaseUrl: later.url } })
    await anchor.open('live/bans/bans')
    await anchor.waitFor(() => anchor.exists('#bans-error'), 'the error', 15_000)
    expect(anchor.text('#bans-error')).toContain('无法连接房间服务')
    expect(anchor.exists('#bans-empty')).toBe(false)

    await later.open()
    await anchor.tap('#retry')
    await anchor.waitFor(() => anchor.exists('#bans-empty'), 'the empty list')
    expect(anchor.text('#bans-empty')).toContain('黑名单是空的')
    expect(anchor.exists('#bans-error')).toBe(false)
  })
})
