// A clean WeChat for one unit test: the shim installed as `uni`, a fresh pinia, and no page
// hooks left over from the previous test. Undo the global with vi.unstubAllGlobals().
import { vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { clearPageHooks } from './uniLifecycle.ts'
import { createWxShim, type WxShim } from './wxShim.ts'

export function installWeChat(): WxShim {
  const shim = createWxShim()
  vi.stubGlobal('uni', shim.api)
  setActivePinia(createPinia())
  clearPageHooks()
  return shim
}
