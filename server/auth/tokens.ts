// Session tokens: random, stored server-side (as an HMAC under the secret key) with an expiry;
// logout revokes. Keyed by the secret key, a token is tied to it: once SECRET_KEY is rotated,
// every token issued under the old key is unknown, as every UserSig signed with it is invalid.
import { createHmac, randomBytes } from 'node:crypto'
import { ErrorCode } from '@liveroom/protocol/errors'
import type { Clock } from '../clock.ts'
import { CodedError } from '../errors.ts'
import type { RoomStore } from '../store/types.ts'

export function hashToken(key: string, token: string): string {
  return createHmac('sha256', key).update(`token\n${token}`).digest('hex')
}

export interface IssuedToken {
  token: string
  expiresAt: number
}

export class TokenService {
  constructor(
    private readonly store: RoomStore,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    /** The secret key (SECRET_KEY) the tokens are tied to. */
    private readonly key: string,
    /** Live tokens one user keeps; a new login beyond it ends the oldest (0: no cap). */
    private readonly maxPerUser = 0,
  ) {}

  private hash(token: string): string {
    return hashToken(this.key, token)
  }

  /** A new token for `userID`, valid for the configured TTL or until `notAfter` (ms), whichever is sooner. */
  async issue(userID: string, notAfter?: number): Promise<IssuedToken> {
    const now = this.clock.now()
    const expiresAt = Math.min(now + this.ttlMs, notAfter ?? Infinity)
    const token = randomBytes(32).toString('base64url')
    await this.store.saveToken({ tokenHash: this.hash(token), userID, expiresAt }, now, this.maxPerUser || undefined)
    return { token, expiresAt }
  }

  /** Throws TOKEN_INVALID / TOKEN_EXPIRED unless `token` is a live token of `userID`. */
  async check(userID: string, token: string): Promise<void> {
    const record = await this.store.findToken(this.hash(token))
    if (!record || record.userID !== userID) throw new CodedError(ErrorCode.TOKEN_INVALID)
    if (record.expiresAt <= this.clock.now()) throw new CodedError(ErrorCode.TOKEN_EXPIRED)
  }

  async revoke(token: string): Promise<void> {
    await this.store.deleteToken(this.hash(token))
  }
}
