// 开播提醒: WeChat is asked within the tap, the service only after "allow", and every outcome is told.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { ERROR_TEXT, ErrorCode } from '@liveroom/protocol/errors'
import { replyError, RoomServiceError } from '@/adapters/roomService/errors'
import { installWeChat } from '../../test/support/unitWeChat'
import type { WxShim } from '../../test/support/wxShim'
import { REMINDER_TEXT, useLiveReminder } from './useLiveReminder'

const TEMPLATE = 'tpl-live'
let shim: WxShim
let call: ReturnType<typeof vi.fn>
/** The room's anchor, as reactive as the room's details. */
const anchor = ref<string | null>(null)

beforeEach(() => {
  shim = installWeChat()
  call = vi.fn().mockResolvedValue({ code: 0 })
  anchor.value = 'anchor-1'
})
afterEach(() => {
  vi.unstubAllGlobals()
})

const reminder = (templateId: string | null = TEMPLATE) => useLiveReminder({ roomService: { call } as never, templateId, anchor: () => anchor.value })
const toasts = () => shim.records.toasts.map((t) => t.title)

describe('useLiveReminder', () => {
  it('asks WeChat within the tap, then tells the service: subscribed for that anchor', async () => {
    shim.configure({ subscribeAnswers: { [TEMPLATE]: 'accept' } })
    const r = reminder()
    expect(r.state.value).toBe('offered')
    const tapped = r.subscribe()
    // Before anything was awaited: WeChat shows its prompt only inside the tap.
    expect(shim.records.subscribeRequests).toEqual([[TEMPLATE]])
    expect(r.state.value).toBe('asking')
    void r.subscribe() // a second tap while asking asks nothing more
    await tapped
    expect(shim.records.subscribeRequests).toHaveLength(1)
    expect(call.mock.calls).toEqual([['subscribe_live', { anchorUserID: 'anchor-1' }]])
    expect(toasts()).toEqual([REMINDER_TEXT.subscribed])
    expect(r.state.value).toBe('subscribed')
    // Another room's anchor is offered afresh.
    anchor.value = 'anchor-2'
    expect(r.state.value).toBe('offered')
  })

  it('says so when the user says no, or WeChat has stopped the template, and keeps offering', async () => {
    const r = reminder()
    for (const [answer, text] of [
      ['reject', REMINDER_TEXT.rejected],
      ['ban', REMINDER_TEXT.unavailable],
      ['filter', REMINDER_TEXT.unavailable],
    ] as const) {
      shim.configure({ subscribeAnswers: { [TEMPLATE]: answer } })
      await r.subscribe()
      expect(toasts().at(-1)).toBe(text)
    }
    expect(call).not.toHaveBeenCalled()
    expect(r.state.value).toBe('offered')
  })

  it('sends a user who switched subscription messages off to the settings (去设置)', async () => {
    shim.configure({ subscribeAnswers: { [TEMPLATE]: { errCode: 20004 } }, modalAnswer: 'confirm' })
    await reminder().subscribe()
    expect(shim.records.modals.at(-1)).toMatchObject({ content: REMINDER_TEXT.switchedOff, confirmText: '去设置' })
    expect(shim.calls('openSetting')).toEqual([[expect.objectContaining({ withSubscriptions: true })]])
    // A refusal WeChat remembers (总是保持以上选择) is changed in the settings too.
    shim.configure({ subscribeAlways: { [TEMPLATE]: 'reject' } })
    await reminder().subscribe()
    expect(shim.records.modals.at(-1)).toMatchObject({ content: REMINDER_TEXT.alwaysRefused, confirmText: '去设置' })
    expect(shim.records.openSettingCount).toBe(2)
    shim.configure({ modalAnswer: 'cancel' })
    await reminder().subscribe()
    expect(shim.records.openSettingCount).toBe(2)
    expect(toasts()).toEqual([])
    expect(call).not.toHaveBeenCalled()
  })

  it("reports any other failure with WeChat's errCode", async () => {
    shim.configure({ subscribeAnswers: { [TEMPLATE]: { errCode: 20005 } } })
    await reminder().subscribe()
    expect(toasts()).toEqual([REMINDER_TEXT.failed(20005)])
  })

  it("shows the service's refusals; a service without live notices (3027) hides the button", async () => {
    shim.configure({ subscribeAnswers: { [TEMPLATE]: 'accept' } })
    const r = reminder()
    call.mockRejectedValueOnce(replyError('subscribe_live', ErrorCode.WECHAT_LOGIN_REQUIRED, ''))
    await r.subscribe()
    call.mockRejectedValueOnce(new RoomServiceError(ErrorCode.NETWORK_ERROR, '无法连接房间服务，请检查网络或服务地址', 'subscribe_live'))
    await r.subscribe()
    expect(r.state.value).toBe('offered')
    call.mockRejectedValueOnce(replyError('subscribe_live', ErrorCode.LIVE_NOTICE_NOT_CONFIGURED, ''))
    await r.subscribe()
    expect(toasts()).toEqual([ERROR_TEXT[ErrorCode.WECHAT_LOGIN_REQUIRED].zh, '无法连接房间服务，请检查网络或服务地址', ERROR_TEXT[ErrorCode.LIVE_NOTICE_NOT_CONFIGURED].zh])
    expect(r.state.value).toBeNull()
  })

  it('offers nothing without a template, or without an anchor to follow (the anchor itself)', async () => {
    expect(reminder(null).state.value).toBeNull()
    await reminder(null).subscribe()
    anchor.value = null
    expect(reminder().state.value).toBeNull()
    await reminder().subscribe()
    expect(shim.records.subscribeRequests).toEqual([])
  })
})
