// The text check port: whether a text (a room name, a chat message) may be shown to others.

/** Where the text appears; WeChat's msgSecCheck weighs its checks by it. */
export type TextScene = 'profile' | 'comment' | 'forum' | 'social'

export interface TextCheckContext {
  /** Who wrote it. */
  userID: string
  scene: TextScene
}

export interface TextVerdict {
  verdict: 'pass' | 'block'
  /** Why, for logs: a WeChat label (`porn`, `abuse`...), `listed_word`, or `ok`. */
  reason: string
  /** Who decided: WeChat's content security API, or the local word list. */
  source: 'wechat' | 'wordlist'
}

export interface TextChecker {
  /** Never rejects: when its upstream fails, the checker decides with what it has. */
  check(text: string, context: TextCheckContext): Promise<TextVerdict>
}
