// Profile editing over the real room service (in-process): nickname and avatar reach the service,
// what it would refuse is said before sending, an oversize image is compressed first.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { uniLifecycleMock } from '../../test/support/uniLifecycle'
import { DEBUG_CONFIG, RoomWorld, type Device } from '../../test/support/roomWorld'
import { AVATAR_MAX_BYTES, useProfileEditor } from './useProfileEditor'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const image = (signature: number[], size: number) => Uint8Array.from({ length: size }, (_, i) => signature[i] ?? i % 251)

let world: RoomWorld
let phone: Device
beforeEach(async () => {
  world = await RoomWorld.start()
  phone = world.device()
})
afterEach(async () => {
  await world.close()
  vi.unstubAllGlobals()
})

const editor = () => phone.run(() => useProfileEditor({ client: phone.client, config: DEBUG_CONFIG }))
const serviceProfile = async () => (await phone.client.getProfiles([phone.userID]))[0]
const sent = (endpoint: string) => world.service.calls.filter((c) => c.endpoint === endpoint)

describe('useProfileEditor', () => {
  it('saves the nickname on the service', async () => {
    const { saveNickname, profile, error } = editor()
    await saveNickname(' 小明 ')
    expect(error.value).toBeNull()
    expect(profile.value.nickname).toBe('小明')
    expect(await serviceProfile()).toMatchObject({ userID: phone.userID, nickName: '小明', avatar: '' })
  })

  it('says what is wrong with a nickname the service would refuse, without sending it', async () => {
    const { saveNickname, profile, error } = editor()
    const before = profile.value.nickname
    await saveNickname('小明<script>')
    expect(error.value).toContain('<>*{}()^%$#@!~&=')
    expect(profile.value.nickname).toBe(before)
    expect(sent('set_profile')).toEqual([])
  })

  it('uploads the chosen avatar and shows it from the service', async () => {
    world.shim.configure({ files: { 'wxfile://tmp/a.png': image(PNG, 2048) } })
    const { chooseAvatar, avatarUrl, profile, error } = editor()
    await chooseAvatar('wxfile://tmp/a.png')
    expect(error.value).toBeNull()
    expect(profile.value.avatar).toMatch(/^\/avatars\/[0-9a-f]{32}\.png$/)
    expect(avatarUrl.value).toBe(`http://room-service.test${profile.value.avatar}`)
    expect(await serviceProfile()).toMatchObject({ nickName: profile.value.nickname, avatar: profile.value.avatar })
  })

  it('compresses an image over the limit before uploading it', async () => {
    world.shim.configure({ files: { 'wxfile://tmp/big.jpg': image([0xff, 0xd8, 0xff], AVATAR_MAX_BYTES * 1.5) } })
    const { chooseAvatar, profile, error } = editor()
    await chooseAvatar('wxfile://tmp/big.jpg')
    expect(error.value).toBeNull()
    expect(world.shim.calls('compressImage')).toHaveLength(1)
    expect(profile.value.avatar).toMatch(/\.jpg$/)
  })

  it('asks for a smaller image when it cannot compress', async () => {
    vi.stubGlobal('uni', { ...world.shim.api, compressImage: undefined })
    world.shim.configure({ files: { 'wxfile://tmp/big.png': image(PNG, AVATAR_MAX_BYTES + 1) } })
    const { chooseAvatar, profile, error } = editor()
    await chooseAvatar('wxfile://tmp/big.png')
    expect(error.value).toBe('头像图片太大（最大 256 KB），请换一张小一些的图片')
    expect(profile.value.avatar).toBe('')
    expect(sent('avatar')).toEqual([])
  })

  it('refuses a file that is not a JPEG, PNG or WebP image', async () => {
    world.shim.configure({ files: { 'wxfile://tmp/a.gif': image([0x47, 0x49, 0x46, 0x38], 512) } })
    const { chooseAvatar, error } = editor()
    await chooseAvatar('wxfile://tmp/a.gif')
    expect(error.value).toBe('头像需为 JPEG、PNG 或 WebP 图片')
    expect(sent('avatar')).toEqual([])
  })

  it('shows the service’s reason when it refuses the upload', async () => {
    await world.close()
    world = await RoomWorld.start({ env: { AVATAR_MAX_BYTES: '1024' } }) // a service that takes smaller avatars than we check for
    phone = world.device()
    world.shim.configure({ files: { 'wxfile://tmp/a.png': image(PNG, 2048) } })
    const { chooseAvatar, profile, error } = editor()
    await chooseAvatar('wxfile://tmp/a.png')
    expect(error.value).toBe('头像图片太大')
    expect(profile.value.avatar).toBe('')
  })

  it('says so when it cannot log in', async () => {
    world.service.setReachable(false)
    const { saveNickname, error } = editor()
    await saveNickname('小明')
    expect(error.value).toMatch(/^登录失败：/)
  })
})
