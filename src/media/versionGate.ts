// The oldest WeChat this app runs on, and the home page's check against it.
//
// Vue 3's reactivity is built on ES2015 `Proxy`, which no polyfill can supply and which WeChat's
// "JavaScript 支持情况" lists as missing on old clients. WeChat documents base library 2.15.0 as
// requiring WeChat iOS 7.0.20 / Android 7.0.22, and iOS 7.0.20 as requiring iOS 10, whose
// JavaScriptCore has Proxy (current Android clients run the logic layer on V8). The live tags
// themselves need far less (1.7.0; same-layer rendering under the chat 2.9.1).
//
// A client without Proxy cannot run this page either: what keeps it out is the same minimum set
// in mp.weixin.qq.com (设置 → 基本设置 → 基础库最低版本设置), where WeChat asks the user to update.
// This gate tells the rest (e.g. a client whose base library is older but whose engine has Proxy).
export const MIN_BASE_LIBRARY = '2.15.0'
export const MIN_WECHAT = { ios: '7.0.20', android: '7.0.22' } as const

export const CLIENT_TOO_OLD_MESSAGE = `当前微信版本过低，无法使用直播功能。请升级微信（iOS ${MIN_WECHAT.ios}、Android ${MIN_WECHAT.android} 及以上，基础库 ${MIN_BASE_LIBRARY} 及以上）后重试。`

/** Negative when a < b, 0 when equal, positive when a > b, comparing dotted numbers. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0)
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

export interface ClientGate {
  ok: boolean
  message: string
}

/**
 * Whether this client may use the live features: it has the live components and a base library
 * at least MIN_BASE_LIBRARY. An unknown base library version ('') is not held against it.
 */
export function clientGate(hasLiveComponents: boolean, baseLibrary: string): ClientGate {
  const recent = baseLibrary === '' || compareVersions(baseLibrary, MIN_BASE_LIBRARY) >= 0
  return { ok: hasLiveComponents && recent, message: CLIENT_TOO_OLD_MESSAGE }
}

/** The running base library version (uni calls it hostSDKVersion), or '' when the client will not say. */
export function baseLibraryVersion(): string {
  try {
    return uni.getAppBaseInfo().hostSDKVersion ?? ''
  } catch {
    return ''
  }
}
