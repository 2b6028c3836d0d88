// subscribe_live / unsubscribe_live, and the openids they need: remembered from WeChat logins
// (user IDs are a one-way hash of the openid) for as long as such a login lasts.
import { ErrorCode } from '@liveroom/protocol/errors'
import { userIdFromOpenid, type WechatLogin } from '../auth/wechat.ts'
import type { Clock } from '../clock.ts'
import { CodedError } from '../errors.ts'
import type { LiveNoticeStore } from '../store/liveNotice.ts'

export class LiveSubscriptions {
  constructor(
    /** Undefined when live notices are not configured (no template, or no WeChat login). */
    private readonly store: LiveNoticeStore | undefined,
    private readonly clock: Clock,
  ) {}

  async subscribe(viewer: string, anchor: string): Promise<void> {
    if (!this.store) throw new CodedError(ErrorCode.LIVE_NOTICE_NOT_CONFIGURED)
    if (viewer === anchor) throw new CodedError(ErrorCode.BAD_REQUEST, 'you cannot subscribe to yourself')
    const openid = await this.store.openidOf(viewer, this.clock.now())
    if (openid === null) throw new CodedError(ErrorCode.WECHAT_LOGIN_REQUIRED)
    await this.store.subscribe({ anchorUserID: anchor, viewerUserID: viewer, openid })
  }

  /** Idempotent. */
  async unsubscribe(viewer: string, anchor: string): Promise<void> {
    if (!this.store) throw new CodedError(ErrorCode.LIVE_NOTICE_NOT_CONFIGURED)
    await this.store.unsubscribe(anchor, viewer)
  }
}

/** `login`, keeping the openid of every user it logs in for `keepMs` (the login's longest life). */
export function savingOpenids(login: WechatLogin, store: LiveNoticeStore, clock: Clock, userIdKey: string, keepMs: number): WechatLogin {
  return {
    async code2session(code) {
      const res = await login.code2session(code)
      if (res.ok) {
        const now = clock.now()
        await store.saveOpenid(userIdFromOpenid(userIdKey, res.openid), res.openid, now + keepMs, now)
      }
      return res
    },
  }
}
