// The one place that loads tim-wx-sdk. Creating an instance opens a socket to
// Tencent's servers, so nothing here runs in tests: the logic lives in
// sdkClient.ts (tested against test/support/fakeIm.ts) and this file only
// creates the instance and checks the SDK's constants against ours.
import TIM from 'tim-wx-sdk'
import { createSdkImClient, type SdkImClientOptions } from './sdkClient'
import { TIM_EVENT, TIM_TYPES } from './sdkTypes'
import type { ImClient } from './types'

export interface TimImClientOptions extends SdkImClientOptions {
  sdkAppId: number
  /** 0 verbose … 4 none; default 1 (release). */
  logLevel?: number
}

/** Names of constants whose value in the loaded SDK differs from sdkTypes.ts (empty when they agree). */
function constantMismatches(): string[] {
  const out: string[] = []
  for (const [key, value] of Object.entries(TIM_TYPES)) {
    if (TIM.TYPES[key] !== value) out.push(`TYPES.${key}`)
  }
  for (const [key, value] of Object.entries(TIM_EVENT)) {
    if (TIM.EVENT[key] !== value) out.push(`EVENT.${key}`)
  }
  return out
}

export function createTimImClient(options: TimImClientOptions): ImClient {
  const mismatches = constantMismatches()
  if (mismatches.length > 0) console.warn(`[im] tim-wx-sdk constants differ from the expected ones: ${mismatches.join(', ')}`)
  const tim = TIM.create({ SDKAppID: options.sdkAppId })
  tim.setLogLevel?.(options.logLevel ?? 1)
  return createSdkImClient(tim, options)
}
