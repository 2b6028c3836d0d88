import { describe, expect, it } from 'vitest'
import { decodeUserSig, UserSigError } from '@liveroom/protocol/usersig'
import { genDebugUserSig } from './usersig'

const CHECK = { sdkAppId: 1400000000, secretKey: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e', nowSeconds: 1600000000 }

describe('genDebugUserSig', () => {
  it('signs with the configured debug key', () => {
    const sig = genDebugUserSig({ sdkAppId: CHECK.sdkAppId, debugSecretKey: CHECK.secretKey }, 'xiaojun', CHECK.nowSeconds)
    expect(decodeUserSig(sig)['TLS.sig']).toBe('yyiNqbNFsleXkJpXiBWWytL5Lcu1cRMURULFch09Q84=')
  })

  it('is not available without a key (production builds)', () => {
    const call = () => genDebugUserSig({ sdkAppId: 1400000000, debugSecretKey: null }, 'u')
    expect(call).toThrow(/房间服务/)
    try {
      call()
    } catch (err) {
      expect((err as UserSigError).code).toBe('NOT_AVAILABLE')
    }
  })
})
