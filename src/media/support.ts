// What a user on a WeChat too old for <live-pusher>/<live-player> is told.
export const LIVE_UNSUPPORTED_MESSAGE =
  '当前微信版本过低，无法使用直播功能。请升级微信（iOS 6.5.21、Android 6.5.19 及以上，基础库 1.7.0 及以上）后重试。'
