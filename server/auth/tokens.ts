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

/** Tokens found in the store, kept at most (the oldest go first). */
const MAX_VERIFIED = 10_000

interface Verified {
  userID: string
  expiresAt: number
  at: number
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
    /**
     * How long a token found in the store is taken without asking again, ms. Every call checks its
     * token, and the lookup (and the HMAC) cost as much as a heartbeat's own work. A logout through
     * this instance ends it at once; through another, or a token dropped by the per-user cap,
     * within this time.
     */
    private readonly verifiedTtlMs = 1000,
  ) {}

  /** By the token itself, which only ever sits in this process's memory. */
  private readonly verified = new Map<string, Verified>()

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
    const now = this.clock.now()
    const record = this.recent(token, now) ?? (await this.lookUp(token, now))
    if (!record || record.userID !== userID) throw new CodedError(ErrorCode.TOKEN_INVALID)
    if (record.expiresAt <= now) throw new CodedError(ErrorCode.TOKEN_EXPIRED)
  }

  async revoke(token: string): Promise<void> {
    this.verified.delete(token)
    await this.store.deleteToken(this.hash(token))
  }

  private recent(token: string, now: number): Verified | undefined {
    const v = this.verified.get(token)
    return v && now - v.at < this.verifiedTtlMs && now >= v.at ? v : undefined
  }

  private async lookUp(token: string, now: number): Promise<Verified | undefined> {
    const record = await this.store.findToken(this.hash(token))
    this.verified.delete(token)
    if (!record) return undefined
    const v = { userID: record.userID, expiresAt: record.expiresAt, at: now }
    if (this.verifiedTtlMs <= 0) return v
    if (this.verified.size >= MAX_VERIFIED) this.verified.delete(this.verified.keys().next().value as string)
    this.verified.set(token, v)
    return v
  }
}
