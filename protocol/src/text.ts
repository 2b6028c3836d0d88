// Text as people see it: grapheme clusters, so that an emoji (a surrogate pair, a ZWJ family, a flag,
// a skin tone or a keycap) is one character, is counted once and is never cut in half.

/**
 * Where Intl.Segmenter is missing (older mini-program engines): a code point with the marks,
 * skin tones and tag characters that follow it, and whatever a zero-width joiner ties on; a flag
 * is a pair of regional indicators.
 */
const CLUSTER = /\p{Regional_Indicator}{2}|[^](?:[\p{M}\u{1F3FB}-\u{1F3FF}\u{E0020}-\u{E007F}]|\u200D[^])*/gu

/** The grapheme clusters of `text`, in order. */
export function graphemes(text: string): string[] {
  if (typeof Intl === 'object' && typeof Intl.Segmenter === 'function') {
    return Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment)
  }
  return text.match(CLUSTER) ?? []
}

/** Characters as one sees them (grapheme clusters). */
export function visibleLength(text: string): number {
  return graphemes(text).length
}

/** `text` cut to at most `max` visible characters, with … when something was cut. */
export function truncateVisible(text: string, max: number): string {
  const clusters = graphemes(text)
  return clusters.length <= max ? text : `${clusters.slice(0, Math.max(0, max - 1)).join('')}…`
}
