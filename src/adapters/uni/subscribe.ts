// WeChat's one-time subscription messages (开播提醒): asking the user to allow one, and the settings
// page where a user who switched them off turns them back on.
import { callUni } from './callback'

/**
 * The answer for one template: accept or reject (the user's; a user who ticked "不再询问" answers
 * without being asked), ban (WeChat has banned the template), filter (left out: two templates share a title).
 */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter'

export type SubscribeOutcome = { ok: true; answer: SubscribeAnswer } | { ok: false; errCode: number; errMsg: string }

/** errCode of a user who switched subscription messages off altogether (设置 → 订阅消息). */
export const SUBSCRIPTIONS_SWITCHED_OFF = 20004

const ANSWERS: readonly string[] = ['accept', 'reject', 'ban', 'filter'] satisfies SubscribeAnswer[]

/**
 * Asks the user to allow one message of `templateId`. WeChat asks only from a tap: call this in the
 * tap's handler before awaiting anything. Never rejects: a failure is an outcome.
 */
export function requestSubscribe(templateId: string): Promise<SubscribeOutcome> {
  return new Promise((resolve) => {
    uni.requestSubscribeMessage({
      tmplIds: [templateId],
      success: (res) => {
        const answer = (res as unknown as Record<string, unknown>)[templateId]
        resolve(typeof answer === 'string' && ANSWERS.includes(answer) ? { ok: true, answer: answer as SubscribeAnswer } : { ok: false, errCode: -1, errMsg: `no answer for ${templateId}` })
      },
      fail: (err: { errCode?: number; errMsg?: string }) => resolve({ ok: false, errCode: typeof err?.errCode === 'number' ? err.errCode : -1, errMsg: err?.errMsg ?? 'fail' }),
    })
  })
}

/**
 * Whether the user refused `templateId` and ticked "总是保持以上选择": WeChat then answers reject
 * without asking, and only the settings page changes it. False when that cannot be read.
 */
export async function alwaysRefused(templateId: string): Promise<boolean> {
  type Setting = { subscriptionsSetting?: { itemSettings?: Record<string, string> } }
  const setting = await callUni<Setting>('getSetting', uni.getSetting, { withSubscriptions: true }).catch((): Setting => ({}))
  return setting.subscriptionsSetting?.itemSettings?.[templateId] === 'reject'
}

/** Opens the app's settings page with its 订阅消息 switches; resolves when the user is back. */
export async function openSubscriptionSettings(): Promise<void> {
  await callUni('openSetting', uni.openSetting, { withSubscriptions: true }).catch(() => undefined)
}
