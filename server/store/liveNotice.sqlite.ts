// Live-notice subscriptions and WeChat openids in the rooms' SQLite database.
import type Database from 'better-sqlite3'
import type { LiveNoticeStore, LiveSubscription } from './liveNotice.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS wechat_openids (
  user_id    TEXT PRIMARY KEY,
  openid     TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS live_subscriptions (
  anchor_id TEXT NOT NULL,
  viewer_id TEXT NOT NULL,
  openid    TEXT NOT NULL,
  PRIMARY KEY (anchor_id, viewer_id)
) WITHOUT ROWID;
`

export class SqliteLiveNoticeStore implements LiveNoticeStore {
  readonly kind = 'sqlite'
  private readonly stmt

  constructor(db: Database.Database) {
    db.exec(SCHEMA)
    this.stmt = {
      saveOpenid: db.prepare<[string, string, number]>(
        `INSERT INTO wechat_openids (user_id, openid, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET openid = excluded.openid, expires_at = MAX(expires_at, excluded.expires_at)`,
      ),
      // Expired ones go when someone else logs in: the table holds the users of live logins.
      dropOpenids: db.prepare<[number]>('DELETE FROM wechat_openids WHERE expires_at <= ?'),
      openidOf: db.prepare<[string, number], string>('SELECT openid FROM wechat_openids WHERE user_id = ? AND expires_at > ?').pluck(),
      subscribe: db.prepare<[string, string, string]>(
        `INSERT INTO live_subscriptions (anchor_id, viewer_id, openid) VALUES (?, ?, ?)
         ON CONFLICT (anchor_id, viewer_id) DO UPDATE SET openid = excluded.openid`,
      ),
      unsubscribe: db.prepare<[string, string]>('DELETE FROM live_subscriptions WHERE anchor_id = ? AND viewer_id = ?'),
      take: db.prepare<[string, string, number], { viewer_id: string; openid: string }>(
        `DELETE FROM live_subscriptions WHERE anchor_id = ? AND viewer_id IN
           (SELECT viewer_id FROM live_subscriptions WHERE anchor_id = ? LIMIT ?)
         RETURNING viewer_id, openid`,
      ),
    }
  }

  async saveOpenid(userID: string, openid: string, expiresAt: number, now: number): Promise<void> {
    this.stmt.dropOpenids.run(now)
    this.stmt.saveOpenid.run(userID, openid, expiresAt)
  }

  async openidOf(userID: string, now: number): Promise<string | null> {
    return this.stmt.openidOf.get(userID, now) ?? null
  }

  async subscribe(s: LiveSubscription): Promise<void> {
    this.stmt.subscribe.run(s.anchorUserID, s.viewerUserID, s.openid)
  }

  async unsubscribe(anchorUserID: string, viewerUserID: string): Promise<boolean> {
    return this.stmt.unsubscribe.run(anchorUserID, viewerUserID).changes === 1
  }

  async take(anchorUserID: string, limit: number): Promise<LiveSubscription[]> {
    return this.stmt.take.all(anchorUserID, anchorUserID, limit).map((r) => ({ anchorUserID, viewerUserID: r.viewer_id, openid: r.openid }))
  }
}
