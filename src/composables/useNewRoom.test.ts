// The new-room form: what going live opens, with the 录制回放 switch on or off.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, type EffectScope } from 'vue'
import { installWeChat } from '../../test/support/unitWeChat'
import { clearPageHooks, firePageHook, uniLifecycleMock } from '../../test/support/uniLifecycle'
import type { WxShim } from '../../test/support/wxShim'
import { liveRoomEntry } from './useLiveRoom'
import { refusedNameUrl, useNewRoom } from './useNewRoom'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let shim: WxShim
let scope: EffectScope
beforeEach(() => {
  shim = installWeChat()
  scope = effectScope()
})
afterEach(() => {
  clearPageHooks()
  scope.stop()
  vi.unstubAllGlobals()
})

const form = () => scope.run(() => useNewRoom())!

describe('useNewRoom', () => {
  it('opens the live room as anchor, asking for a replay only when the switch is on', async () => {
    const page = form()
    page.name.value = '周五晚课'
    page.goLive()
    await new Promise((r) => setTimeout(r, 0)) // the first page has opened
    page.onRecordChange({ detail: { value: true } })
    page.audioOnly.value = true
    page.goLive()

    const [plain, recorded] = shim.records.navigations
    expect(plain).toMatchObject({ kind: 'redirectTo', path: 'live/room/room', query: { role: 'anchor', name: '周五晚课', audioOnly: '0', record: '0' } })
    expect(recorded).toMatchObject({ kind: 'redirectTo', path: 'live/room/room', query: { role: 'anchor', name: '周五晚课', audioOnly: '1', record: '1' } })
    expect(liveRoomEntry(recorded.query!)).toEqual({ role: 'anchor', roomName: '周五晚课', audioOnly: true, record: true })
    expect(liveRoomEntry(plain.query!)).toEqual({ role: 'anchor', roomName: '周五晚课', audioOnly: false })
  })

  it('goes nowhere while the name has a problem', () => {
    const page = form()
    page.name.value = '周五 晚课'
    page.goLive()
    expect(page.problem.value).toBe('直播间名称不能包含空格')
    expect(shim.records.navigations).toEqual([])
  })

  it('opened back with a name the service refused: the form as it was, the name marked until it is changed', async () => {
    const page = form()
    const url = refusedNameUrl({ roomName: '今晚赌博', audioOnly: true, record: true })
    const query = Object.fromEntries(new URLSearchParams(url.split('?')[1]))
    await firePageHook('onLoad', query)
    expect(page.name.value).toBe('今晚赌博')
    expect(page.audioOnly.value).toBe(true)
    expect(page.record.value).toBe(true)
    expect(page.problem.value).toBe('房间名包含不允许的内容，请修改')
    page.goLive()
    expect(shim.records.navigations).toEqual([])

    page.name.value = '今晚答疑'
    expect(page.problem.value).toBeNull()
  })

  it('opened plainly, starts from the default name with nothing marked', async () => {
    const page = form()
    await firePageHook('onLoad', { name: '赌博', role: 'anchor' })
    expect(page.name.value).not.toBe('赌博')
    expect(page.problem.value).toBeNull()
  })
})
