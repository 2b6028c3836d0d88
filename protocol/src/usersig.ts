// TLS sig v2 ("UserSig"), the credential Tencent IM/MLVB accept for a user ID.
//
// The room service signs with it; the mini-program's debug builds may too (src/utils/usersig.ts),
// since a key shipped in a mini-program can be extracted.
import jsSHA from 'jssha'
import { strFromU8, strToU8, Unzlib, zlibSync } from 'fflate'
import { base64ToBytes, bytesToBase64 } from './base64'

export const DEFAULT_USERSIG_EXPIRE_SECONDS = 604800

export interface GenUserSigOptions {
  sdkAppId: number
  secretKey: string
  userId: string
  /** Validity in seconds from `nowSeconds` (a duration, not a date). */
  expireSeconds?: number
  /** Issue time in unix seconds; defaults to the current time. */
  nowSeconds?: number
  userBuf?: Uint8Array
}

/** The JSON document a UserSig carries once decoded. */
export interface UserSigDoc {
  'TLS.ver': '2.0'
  'TLS.identifier': string
  'TLS.sdkappid': number
  'TLS.expire': number
  'TLS.time': number
  'TLS.userbuf'?: string
  'TLS.sig': string
}

export type UserSigErrorCode = 'INVALID_ARGUMENT' | 'MALFORMED' | 'NOT_AVAILABLE'

export class UserSigError extends Error {
  constructor(
    readonly code: UserSigErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'UserSigError'
  }
}

/** The exact text that TLS.sig is the HMAC-SHA256 of. */
export function userSigContent(doc: Omit<UserSigDoc, 'TLS.sig' | 'TLS.ver'>): string {
  let content =
    `TLS.identifier:${doc['TLS.identifier']}\n` +
    `TLS.sdkappid:${doc['TLS.sdkappid']}\n` +
    `TLS.time:${doc['TLS.time']}\n` +
    `TLS.expire:${doc['TLS.expire']}\n`
  if (doc['TLS.userbuf'] !== undefined) content += `TLS.userbuf:${doc['TLS.userbuf']}\n`
  return content
}

export function hmacSha256Base64(key: string, content: string): string {
  const mac = new jsSHA('SHA-256', 'TEXT', { encoding: 'UTF8', hmacKey: { value: key, format: 'TEXT', encoding: 'UTF8' } })
  mac.update(content)
  return mac.getHash('B64')
}

const TO_URL_SAFE: Record<string, string> = { '+': '*', '/': '-', '=': '_' }
const FROM_URL_SAFE: Record<string, string> = { '*': '+', '-': '/', _: '=' }

export function genUserSig(opts: GenUserSigOptions): string {
  const { sdkAppId, secretKey, userId } = opts
  const expire = opts.expireSeconds ?? DEFAULT_USERSIG_EXPIRE_SECONDS
  const time = opts.nowSeconds ?? Math.floor(Date.now() / 1000)
  if (!Number.isSafeInteger(sdkAppId) || sdkAppId <= 0) {
    throw new UserSigError('INVALID_ARGUMENT', `SDKAppID 必须是正整数 (got ${String(sdkAppId)})`)
  }
  if (!secretKey) throw new UserSigError('INVALID_ARGUMENT', '缺少密钥 (secretKey)')
  if (!userId) throw new UserSigError('INVALID_ARGUMENT', '缺少用户 ID (userId)')
  if (!Number.isSafeInteger(expire) || expire <= 0) {
    throw new UserSigError('INVALID_ARGUMENT', `有效期必须是正整数秒 (got ${String(expire)})`)
  }

  const fields: Omit<UserSigDoc, 'TLS.sig' | 'TLS.ver'> = {
    'TLS.identifier': userId,
    'TLS.sdkappid': sdkAppId,
    'TLS.expire': expire,
    'TLS.time': time,
  }
  if (opts.userBuf) fields['TLS.userbuf'] = bytesToBase64(opts.userBuf)

  // Key order matters to nobody but readers; Tencent's own generators use this one.
  const doc: UserSigDoc = { 'TLS.ver': '2.0', ...fields, 'TLS.sig': hmacSha256Base64(secretKey, userSigContent(fields)) }
  const compressed = zlibSync(strToU8(JSON.stringify(doc)))
  return bytesToBase64(compressed).replace(/[+/=]/g, (c) => TO_URL_SAFE[c])
}

function isUserSigDoc(value: unknown): value is UserSigDoc {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    v['TLS.ver'] === '2.0' &&
    typeof v['TLS.identifier'] === 'string' &&
    Number.isSafeInteger(v['TLS.sdkappid']) &&
    Number.isSafeInteger(v['TLS.expire']) &&
    Number.isSafeInteger(v['TLS.time']) &&
    typeof v['TLS.sig'] === 'string' &&
    (v['TLS.userbuf'] === undefined || typeof v['TLS.userbuf'] === 'string')
  )
}

/** A UserSig is about 200–400 characters; one with a large userbuf stays well under this. */
export const USERSIG_MAX_LENGTH = 2048
/** Its JSON, inflated, is a few hundred bytes. */
export const USERSIG_MAX_INFLATED = 4096

/**
 * Inflates zlib data, giving up (null) as soon as the output passes `max` bytes: a small text
 * that inflates to megabytes costs a few kilobytes of work, not the megabytes.
 */
function inflateAtMost(bytes: Uint8Array, max: number): Uint8Array | null {
  const chunks: Uint8Array[] = []
  let total = 0
  const unzlib = new Unzlib((chunk) => {
    total += chunk.length
    if (total <= max) chunks.push(chunk)
  })
  const STEP = 64
  for (let i = 0; i < bytes.length && total <= max; i += STEP) unzlib.push(bytes.subarray(i, i + STEP), i + STEP >= bytes.length)
  if (total > max) return null
  const out = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}

/** Decodes a UserSig without checking its signature (the server verifies with the key). */
export function decodeUserSig(userSig: string): UserSigDoc {
  if (userSig.length > USERSIG_MAX_LENGTH) throw new UserSigError('MALFORMED', `UserSig 过长（超过 ${USERSIG_MAX_LENGTH} 个字符）`)
  const bytes = base64ToBytes(userSig.replace(/[*\-_]/g, (c) => FROM_URL_SAFE[c]))
  if (!bytes) throw new UserSigError('MALFORMED', 'UserSig 不是有效的 base64 文本')
  let json: unknown
  try {
    const inflated = inflateAtMost(bytes, USERSIG_MAX_INFLATED)
    if (!inflated) throw new UserSigError('MALFORMED', `UserSig 解压后超过 ${USERSIG_MAX_INFLATED} 字节`)
    json = JSON.parse(strFromU8(inflated))
  } catch (err) {
    if (err instanceof UserSigError) throw err
    throw new UserSigError('MALFORMED', 'UserSig 无法解压或不是 JSON')
  }
  if (!isUserSigDoc(json)) throw new UserSigError('MALFORMED', 'UserSig 缺少 TLS 字段或字段类型错误')
  return json
}
