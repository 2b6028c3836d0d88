// One form for texts and listed words, so that "Ｂ ａ-ｄ", "B.A.D" and "bad" compare equal:
// compatibility forms folded (full-width to half-width), lower case, and whitespace,
// punctuation, symbols and invisible characters dropped (what people insert between the
// characters of a word to slip it past a list). An emoji goes whole: its symbols, joiners and tags
// are in those classes, its variation selectors and keycap mark are listed (marks otherwise stay).
const NOISE = /[\p{White_Space}\p{P}\p{S}\p{C}\u200b-\u200f\u2060\ufeff\ufe00-\ufe0f\u20e3\u{e0100}-\u{e01ef}]/gu

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOISE, '')
}
