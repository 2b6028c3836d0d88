// 开播提醒: a viewer taps, WeChat asks the user to allow one subscription message (it asks only from
// a tap), and on "allow" the room service keeps the subscription and sends the message when this
// anchor next goes live (once: WeChat's one-time subscription).
import { computed, ref, type ComputedRef } from 'vue'
import { ErrorCode } from '@liveroom/protocol/errors'
import { RoomServiceError, type RoomServiceClient } from '@/adapters/roomService'
import { alwaysRefused, openSubscriptionSettings, requestSubscribe, SUBSCRIPTIONS_SWITCHED_OFF, type SubscribeOutcome } from '@/adapters/uni/subscribe'
import { confirm, toast } from '@/adapters/uni/ui'
import { errorText } from '@/utils/errorText'

export const REMINDER_TEXT = {
  subscribed: '已订阅，主播开播时会提醒你',
  rejected: '你没有允许开播提醒，需要时可再点一次',
  switchedOff: '你已在微信设置中关闭了订阅消息，请点击“去设置”打开后再订阅开播提醒',
  alwaysRefused: '你已设置不再接收开播提醒，请点击“去设置”打开后再订阅',
  unavailable: '开播提醒暂不可用',
  failed: (errCode: number) => `开播提醒请求失败（${errCode}），请稍后重试`,
} as const

/** offered: the button shows; asking: WeChat or the service is being asked; subscribed: done for this anchor. */
export type LiveReminderState = 'offered' | 'asking' | 'subscribed'

export interface UseLiveReminderOptions {
  roomService: Pick<RoomServiceClient, 'call'>
  /** The subscription message's template (VITE_LIVE_TEMPLATE_ID); null: no 开播提醒 at all. */
  templateId: string | null
  /** The anchor the user could be reminded of; null when there is none to offer (no room, or the user is its anchor). */
  anchor: () => string | null
}

export interface UseLiveReminderReturn {
  /** null while nothing is offered: the button is hidden. */
  state: ComputedRef<LiveReminderState | null>
  /** The tap on 开播提醒: each outcome is told to the user. */
  subscribe(): Promise<void>
}

export function useLiveReminder({ roomService, templateId, anchor }: UseLiveReminderOptions): UseLiveReminderReturn {
  const asking = ref(false)
  /** Anchors subscribed to on this page. */
  const subscribed = ref<readonly string[]>([])
  /** The service said it sends no live notices (3027): nothing to offer any more. */
  const serviceOff = ref(false)

  const state = computed<LiveReminderState | null>(() => {
    const id = anchor()
    if (!templateId || !id || serviceOff.value) return null
    return subscribed.value.includes(id) ? 'subscribed' : asking.value ? 'asking' : 'offered'
  })

  async function tellService(id: string): Promise<void> {
    try {
      await roomService.call('subscribe_live', { anchorUserID: id })
      subscribed.value = [...subscribed.value, id]
      toast(REMINDER_TEXT.subscribed)
    } catch (err) {
      if (err instanceof RoomServiceError && err.code === ErrorCode.LIVE_NOTICE_NOT_CONFIGURED) serviceOff.value = true
      toast(errorText(err))
    }
  }

  /** Switched off in WeChat's settings: only the settings page (去设置) turns it back on. */
  async function toSettings(text: string): Promise<void> {
    if (await confirm('开播提醒', text, '去设置', '取消')) await openSubscriptionSettings()
  }

  async function answered(outcome: SubscribeOutcome, id: string, template: string): Promise<void> {
    if (!outcome.ok) return outcome.errCode === SUBSCRIPTIONS_SWITCHED_OFF ? toSettings(REMINDER_TEXT.switchedOff) : toast(REMINDER_TEXT.failed(outcome.errCode))
    if (outcome.answer === 'accept') return tellService(id)
    if (outcome.answer !== 'reject') return toast(REMINDER_TEXT.unavailable)
    return (await alwaysRefused(template)) ? toSettings(REMINDER_TEXT.alwaysRefused) : toast(REMINDER_TEXT.rejected)
  }

  async function subscribe(): Promise<void> {
    const id = anchor()
    if (!templateId || !id || state.value !== 'offered') return
    asking.value = true
    try {
      // First, before any await: WeChat shows its prompt only within the tap.
      await answered(await requestSubscribe(templateId), id, templateId)
    } finally {
      asking.value = false
    }
  }

  return { state, subscribe }
}
