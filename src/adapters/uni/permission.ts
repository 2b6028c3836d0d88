// Camera and microphone authorisation (scope.camera, scope.record).
import { callUni } from './callback'

export type MediaScope = 'scope.camera' | 'scope.record'

type AuthSetting = Partial<Record<string, boolean>>

function readAuthSetting(): Promise<AuthSetting> {
  return callUni<{ authSetting: AuthSetting }>('getSetting', uni.getSetting).then((r) => r.authSetting ?? {})
}

/**
 * Asks for each scope not yet granted and returns the ones the user refuses.
 * A scope refused before is not asked again (WeChat would fail at once): it needs openSetting.
 */
export async function requestScopes(scopes: readonly MediaScope[]): Promise<MediaScope[]> {
  const setting = await readAuthSetting()
  const denied: MediaScope[] = []
  for (const scope of scopes) {
    if (setting[scope] === true) continue
    if (setting[scope] === false) {
      denied.push(scope)
      continue
    }
    try {
      await callUni('authorize', uni.authorize, { scope })
    } catch {
      denied.push(scope)
    }
  }
  return denied
}

/** Opens the app's settings page; returns the scopes still refused afterwards. */
export async function openScopeSettings(scopes: readonly MediaScope[]): Promise<MediaScope[]> {
  const { authSetting } = await callUni<{ authSetting: AuthSetting }>('openSetting', uni.openSetting)
  return scopes.filter((scope) => authSetting?.[scope] !== true)
}

const SCOPE_NAMES: Record<MediaScope, string> = { 'scope.camera': '摄像头', 'scope.record': '麦克风' }

export function explainRefusal(denied: readonly MediaScope[]): string {
  const names = denied.map((s) => SCOPE_NAMES[s]).join('和')
  return `直播需要使用${names}。你已拒绝授权，请点击“去设置”打开${names}权限后重试。`
}
