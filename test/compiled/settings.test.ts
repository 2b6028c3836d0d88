// Settings page (pages/settings/settings), compiled for mp-weixin and run in WeChat's component engine.
import { afterEach, describe, expect, it } from 'vitest'
import { TEST_SDKAPPID } from '../support/compiledBuild'
import { compiledRoomServiceUrl, openMiniProgram, type MiniProgram } from '../support/miniprogram'
import { World } from '../e2e/support/world'

let mp: MiniProgram | undefined
afterEach(async () => {
  await mp?.close()
  mp = undefined
})

describe('settings', () => {
  it('shows the SDKAppID and room-service address the build was configured with', async () => {
    mp = await openMiniProgram()
    const page = await mp.loadPage('pages/settings/settings')

    expect(page.text('#sdkappid')).toMatch(/^\d+$/)
    expect(page.text('#room-service-url')).toMatch(/^https?:\/\/\S+$/)
    // A build from globalSetup is configured with these (a COMPILED_DIR build may differ).
    if (!process.env.COMPILED_DIR) expect(page.text('#sdkappid')).toBe(TEST_SDKAPPID)
    const roomServiceUrl = compiledRoomServiceUrl()
    if (roomServiceUrl) expect(page.text('#room-service-url')).toBe(roomServiceUrl)
  })

  it('has no debug warning in a production build', async () => {
    mp = await openMiniProgram()
    const page = await mp.loadPage('pages/settings/settings')
    expect(page.exists('#debug-warning')).toBe(false)
  })

  it('keeps the same user ID across launches', async () => {
    mp = await openMiniProgram()
    const first = await mp.loadPage('pages/settings/settings')
    const userId = first.text('#user-id')
    expect(userId).toMatch(/^[A-Za-z0-9_-]{4,32}$/)

    await mp.relaunch()
    const again = await mp.loadPage('pages/settings/settings')
    expect(again.text('#user-id')).toBe(userId)
  })

  it('gives a new device a fresh ID, not the previous device’s', async () => {
    mp = await openMiniProgram()
    const one = (await mp.loadPage('pages/settings/settings')).text('#user-id')
    mp = await openMiniProgram()
    const two = (await mp.loadPage('pages/settings/settings')).text('#user-id')
    expect(two).not.toBe(one)
  })

  it('saves a new nickname, which survives a relaunch', async () => {
    mp = await openMiniProgram()
    const page = await mp.loadPage('pages/settings/settings')

    await page.input('#nickname', '小明', { blur: true })
    await mp.relaunch()
    const again = await mp.loadPage('pages/settings/settings')

    expect(again.attr('#nickname', 'value')).toBe('小明')
  })

  it('refuses an empty nickname with a reason', async () => {
    mp = await openMiniProgram()
    const page = await mp.loadPage('pages/settings/settings')
    const before = page.attr('#nickname', 'value')

    await page.input('#nickname', '   ', { blur: true })

    expect(page.pageText()).toContain('昵称不能为空')
    await mp.relaunch()
    const again = await mp.loadPage('pages/settings/settings')
    expect(again.attr('#nickname', 'value')).toBe(before)
  })
})

describe('the profile (头像昵称填写)', () => {
  let world: World | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  const PNG = Uint8Array.from({ length: 4096 }, (_, i) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a][i] ?? i % 251)

  it('uploads the chosen avatar, shows it from the room service and keeps it', async () => {
    world = await World.start()
    const phone = world.phone('xiaoming', { nickname: '小明', wx: { files: { 'wxfile://tmp/avatar.png': PNG } } })
    await phone.open('pages/settings/settings')

    await phone.run(() => phone.page.dispatch('#avatar', 'chooseavatar', { avatarUrl: 'wxfile://tmp/avatar.png' }))
    await phone.waitFor(() => phone.exists('#avatar-image'), 'the avatar shown')

    // Kept as the service's path, shown from the service's address (the build's; requests are routed to this test's service).
    const { avatar } = phone.wx.storage.get('live-room:profile') as { avatar: string }
    expect(avatar).toMatch(/^\/avatars\/[0-9a-f]{32}\.png$/)
    const src = String(phone.page.attr('#avatar-image', 'src'))
    expect(src).toMatch(new RegExp(`^https?://[^/]+${avatar}$`))
    const base = compiledRoomServiceUrl()
    if (base) expect(src).toBe(base + avatar)
    expect(phone.exists('#profile-error')).toBe(false)
  })

  it('says why a nickname or a file is not accepted', async () => {
    world = await World.start()
    const phone = world.phone('xiaoming', { nickname: '小明', wx: { files: { 'wxfile://tmp/a.gif': Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]) } } })
    await phone.open('pages/settings/settings')

    await phone.run(() => phone.page.input('#nickname', '小明<b>', { blur: true }))
    expect(phone.text('#profile-error')).toContain('<>*{}()^%$#@!~&=')

    await phone.run(() => phone.page.dispatch('#avatar', 'chooseavatar', { avatarUrl: 'wxfile://tmp/a.gif' }))
    await phone.waitFor(() => phone.text('#profile-error') === '头像需为 JPEG、PNG 或 WebP 图片', 'the file refused')
    expect(phone.exists('#avatar-image')).toBe(false)
  })
})
