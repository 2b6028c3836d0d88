// The live pages' IM client: tim-wx-sdk, created once for the app through its services. Only pages
// of this subpackage import this file, so the SDK (hundreds of KB) stays out of the main package.
import { useServices } from '@/app/services'
import type { RoomServiceClient } from '@/adapters/roomService'
import { createTimImClient } from '@/adapters/im/timClient'
import type { ImClient } from '@/adapters/im/types'
import { appConfig } from '@/config'

export function useImClient(): ImClient {
  return useServices().im(() => {
    if (!appConfig.sdkAppId) throw new Error('未配置 VITE_SDKAPPID（腾讯云 IM 应用的 SDKAppID），无法进入直播间')
    return createTimImClient({ sdkAppId: appConfig.sdkAppId })
  })
}

/** The clients a live room's visit works with. */
export function useLiveServices(): { roomService: RoomServiceClient; im: ImClient } {
  return { roomService: useServices().roomService, im: useImClient() }
}
