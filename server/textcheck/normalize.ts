// One form for texts and listed words, so that "Ｂ ａ-ｄ", "B.A.D" and "bad" compare equal:
// compatibility forms folded (full-width to half-width), lower case, and whitespace,
// punctuation, symbols and invisible characters dropped (what people insert between the
// characters of a word to slip it past a list).
const NOISE = /[\p{White_Space}\p{P}\p{S}\p{C}\u200b-\u200f\u2060\ufeff]/gu

export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOISE, '')
}
