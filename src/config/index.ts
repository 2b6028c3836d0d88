// The app's configuration, read once from build-time environment (.env files, see .env.example).
export interface AppConfig {
  /** Tencent IM/MLVB SDKAppID, or null when not configured. */
  sdkAppId: number | null
  /** Room-service base URL without trailing slash, or null when not configured. */
  roomServiceUrl: string | null
  /** Secret key for local UserSig: present in debug builds only. */
  debugSecretKey: string | null
  isDebugBuild: boolean
  /** Human-readable reasons the configuration is incomplete; empty when usable. */
  problems: string[]
}

export interface RawConfig {
  VITE_SDKAPPID?: string
  VITE_ROOM_SERVICE_URL?: string
  secretKey?: string
  debugBuild: boolean
}

export function parseConfig(raw: RawConfig): AppConfig {
  const problems: string[] = []

  const appIdText = raw.VITE_SDKAPPID?.trim() ?? ''
  let sdkAppId: number | null = null
  if (!appIdText) problems.push('未设置 VITE_SDKAPPID（腾讯云 IM 应用的 SDKAppID）')
  else if (!/^\d{1,12}$/.test(appIdText) || Number(appIdText) <= 0) problems.push(`VITE_SDKAPPID 应为数字，当前为 “${appIdText}”`)
  else sdkAppId = Number(appIdText)

  const urlText = raw.VITE_ROOM_SERVICE_URL?.trim() ?? ''
  let roomServiceUrl: string | null = null
  if (!urlText) problems.push('未设置 VITE_ROOM_SERVICE_URL（房间服务地址）')
  else if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(urlText)) problems.push(`VITE_ROOM_SERVICE_URL 应以 http:// 或 https:// 开头，当前为 “${urlText}”`)
  else roomServiceUrl = urlText.replace(/\/+$/, '')

  const debugSecretKey = raw.debugBuild && raw.secretKey ? raw.secretKey : null
  return { sdkAppId, roomServiceUrl, debugSecretKey, isDebugBuild: raw.debugBuild, problems }
}

export const appConfig: AppConfig = parseConfig({
  VITE_SDKAPPID: import.meta.env.VITE_SDKAPPID,
  VITE_ROOM_SERVICE_URL: import.meta.env.VITE_ROOM_SERVICE_URL,
  secretKey: typeof __DEBUG_SECRET_KEY__ === 'string' ? __DEBUG_SECRET_KEY__ : '',
  debugBuild: typeof __DEBUG_BUILD__ === 'boolean' && __DEBUG_BUILD__,
})
