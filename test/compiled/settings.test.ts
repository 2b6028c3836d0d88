// Settings page (pages/settings/settings), compiled for mp-weixin and run in WeChat's component engine.
import { afterEach, describe, expect, it } from 'vitest'
import { TEST_SDKAPPID } from '../support/compiledBuild'
import { compiledRoomServiceUrl, openMiniProgram, type MiniProgram } from '../support/miniprogram'

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
