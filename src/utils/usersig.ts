// UserSig computed on the device: debug builds only. A key shipped in a mini-program can be
// extracted, so production clients get their UserSig from the room service's login.
import { genUserSig, UserSigError } from '@liveroom/protocol/usersig'

/** What a debug build knows: see `appConfig` in src/config. */
export interface DebugSigningConfig {
  sdkAppId: number | null
  debugSecretKey: string | null
}

/**
 * UserSig computed on the device with the configured secret key. Debug builds only:
 * production builds carry no key, and this fails with NOT_AVAILABLE there.
 */
export function genDebugUserSig(config: DebugSigningConfig, userId: string, nowSeconds?: number): string {
  if (!config.debugSecretKey || !config.sdkAppId) {
    throw new UserSigError('NOT_AVAILABLE', '本地计算 UserSig 仅在调试构建中可用（需配置 VITE_SDKAPPID 与 VITE_SECRET_KEY）；生产环境请通过房间服务登录')
  }
  return genUserSig({ sdkAppId: config.sdkAppId, secretKey: config.debugSecretKey, userId, nowSeconds })
}
