// Loaded in place of src/adapters/im/timClient.ts when the compiled app is built for tests
// (LIVE_ROOM_IM_MODULE, see build/replaceModule.ts): the app's IM client comes from the
// in-process fake that the test put on globalThis, never from tim-wx-sdk.
import type { ImClient } from '../../src/adapters/im/types'

export interface CompiledImHost {
  createClient(): ImClient
}

export const COMPILED_IM_HOST = '__liveRoomFakeIm'

export function createTimImClient(_options: { sdkAppId: number }): ImClient {
  const host = (globalThis as Record<string, unknown>)[COMPILED_IM_HOST] as CompiledImHost | undefined
  if (!host) throw new Error(`compiled-app test: set globalThis.${COMPILED_IM_HOST} (a FakeImServer) before opening live pages`)
  return host.createClient()
}
