import { createHmac } from 'node:crypto'
import { deflateSync, inflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeUserSig, genUserSig, USERSIG_MAX_INFLATED, USERSIG_MAX_LENGTH, UserSigError } from './usersig'

// Tencent's published check value for TLS sig v2: this key, user and time give this signature.
const CHECK = {
  sdkAppId: 1400000000,
  secretKey: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e',
  userId: 'xiaojun',
  nowSeconds: 1600000000,
}

/** Independent decoder: Node's own base64 and zlib, not the project's. */
function inflateWithNode(userSig: string): Record<string, unknown> {
  const b64 = userSig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=')
  return JSON.parse(inflateSync(Buffer.from(b64, 'base64')).toString('utf8')) as Record<string, unknown>
}

function nodeHmac(doc: Record<string, unknown>, key: string): string {
  let content =
    `TLS.identifier:${String(doc['TLS.identifier'])}\nTLS.sdkappid:${String(doc['TLS.sdkappid'])}\n` +
    `TLS.time:${String(doc['TLS.time'])}\nTLS.expire:${String(doc['TLS.expire'])}\n`
  if (doc['TLS.userbuf'] !== undefined) content += `TLS.userbuf:${String(doc['TLS.userbuf'])}\n`
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(content, 'utf8').digest('base64')
}

describe('genUserSig', () => {
  it('matches the public check value', () => {
    const doc = inflateWithNode(genUserSig(CHECK))
    expect(doc).toEqual({
      'TLS.ver': '2.0',
      'TLS.identifier': 'xiaojun',
      'TLS.sdkappid': 1400000000,
      'TLS.expire': 604800,
      'TLS.time': 1600000000,
      'TLS.sig': 'yyiNqbNFsleXkJpXiBWWytL5Lcu1cRMURULFch09Q84=',
    })
  })

  it.each([
    ['ascii', 'user_001'],
    ['chinese', '主播小明'],
    ['emoji', '🎥live🙂'],
    ['long', 'x'.repeat(1024)],
    ['symbols', 'a+b/c=d*e-f_g'],
  ])('round-trips a %s user ID and its HMAC recomputes with node:crypto', (_kind, userId) => {
    const sig = genUserSig({ ...CHECK, userId, expireSeconds: 3600 })
    const doc = inflateWithNode(sig)
    expect(doc['TLS.identifier']).toBe(userId)
    expect(doc['TLS.expire']).toBe(3600)
    expect(doc['TLS.sig']).toBe(nodeHmac(doc, CHECK.secretKey))
    expect(decodeUserSig(sig)).toEqual(doc)
  })

  it('refuses, without inflating it all, a UserSig too long or one that inflates past 4 KB', () => {
    expect(() => decodeUserSig('A'.repeat(USERSIG_MAX_LENGTH + 1))).toThrow(/UserSig 过长/)
    // About 1,300 characters that inflate to 1 MB of JSON-looking text: refused at the cap.
    const bomb = deflateSync(Buffer.from(`{"TLS.ver":"2.0","pad":"${'a'.repeat(1_000_000)}"}`), { level: 9 })
      .toString('base64')
      .replace(/\+/g, '*')
      .replace(/\//g, '-')
      .replace(/=/g, '_')
    expect(bomb.length).toBeLessThan(USERSIG_MAX_LENGTH)
    expect(() => decodeUserSig(bomb)).toThrow(`UserSig 解压后超过 ${USERSIG_MAX_INFLATED} 字节`)
  })

  it('signs the userbuf when one is given', () => {
    const userBuf = new Uint8Array([0, 1, 2, 250, 255])
    const doc = inflateWithNode(genUserSig({ ...CHECK, userBuf }))
    expect(doc['TLS.userbuf']).toBe(Buffer.from(userBuf).toString('base64'))
    expect(doc['TLS.sig']).toBe(nodeHmac(doc, CHECK.secretKey))
  })

  it('uses only the URL-safe alphabet', () => {
    for (let i = 0; i < 50; i++) {
      const sig = genUserSig({ ...CHECK, userId: `user-${i}-用户`, nowSeconds: 1600000000 + i * 7919 })
      expect(sig).toMatch(/^[A-Za-z0-9*\-_]+$/)
    }
  })

  it('defaults the issue time to now', () => {
    const before = Math.floor(Date.now() / 1000)
    const doc = decodeUserSig(genUserSig({ sdkAppId: 1, secretKey: 'k', userId: 'u' }))
    expect(doc['TLS.time']).toBeGreaterThanOrEqual(before)
    expect(doc['TLS.time']).toBeLessThanOrEqual(before + 5)
  })

  it.each([
    [{ sdkAppId: 0 }, /SDKAppID/],
    [{ sdkAppId: 1.5 }, /SDKAppID/],
    [{ secretKey: '' }, /密钥/],
    [{ userId: '' }, /用户 ID/],
    [{ expireSeconds: -1 }, /有效期/],
  ])('rejects bad input %o with a typed error', (patch, message) => {
    const call = () => genUserSig({ ...CHECK, ...patch })
    expect(call).toThrow(UserSigError)
    expect(call).toThrow(message)
  })
})

describe('decodeUserSig', () => {
  it.each([
    ['not base64', '!!!!'],
    ['not zlib', 'aGVsbG8_'],
    ['empty', ''],
  ])('rejects %s as MALFORMED', (_kind, input) => {
    try {
      decodeUserSig(input)
      expect.unreachable('decode should have thrown')
    } catch (err) {
      expect(err).toBeInstanceOf(UserSigError)
      expect((err as UserSigError).code).toBe('MALFORMED')
    }
  })
})
