// The IM fake's before-send hook made Tencent IM's third-party callback: for each group message, an
// HTTP POST of Group.CallbackBeforeSendMsg to the application's callback URL (query: SdkAppid,
// CallbackCommand, contenttype, ClientIP, OptPlatform, and with callback authentication Sign =
// sha256(token + RequestTime)), answered within Tencent's 2 s. The reply decides as IM does:
// ErrorCode 0 delivers, 1 refuses (10016 at the sender), 2 drops silently, 120001–130000 refuses
// with the reply's ErrorCode and ErrorInfo; no answer in time, or an answer that is not one,
// delivers (reported through `onFailure`, so a test sees a callback that never decided).
import { callbackSign } from '../../server/im/callbackAuth.ts'
import { TIM_TYPES, type TimCustomPayload, type TimElement, type TimTextPayload } from '@/adapters/im/sdkTypes'
import type { GroupSendCheck, GroupSendVerdict } from './fakeIm'

/** Tencent waits this long for a before-send callback. */
export const IM_CALLBACK_DEADLINE_MS = 2000

/** What IM's SDK reports when the callback answers ErrorCode 1. */
export const CALLBACK_REFUSED_SDK_CODE = 10016

export interface ImCallbackBridgeOptions {
  /** The callback URL set in the IM console (without query). */
  url: string
  sdkAppId: number
  /** The callback authentication token (IM_CALLBACK_TOKEN). */
  token: string
  /** IM's clock, ms: RequestTime is its unix seconds. */
  now: () => number
  /** The sender's platform as IM reports it; 'Web' for the mini-program SDK. */
  optPlatform?: string
  onFailure?: (reason: string) => void
}

interface CallbackReply {
  ActionStatus: string
  ErrorCode: number
  ErrorInfo: string
}

/** Tencent's MsgBody element (TIMMessage object) for one of the SDK's elements. */
function msgElement(element: TimElement): { MsgType: string; MsgContent: Record<string, unknown> } {
  if (element.type === TIM_TYPES.MSG_TEXT) return { MsgType: element.type, MsgContent: { Text: (element.content as TimTextPayload).text } }
  if (element.type === TIM_TYPES.MSG_CUSTOM) {
    const c = element.content as TimCustomPayload
    return { MsgType: element.type, MsgContent: { Data: c.data, Desc: c.description ?? '', Ext: c.extension ?? '' } }
  }
  return { MsgType: element.type, MsgContent: { ...(element.content as Record<string, unknown>) } }
}

function isReply(body: unknown): body is CallbackReply {
  const r = body as Partial<CallbackReply> | null
  return typeof r === 'object' && r !== null && typeof r.ErrorCode === 'number' && typeof r.ErrorInfo === 'string'
}

export function imCallbackBridge(o: ImCallbackBridgeOptions): (message: GroupSendCheck) => Promise<GroupSendVerdict> {
  const failed = (reason: string): GroupSendVerdict => {
    o.onFailure?.(reason)
    return null
  }
  return async ({ from, groupID, elements }) => {
    const requestTime = String(Math.floor(o.now() / 1000))
    const query = new URLSearchParams({
      SdkAppid: String(o.sdkAppId),
      CallbackCommand: 'Group.CallbackBeforeSendMsg',
      contenttype: 'json',
      ClientIP: '127.0.0.1',
      OptPlatform: o.optPlatform ?? 'Web',
      Sign: callbackSign(o.token, requestTime),
      RequestTime: requestTime,
    })
    const body = {
      CallbackCommand: 'Group.CallbackBeforeSendMsg',
      GroupId: groupID,
      Type: TIM_TYPES.GRP_AVCHATROOM,
      From_Account: from,
      Operator_Account: from,
      Random: Math.floor(Math.random() * 2 ** 32),
      OnlineOnlyFlag: 0,
      MsgBody: elements.map(msgElement),
      EventTime: o.now(),
    }
    let reply: unknown
    try {
      const res = await fetch(`${o.url}?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(IM_CALLBACK_DEADLINE_MS),
      })
      if (res.status !== 200) return failed(`HTTP ${res.status}: ${await res.text()}`)
      reply = await res.json()
    } catch (err) {
      return failed(`no answer: ${(err as Error).message}`)
    }
    if (!isReply(reply)) return failed(`not a callback reply: ${JSON.stringify(reply)}`)
    if (reply.ErrorCode === 0) return null
    if (reply.ErrorCode === 1) return { code: CALLBACK_REFUSED_SDK_CODE, message: reply.ErrorInfo }
    if (reply.ErrorCode === 2) return 'drop'
    if (reply.ErrorCode >= 120001 && reply.ErrorCode <= 130000) return { code: reply.ErrorCode, message: reply.ErrorInfo }
    return failed(`ErrorCode ${reply.ErrorCode} is none of IM's`)
  }
}
