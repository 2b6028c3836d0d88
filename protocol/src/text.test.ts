import { afterEach, describe, expect, it, vi } from 'vitest'
import { graphemes, truncateVisible, visibleLength } from './text'

const FAMILY = '👨‍👩‍👧'
const WAVING_WOMAN = '🙋‍♀️'
const THUMBS_UP_LIGHT = '👍🏻'
const FLAG = '🇨🇳'
const KEYCAP = '1️⃣'
const HEART = '❤️'
const SCOTLAND = '🏴󠁧󠁢󠁳󠁣󠁴󠁿'
const E_ACUTE = 'e\u0301'

const cases: Array<[string, string[]]> = [
  ['你好', ['你', '好']],
  [`好${FAMILY}!`, ['好', FAMILY, '!']],
  [`${WAVING_WOMAN}${THUMBS_UP_LIGHT}`, [WAVING_WOMAN, THUMBS_UP_LIGHT]],
  [`${FLAG}${FLAG}`, [FLAG, FLAG]],
  [`${KEYCAP}${HEART}${SCOTLAND}`, [KEYCAP, HEART, SCOTLAND]],
  [`caf${E_ACUTE}😀`, ['c', 'a', 'f', E_ACUTE, '😀']],
  ['', []],
]

describe.each([
  ['with Intl.Segmenter', false],
  ['without Intl.Segmenter (older engines)', true],
])('grapheme clusters %s', (_name, withoutSegmenter) => {
  afterEach(() => vi.unstubAllGlobals())

  it.each(cases)('splits %j into what one sees', (text, expected) => {
    if (withoutSegmenter) vi.stubGlobal('Intl', { ...Intl, Segmenter: undefined })
    expect(graphemes(text)).toEqual(expected)
    expect(visibleLength(text)).toBe(expected.length)
  })
})

describe('truncateVisible', () => {
  it('keeps a text that fits as it is', () => {
    expect(truncateVisible(`好${FAMILY}`, 2)).toBe(`好${FAMILY}`)
  })

  it('cuts between emoji, never inside one, and says so', () => {
    expect(truncateVisible(`${FAMILY}${WAVING_WOMAN}${FLAG}好`, 3)).toBe(`${FAMILY}${WAVING_WOMAN}…`)
  })
})
