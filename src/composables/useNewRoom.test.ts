// The new-room form: what going live opens, with the 录制回放 switch on or off.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, type EffectScope } from 'vue'
import { installWeChat } from '../../test/support/unitWeChat'
import { uniLifecycleMock } from '../../test/support/uniLifecycle'
import type { WxShim } from '../../test/support/wxShim'
import { liveRoomEntry } from './useLiveRoom'
import { useNewRoom } from './useNewRoom'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let shim: WxShim
let scope: EffectScope
beforeEach(() => {
  shim = installWeChat()
  scope = effectScope()
})
afterEach(() => {
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
})
