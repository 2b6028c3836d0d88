// The `data` of the live-notice subscription message: which template field shows what, as
// configured (WECHAT_LIVE_TEMPLATE_DATA), e.g. "thing1=roomName,thing2=anchorName,time3=startTime".

export const TEMPLATE_SOURCES = ['roomName', 'anchorName', 'startTime'] as const
export type TemplateSource = (typeof TEMPLATE_SOURCES)[number]

export interface TemplateField {
  /** The template's key, e.g. thing1 (its type, then its number). */
  key: string
  /** What it shows; `text:<words>` shows the words. */
  source: TemplateSource | { text: string }
}

export interface LiveFacts {
  roomName: string
  anchorName: string
  /** Server ms. */
  startTime: number
}

/** The fields, or a problem to report (the configuration is refused). */
export function parseTemplateData(text: string): TemplateField[] | string {
  const fields: TemplateField[] = []
  for (const part of text.split(',')) {
    const m = /^\s*([a-z_]+[0-9]+)\s*=\s*(.+?)\s*$/.exec(part)
    if (!m) return `"${part.trim()}" is not key=source (like thing1=roomName)`
    const [, key, value] = m
    if (value.startsWith('text:')) fields.push({ key, source: { text: value.slice(5) } })
    else if ((TEMPLATE_SOURCES as readonly string[]).includes(value)) fields.push({ key, source: value as TemplateSource })
    else return `${key}: source must be one of ${TEMPLATE_SOURCES.join(', ')} or text:<words> (got "${value}")`
  }
  return fields
}

/** Most characters WeChat takes in a field of each type (thing: 20, name: 10, phrase: 5). */
const MAX_CHARS: Readonly<Record<string, number>> = { thing: 20, name: 10, phrase: 5, character_string: 32, letter: 32 }

/** "2024年5月1日 20:30" in China time, the form WeChat's time fields take. */
function chinaTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000)
  const mm = String(d.getUTCMinutes()).padStart(2, '0')
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${mm}`
}

export function templateData(fields: readonly TemplateField[], facts: LiveFacts): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {}
  for (const f of fields) {
    const value = typeof f.source === 'object' ? f.source.text : f.source === 'startTime' ? chinaTime(facts.startTime) : facts[f.source]
    const max = MAX_CHARS[f.key.replace(/[0-9]+$/, '')]
    data[f.key] = { value: max === undefined ? value : [...value].slice(0, max).join('') }
  }
  return data
}
