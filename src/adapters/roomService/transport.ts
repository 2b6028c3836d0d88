// JSON over uni.request: the only place the room-service client touches the network.
import { ErrorCode } from '@liveroom/protocol/errors'
import { RoomServiceError } from './errors'

export interface HttpReply {
  statusCode: number
  data: unknown
}

/** Sends `body` as JSON, or as is with `contentType` (an avatar's bytes). */
export type Transport = (url: string, body: unknown, timeoutMs: number, endpoint: string, contentType?: string) => Promise<HttpReply>

interface UniRequestSuccess {
  statusCode: number
  data: unknown
}

/** The transport of a build without a room-service address: every call says what is missing. */
export const unconfiguredTransport: Transport = (_url, _body, _timeoutMs, endpoint) =>
  Promise.reject(new RoomServiceError(ErrorCode.STREAM_NOT_CONFIGURED, '未配置房间服务地址（VITE_ROOM_SERVICE_URL），请参照首页说明配置后重新构建', endpoint))

export const uniTransport: Transport = (url, body, timeoutMs, endpoint, contentType = 'application/json') =>
  new Promise((resolve, reject) => {
    uni.request({
      url,
      method: 'POST',
      data: body as UniNamespace.RequestOptions['data'],
      header: { 'content-type': contentType },
      timeout: timeoutMs,
      dataType: 'json',
      success: (res: UniRequestSuccess) => resolve({ statusCode: res.statusCode, data: res.data }),
      fail: (err: { errMsg?: string }) => {
        const timedOut = /timeout/i.test(err?.errMsg ?? '')
        reject(
          new RoomServiceError(
            timedOut ? ErrorCode.TIMEOUT : ErrorCode.NETWORK_ERROR,
            timedOut ? '连接房间服务超时，请检查网络后重试' : '无法连接房间服务，请检查网络或服务地址',
            endpoint,
          ),
        )
      },
    })
  })
