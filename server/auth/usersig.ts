// Server-side UserSig check: decode, recompute the HMAC with the secret key, then check the
// application, the user and the validity window.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { decodeUserSig, genUserSig, userSigContent, type UserSigDoc } from '@liveroom/protocol/usersig'
import { ErrorCode } from '@liveroom/protocol/errors'

/** Accepted clock difference for a UserSig issued "in the future". */
export const USERSIG_CLOCK_SKEW_S = 300

export interface VerifyUserSigInput {
  userSig: string
  userID: string
  sdkAppId: number
  secretKey: string
  nowSeconds: number
}

export type VerifyUserSigResult =
  | { ok: true; doc: UserSigDoc; expiresAtS: number }
  | { ok: false; code: ErrorCode; reason: string }

function fail(code: ErrorCode, reason: string): VerifyUserSigResult {
  return { ok: false, code, reason }
}

export function verifyUserSig(input: VerifyUserSigInput): VerifyUserSigResult {
  let doc: UserSigDoc
  try {
    doc = decodeUserSig(input.userSig)
  } catch (err) {
    return fail(ErrorCode.USERSIG_INVALID, err instanceof Error ? err.message : 'cannot decode')
  }
  const expected = createHmac('sha256', input.secretKey).update(userSigContent(doc)).digest()
  const given = Buffer.from(doc['TLS.sig'], 'base64')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail(ErrorCode.USERSIG_INVALID, 'signature does not match')
  }
  if (doc['TLS.sdkappid'] !== input.sdkAppId) {
    return fail(ErrorCode.SDKAPPID_MISMATCH, `UserSig is for SDKAppID ${doc['TLS.sdkappid']}`)
  }
  if (doc['TLS.identifier'] !== input.userID) {
    return fail(ErrorCode.USERID_MISMATCH, 'TLS.identifier differs from userID')
  }
  const expiresAtS = doc['TLS.time'] + doc['TLS.expire']
  if (doc['TLS.time'] > input.nowSeconds + USERSIG_CLOCK_SKEW_S) {
    return fail(ErrorCode.USERSIG_INVALID, 'issued in the future')
  }
  if (expiresAtS <= input.nowSeconds) return fail(ErrorCode.USERSIG_EXPIRED, `expired at ${expiresAtS}`)
  return { ok: true, doc, expiresAtS }
}

export function issueUserSig(sdkAppId: number, secretKey: string, userID: string, nowSeconds: number, expireSeconds: number): string {
  return genUserSig({ sdkAppId, secretKey, userId: userID, nowSeconds, expireSeconds })
}
