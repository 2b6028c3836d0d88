// "开播提醒": viewers who asked to be told when an anchor next goes live, with the WeChat openid
// each message goes to, and the openids of users who logged in with WeChat (only those can ask).
// Openids are kept only for this, and never leave the service except to WeChat.

export interface LiveSubscription {
  anchorUserID: string
  viewerUserID: string
  openid: string
}

export interface LiveNoticeStore {
  readonly kind: 'sqlite' | 'redis'
  /** The openid the user logged in with (wx.login), kept until `expiresAt` (the login's expiry). */
  saveOpenid(userID: string, openid: string, expiresAt: number, now: number): Promise<void>
  /** null when the user has no WeChat login unexpired at `now`. */
  openidOf(userID: string, now: number): Promise<string | null>
  /** Idempotent per anchor and viewer (the openid is updated). */
  subscribe(subscription: LiveSubscription): Promise<void>
  /** False when there was no such subscription. */
  unsubscribe(anchorUserID: string, viewerUserID: string): Promise<boolean>
  /**
   * Removes and returns at most `limit` of the anchor's subscriptions, atomically: each is
   * returned once, even to several instances taking at the same time.
   */
  take(anchorUserID: string, limit: number): Promise<LiveSubscription[]>
}
