// Users' profiles (nickname and avatar) and the avatar images themselves.
export interface StoredProfile {
  userID: string
  nickName: string
  /** URL path of the avatar on the service, or ''. */
  avatar: string
  updatedAt: number
}

export interface ProfileStore {
  readonly kind: 'sqlite' | 'redis'
  /** Creates or replaces the user's profile. */
  set(profile: StoredProfile): Promise<void>
  /** The profiles of those users that have one, in no particular order. */
  get(userIDs: readonly string[]): Promise<StoredProfile[]>
}

/** Images by content-hash file name (`<hash>.<ext>`): the same bytes always have the same name. */
export interface AvatarStore {
  readonly kind: 'files' | 'redis'
  /** Idempotent: the name is the content's hash. */
  put(name: string, bytes: Buffer): Promise<void>
  get(name: string): Promise<Buffer | null>
  has(name: string): Promise<boolean>
  /** Idempotent. */
  delete(name: string): Promise<void>
}
