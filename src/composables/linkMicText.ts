// What co-anchoring (连麦) tells the user, on either side.
export const LINKMIC_TEXT = {
  timeout: '连麦超时',
  full: '主播连麦人数已满',
  busy: '主播正在处理其他连麦请求',
  refused: '主播拒绝了连麦',
  kicked: '主播已结束与你的连麦',
  dropped: '连麦已断开（与房间服务的连接中断）',
  networkLost: '网络断开，连麦已结束',
  sendFailed: '连麦请求发送失败，请稍后重试',
  admitFailed: '连麦未能建立',
} as const

/** How long an outcome (a refusal, 连麦超时, a kick) stays on screen. */
export const LINKMIC_NOTICE_MS = 5000
