// The local text check: a text is blocked when its normal form contains a listed word's.
import fs from 'node:fs'
import { DEFAULT_WORDS } from './defaultWords.ts'
import { normalizeText } from './normalize.ts'
import type { TextVerdict } from './types.ts'

export class WordList {
  private readonly words: readonly string[]

  constructor(words: readonly string[]) {
    // Entries that normalise to nothing (punctuation only) would match every text.
    this.words = [...new Set(words.map(normalizeText).filter((w) => w.length > 0))]
  }

  /** One word a line; empty lines and lines starting with `#` are skipped. */
  static parse(text: string): WordList {
    return new WordList(
      text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#')),
    )
  }

  /** The file at `file` (TEXT_CHECK_WORDLIST), else the shipped list. */
  static load(file: string | undefined): WordList {
    return file === undefined ? new WordList(DEFAULT_WORDS) : WordList.parse(fs.readFileSync(file, 'utf8'))
  }

  get size(): number {
    return this.words.length
  }

  check(text: string): TextVerdict {
    const normal = normalizeText(text)
    const hit = this.words.find((w) => normal.includes(w))
    return hit === undefined
      ? { verdict: 'pass', reason: 'ok', source: 'wordlist' }
      : { verdict: 'block', reason: 'listed_word', source: 'wordlist' }
  }
}
