// The app's configuration, read once from build-time environment (.env files, see .env.example).
import { WAITING_IMAGE_PATH } from '@liveroom/protocol/roomService'

export interface AppConfig {
  /** Tencent IM/MLVB SDKAppID, or null when not configured. */
  sdkAppId: number | null
  /** Room-service base URL without trailing slash, or null when not configured. */
  roomServiceUrl: string | null
  /** WeChat subscription-message template of 开播提醒, or null: the app then offers no 开播提醒. */
  liveTemplateId: string | null
  /**
   * What an anchor's <live-pusher> pushes while its app is in the background (waiting-image, a
   * network image): VITE_WAITING_IMAGE_URL, else the room service's own; null without either.
   */
  waitingImageUrl: string | null
  /** Secret key for local UserSig: present in debug builds only. */
  debugSecretKey: string | null
  isDebugBuild: boolean
  /** Human-readable reasons the configuration is incomplete; empty when usable. */
  problems: string[]
}

export interface RawConfig {
  VITE_SDKAPPID?: string
  VITE_ROOM_SERVICE_URL?: string
  VITE_LIVE_TEMPLATE_ID?: string
  VITE_WAITING_IMAGE_URL?: string
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

  // Optional: without it the app simply offers no 开播提醒.
  const templateText = raw.VITE_LIVE_TEMPLATE_ID?.trim() ?? ''
  let liveTemplateId: string | null = null
  if (templateText && !/^[\w-]{1,128}$/.test(templateText)) problems.push(`VITE_LIVE_TEMPLATE_ID 应为订阅消息模板 ID（字母、数字、_ 和 -），当前为 “${templateText}”`)
  else if (templateText) liveTemplateId = templateText

  const waitingText = raw.VITE_WAITING_IMAGE_URL?.trim() ?? ''
  let waitingImageUrl = roomServiceUrl && roomServiceUrl + WAITING_IMAGE_PATH
  if (waitingText && !/^https?:\/\/[^\s/?#]+\/\S*$/.test(waitingText)) problems.push(`VITE_WAITING_IMAGE_URL 应为图片的 http:// 或 https:// 地址，当前为 “${waitingText}”`)
  else if (waitingText) waitingImageUrl = waitingText

  const debugSecretKey = raw.debugBuild && raw.secretKey ? raw.secretKey : null
  return { sdkAppId, roomServiceUrl, liveTemplateId, waitingImageUrl, debugSecretKey, isDebugBuild: raw.debugBuild, problems }
}

export const appConfig: AppConfig = parseConfig({
  VITE_SDKAPPID: import.meta.env.VITE_SDKAPPID,
  VITE_ROOM_SERVICE_URL: import.meta.env.VITE_ROOM_SERVICE_URL,
  VITE_LIVE_TEMPLATE_ID: import.meta.env.VITE_LIVE_TEMPLATE_ID,
  VITE_WAITING_IMAGE_URL: import.meta.env.VITE_WAITING_IMAGE_URL,
  secretKey: typeof __DEBUG_SECRET_KEY__ === 'string' ? __DEBUG_SECRET_KEY__ : '',
  debugBuild: typeof __DEBUG_BUILD__ === 'boolean' && __DEBUG_BUILD__,
})
