import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { WxShim } from '../../test/support/wxShim'
import { installWeChat } from '../../test/support/unitWeChat'
import { newProfile, PROFILE_STORAGE_KEY, useProfile } from './useProfile'

let shim: WxShim
beforeEach(() => {
  shim = installWeChat()
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('useProfile', () => {
  it('creates one user ID and keeps it across launches', () => {
    const first = useProfile().profile.value
    expect(first.userId).toMatch(/^u_[a-z0-9]{12}$/)
    expect(shim.storage.get(PROFILE_STORAGE_KEY)).toEqual(first)

    setActivePinia(createPinia()) // a new launch: same storage, fresh state
    expect(useProfile().profile.value).toEqual(first)
  })

  it('replaces a corrupt stored profile', () => {
    shim.storage.set(PROFILE_STORAGE_KEY, { userId: 'x y', nickname: 3 })
    const { profile } = useProfile()
    expect(profile.value.userId).toMatch(/^u_/)
  })

  it('renames with validation and persists the new name', () => {
    const { profile, rename } = useProfile()
    expect(rename('   ')).toBe('昵称不能为空')
    expect(rename('名'.repeat(21))).toContain('20')
    expect(rename(' 小明 ')).toBeNull()
    expect(profile.value.nickname).toBe('小明')
    expect(shim.storage.get(PROFILE_STORAGE_KEY)).toMatchObject({ nickname: '小明' })
  })

  it('derives different IDs from different randomness', () => {
    let n = 0
    const a = newProfile(() => ((n += 7) % 36) / 36)
    const b = newProfile(() => 0.5)
    expect(a.userId).not.toBe(b.userId)
    expect(b.nickname).toBe(`用户${b.userId.slice(-4)}`)
  })
})
