// The chat draft: emoji picked whole, erased whole, the prompt opening with the draft, and a draft
// that could not be sent kept.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { WxShim } from '../../test/support/wxShim'
import { installWeChat } from '../../test/support/unitWeChat'
import { COMMON_EMOJI, useChatComposer } from './useChatComposer'
import type { ChatResult } from './useChatSender'

let shim: WxShim
beforeEach(() => {
  shim = installWeChat()
})
afterEach(() => vi.unstubAllGlobals())

const FAMILY = '👨‍👩‍👧'
const WAVING = '🙋‍♀️'

/** A composer over a chat that records what it was asked to send and answers `result`. */
function composer(maxLength = 200, result: ChatResult = { ok: true }) {
  const sent: string[] = []
  const chat = {
    maxLength,
    send: async (text: string) => {
      sent.push(text)
      return result
    },
  }
  return { sent, ...useChatComposer({ chat }) }
}

describe('useChatComposer', () => {
  it('offers only emoji it counts as one character', () => {
    const { pick, draft } = composer(COMMON_EMOJI.length)
    COMMON_EMOJI.forEach(pick)
    expect(draft.value).toBe(COMMON_EMOJI.join(''))
    expect(shim.records.toasts).toEqual([])
  })

  it('builds a draft of picked emoji and erases a whole emoji at a time', () => {
    const { pick, erase, draft } = composer()
    pick('好')
    pick(FAMILY)
    pick(WAVING)
    erase()
    expect(draft.value).toBe(`好${FAMILY}`)
    erase()
    erase()
    erase()
    expect(draft.value).toBe('')
  })

  it('refuses an emoji past the length limit, counting each emoji once', () => {
    const { pick, draft } = composer(2)
    pick(FAMILY)
    pick(WAVING)
    pick('😀')
    expect(draft.value).toBe(`${FAMILY}${WAVING}`)
    expect(shim.records.toast?.title).toBe('最多 2 字')
  })

  it('sends the draft and empties it; a refused draft stays, with why', async () => {
    const ok = composer()
    ok.pick(WAVING)
    expect(await ok.send()).toBe(true)
    expect(ok.sent).toEqual([WAVING])
    expect(ok.draft.value).toBe('')

    const refused = composer(200, { ok: false, error: { code: 'RATE_LIMITED', message: '发言太频繁，请 1 秒后再发送' } })
    refused.pick(FAMILY)
    expect(await refused.send()).toBe(false)
    expect(refused.draft.value).toBe(FAMILY)
    expect(shim.records.toast?.title).toBe('发言太频繁，请 1 秒后再发送')
  })

  it('opens the prompt with the draft in it and sends what is confirmed; cancelled, the draft stays', async () => {
    const c = composer()
    c.pick(FAMILY)
    shim.configure({ modalAnswer: 'cancel' })
    expect(await c.write()).toBe(false)
    expect(shim.records.modals.at(-1)).toMatchObject({ editable: true, content: FAMILY, placeholderText: '最多 200 字' })
    expect(c.draft.value).toBe(FAMILY)
    expect(c.sent).toEqual([])

    shim.configure({ modalAnswer: (modal) => ({ confirm: true, content: `${modal.content}晚上好` }) })
    expect(await c.write()).toBe(true)
    expect(c.sent).toEqual([`${FAMILY}晚上好`])
    expect(c.draft.value).toBe('')
  })
})
