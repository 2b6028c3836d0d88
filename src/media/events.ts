// What each live-pusher / live-player event code means for the user.
// Codes from WeChat's <live-pusher>/<live-player> docs and the MLVB SDK.
import type { MediaStatus } from './status'

export interface EventMeaning {
  /** Short text for the event log. */
  text: string
  /** Status the event moves an active session to, if any. */
  next?: MediaStatus
  /** A message the user must see (failures and notable warnings). */
  notice?: string
}

export type EventTable = Readonly<Record<number, EventMeaning>>

const RTMP_RETRY: EventTable = {
  3001: { text: 'RTMP DNS 解析失败', next: 'reconnecting' },
  3002: { text: 'RTMP 服务器连接失败', next: 'reconnecting' },
  3003: { text: 'RTMP 服务器握手失败', next: 'reconnecting' },
  3004: { text: 'RTMP 服务器主动断开', next: 'reconnecting' },
  3005: { text: 'RTMP 读写失败', next: 'reconnecting' },
}

export const PUSHER_EVENTS: EventTable = {
  1001: { text: '已连接推流服务器' },
  1002: { text: '已与服务器握手，开始推流', next: 'live' },
  1003: { text: '摄像头已打开' },
  1004: { text: '录屏已启动' },
  1005: { text: '动态调整分辨率' },
  1006: { text: '动态调整码率' },
  1007: { text: '首帧画面采集完成' },
  1008: { text: '编码器已启动' },
  1101: { text: '网络状况不佳', notice: '当前网络不佳，观众可能会卡顿' },
  1102: { text: '网络断开，正在自动重连', next: 'reconnecting', notice: '网络断开，正在自动重连…' },
  1103: { text: '硬件编码启动失败，改用软件编码' },
  [-1301]: { text: '打开摄像头失败', next: 'failed', notice: '打开摄像头失败：请确认已允许使用摄像头，且没有其他应用占用' },
  [-1302]: { text: '打开麦克风失败', next: 'failed', notice: '打开麦克风失败：请确认已允许使用麦克风，且没有其他应用占用' },
  [-1303]: { text: '视频编码失败', next: 'failed', notice: '视频编码失败，请重新开始推流' },
  [-1304]: { text: '音频编码失败', next: 'failed', notice: '音频编码失败，请重新开始推流' },
  [-1305]: { text: '不支持的视频分辨率', next: 'failed', notice: '设备不支持当前清晰度，请换一个清晰度重试' },
  [-1306]: { text: '不支持的音频采样率', next: 'failed', notice: '设备不支持当前音频采样率' },
  [-1307]: { text: '网络断开，重连失败，推流结束', next: 'failed', notice: '网络断开，多次重连仍失败，推流已结束。请检查网络后重新开始' },
  ...RTMP_RETRY,
  5000: { text: '小程序切到后台', notice: '小程序已切到后台，画面可能暂停' },
  5001: { text: '被电话或其他音视频页面打断', notice: '推流被来电或其他音视频打断' },
}

export const PLAYER_EVENTS: EventTable = {
  2001: { text: '已连接服务器' },
  2002: { text: '已连接服务器，开始拉流' },
  2003: { text: '收到首个视频数据包' },
  2004: { text: '开始播放', next: 'live' },
  2005: { text: '播放进度' },
  2006: { text: '播放结束', next: 'stopped', notice: '直播已结束' },
  2007: { text: '加载中' },
  2008: { text: '解码器已启动' },
  2009: { text: '视频分辨率改变' },
  2101: { text: '视频帧解码失败' },
  2102: { text: '音频帧解码失败' },
  2103: { text: '网络断开，正在自动重连', next: 'reconnecting', notice: '网络断开，正在自动重连…' },
  2104: { text: '网络来包不稳' },
  2105: { text: '播放卡顿', notice: '当前网络不佳，播放可能卡顿' },
  2106: { text: '硬解启动失败，改用软解' },
  2107: { text: '视频帧不连续，可能丢帧' },
  2108: { text: '首个 I 帧硬解失败，改用软解' },
  [-2301]: { text: '网络断开，重连失败', next: 'failed', notice: '网络断开，多次重连仍失败，请检查网络后重试' },
  [-2302]: { text: '获取加速拉流地址失败', next: 'failed', notice: '获取低延时播放地址失败，请稍后重试' },
  ...RTMP_RETRY,
}

/** Codes of the components' `error` event: permission refusals and resource failures. */
export const COMPONENT_ERRORS: EventTable = {
  10001: { text: '没有摄像头权限', next: 'failed', notice: '没有摄像头权限：请在设置中允许使用摄像头后重试' },
  10002: { text: '没有麦克风权限', next: 'failed', notice: '没有麦克风权限：请在设置中允许使用麦克风后重试' },
  10003: { text: '背景音加载失败' },
  10004: { text: '等待画面加载失败' },
}

export function describeEvent(table: EventTable, code: number): EventMeaning {
  return table[code] ?? { text: `事件 ${code}` }
}
