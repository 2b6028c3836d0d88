// The app's one room-service client, made from the build's configuration on first use.
import { appConfig } from '@/config'
import { ErrorCode } from '@liveroom/protocol/errors'
import { RoomServiceClient } from './client'
import { RoomServiceError } from './errors'

export { RoomServiceClient } from './client'
export { RoomServiceError } from './errors'

let client: RoomServiceClient | null = null

export function roomService(): RoomServiceClient {
  if (client) return client
  if (!appConfig.roomServiceUrl) {
    throw new RoomServiceError(ErrorCode.STREAM_NOT_CONFIGURED, '未配置房间服务地址（VITE_ROOM_SERVICE_URL），请参照首页说明配置后重新构建', 'config')
  }
  client = new RoomServiceClient({ baseUrl: appConfig.roomServiceUrl })
  return client
}

/** Replaces the client (tests, or an app that builds its own). */
export function setRoomServiceClient(next: RoomServiceClient | null): void {
  client = next
}
