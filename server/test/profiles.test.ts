// Profiles: nickname rules, avatar upload (checked by its bytes), avatars served, get_profiles.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { AVATAR_UPLOAD_PATH } from '@liveroom/protocol/roomService'
import { startService, type Service, type Session } from './helpers.ts'

let svc: Service
let alice: Session
let bob: Session

beforeEach(async () => {
  svc = await startService({ env: { AVATAR_MAX_BYTES: '2048' } })
  alice = await svc.client.session('alice', svc.clock.now())
  bob = await svc.client.session('bob', svc.clock.now())
})
afterEach(async () => {
  await svc.close()
})

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 3)])
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(50, 1)])

async function upload(s: Session, bytes: Buffer, contentType: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${svc.client.baseUrl}${AVATAR_UPLOAD_PATH}?userID=${s.userID}&token=${s.token}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: bytes,
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('avatars', () => {
  it('keeps an image under its content hash and serves it with its type and long caching', async () => {
    for (const [bytes, type, ext] of [[PNG, 'image/png', 'png'], [JPEG, 'image/jpeg', 'jpg'], [WEBP, 'image/webp', 'webp']] as const) {
      const r = await upload(alice, bytes, type)
      expect(r.body.code).toBe(0)
      expect(r.body.avatar).toMatch(new RegExp(`^/avatars/[0-9a-f]{32}\\.${ext}$`))
      const got = await fetch(`${svc.client.baseUrl}${String(r.body.avatar)}`)
      expect(got.status).toBe(200)
      expect(got.headers.get('content-type')).toBe(type)
      expect(got.headers.get('cache-control')).toContain('immutable')
      expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true)
    }
    // The same bytes from someone else: the same name.
    expect((await upload(bob, PNG, 'image/png')).body.avatar).toBe((await upload(alice, PNG, 'image/png')).body.avatar)
  })

  it('refuses too large (3021), not an image (3022), a wrong or lying type (3023), and no login', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(4096)])
    expect(await upload(alice, big, 'image/png')).toMatchObject({ status: 413, body: { code: ErrorCode.AVATAR_TOO_LARGE } })
    expect(await upload(alice, Buffer.from('<svg></svg> not an image at all'), 'image/png')).toMatchObject({
      status: 400,
      body: { code: ErrorCode.AVATAR_NOT_IMAGE },
    })
    expect(await upload(alice, PNG, 'image/gif')).toMatchObject({ status: 415, body: { code: ErrorCode.AVATAR_WRONG_TYPE } })
    expect(await upload(alice, PNG, 'image/jpeg')).toMatchObject({ status: 415, body: { code: ErrorCode.AVATAR_WRONG_TYPE } })
    expect(await upload({ userID: 'alice', token: 'made-up' }, PNG, 'image/png')).toMatchObject({ status: 401 })
    const missing = await fetch(`${svc.client.baseUrl}/avatars/${'0'.repeat(32)}.png`)
    expect(missing.status).toBe(404)
  })
})

describe('set_profile / get_profiles', () => {
  it('sets a nickname and an uploaded avatar, keeps the avatar when omitted, and reads many users at once', async () => {
    const avatar = String((await upload(alice, PNG, 'image/png')).body.avatar)
    const set = await svc.client.call('set_profile', alice, { nickName: '小明 Ming🎉', avatar })
    expect(set.body.profile).toEqual({ userID: 'alice', nickName: '小明 Ming🎉', avatar, updatedAt: svc.clock.now() })
    svc.clock.advance(1000)
    await svc.client.call('set_profile', alice, { nickName: '小明' })
    await svc.client.call('set_profile', bob, { nickName: 'Bob', avatar: '' })
    const got = await svc.client.call('get_profiles', bob, { userIDs: ['alice', 'bob', 'nobody', 'alice'] })
    expect(got.body.profiles?.sort((a, b) => a.userID.localeCompare(b.userID))).toEqual([
      { userID: 'alice', nickName: '小明', avatar, updatedAt: svc.clock.now() },
      { userID: 'bob', nickName: 'Bob', avatar: '', updatedAt: svc.clock.now() },
    ])
  })

  it('refuses bad nicknames (3025), an avatar never uploaded (3024), and too many user IDs', async () => {
    for (const nickName of ['a'.repeat(21), 'x<y', 'tab\there', ' lead', 'bidi\u202Eevil', 'a=b']) {
      expect((await svc.client.call('set_profile', alice, { nickName })).body.code).toBe(ErrorCode.BAD_NICKNAME)
    }
    expect((await svc.client.call('set_profile', alice, { nickName: '👨‍👩‍👧'.repeat(20) })).body.code).toBe(0)
    expect((await svc.client.call('set_profile', alice, { nickName: 'A', avatar: `/avatars/${'a'.repeat(32)}.png` })).body.code).toBe(
      ErrorCode.AVATAR_NOT_FOUND,
    )
    expect((await svc.client.call('set_profile', alice, { nickName: 'A', avatar: 'https://evil.example/a.png' })).body.code).toBe(
      ErrorCode.BAD_REQUEST,
    )
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`)
    expect((await svc.client.call('get_profiles', alice, { userIDs: many })).body.code).toBe(ErrorCode.BAD_REQUEST)
  })
})
