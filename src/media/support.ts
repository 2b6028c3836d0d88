// What a user on a WeChat too old for <live-pusher>/<live-player> is told: the same words as the
// home page's version gate.
export { CLIENT_TOO_OLD_MESSAGE as LIVE_UNSUPPORTED_MESSAGE } from './versionGate'
