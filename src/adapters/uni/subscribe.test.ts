// requestSubscribeMessage as a typed outcome: the template's answer, or WeChat's errCode; never a rejection.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { installWeChat } from '../../../test/support/unitWeChat'
import type { WxShim } from '../../../test/support/wxShim'
import { alwaysRefused, openSubscriptionSettings, requestSubscribe } from './subscribe'

let shim: WxShim
beforeEach(() => {
  shim = installWeChat()
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('requestSubscribe', () => {
  it.each(['accept', 'reject', 'ban', 'filter'] as const)('gives the answer %s for the template', async (answer) => {
    shim.configure({ subscribeAnswers: { tpl: answer } })
    await expect(requestSubscribe('tpl')).resolves.toEqual({ ok: true, answer })
    expect(shim.records.subscribeRequests).toEqual([['tpl']])
  })

  it("gives WeChat's errCode when the call fails (a switched-off user, an unknown template)", async () => {
    shim.configure({ subscribeAnswers: { tpl: { errCode: 20004 } } })
    await expect(requestSubscribe('tpl')).resolves.toMatchObject({ ok: false, errCode: 20004 })
    await expect(requestSubscribe('unknown')).resolves.toMatchObject({ ok: false, errCode: 20001 })
  })

  it('tells a refusal the user asked WeChat to remember (总是保持以上选择) from a one-time one', async () => {
    shim.configure({ subscribeAlways: { kept: 'reject', liked: 'accept' } })
    expect(await alwaysRefused('kept')).toBe(true)
    expect(await alwaysRefused('liked')).toBe(false)
    expect(await alwaysRefused('never-answered')).toBe(false)
    expect(shim.calls('getSetting')[0]).toEqual([expect.objectContaining({ withSubscriptions: true })])
  })

  it('opens the settings with the subscription switches', async () => {
    await openSubscriptionSettings()
    expect(shim.calls('openSetting')).toEqual([[expect.objectContaining({ withSubscriptions: true })]])
  })
})
