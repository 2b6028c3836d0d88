// The live pages' IM client: tim-wx-sdk, created once. Only pages of this subpackage import
// this file, so the SDK (hundreds of KB) stays out of the main package.
import { setDefaultImClient } from '@/adapters/im/inject'
import { createTimImClient } from '@/adapters/im/timClient'
import { appConfig } from '@/config'

let installed = false

export function installImClient(): void {
  if (installed || !appConfig.sdkAppId) return
  setDefaultImClient(createTimImClient({ sdkAppId: appConfig.sdkAppId }))
  installed = true
}
