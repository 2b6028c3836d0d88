// miniprogram-ci's code-quality scan, the same as DevTools' 代码质量 panel: minification on, lazy
// code loading on, nothing in the main package that only a subpackage uses, no file nothing uses.
// Some of its items report success while listing offenders, so the lists are read too.
import { stage, type StageResult } from './stage'
import type { QualityItem } from './wechatTools'

/** Items whose meaning the check covers itself (sizes have their own budgets). */
const COVERED_ELSEWHERE = new Set(['PACKAGE_SIZE_LIMIT'])

const ADVICE: Record<string, string> = {
  JS_COMPRESS_OPEN: 'set "minified": true under mp-weixin.setting in src/manifest.json',
  WXML_COMPRESS_OPEN: 'set "minifyWXML": true under mp-weixin.setting in src/manifest.json',
  WXSS_COMPRESS_OPEN: 'set "minifyWXSS": true under mp-weixin.setting in src/manifest.json',
  LAZYCODE_LOADING_OPEN: 'set "lazyCodeLoading": "requiredComponents" under mp-weixin in src/manifest.json',
  CONTAINS_OTHER_PKG_JS: 'move them into that subpackage (src/live/…)',
  CONTAINS_OTHER_PKG_COMPONENTS: 'move them into that subpackage (src/live/components/)',
  CONTAINS_UNUSED_CODES: 'leave them out of the build',
  CONTAINS_UNUSED_COMPONENTS: 'remove them from usingComponents or use them',
  CONTAINS_UNUSED_PLUGINS: 'remove them from app.json plugins',
}

/** The offenders an item lists: component paths, or file paths. */
function offenders(detail: unknown): string[] {
  if (Array.isArray(detail)) return detail.filter((d): d is string => typeof d === 'string')
  if (detail && typeof detail === 'object') {
    const { comps, files } = detail as { comps?: unknown; files?: unknown }
    return offenders(Array.isArray(comps) && comps.length ? comps : files)
  }
  return []
}

export function checkQuality(items: QualityItem[]): StageResult {
  const problems: string[] = []
  for (const item of items) {
    if (COVERED_ELSEWHERE.has(item.name)) continue
    const listed = offenders(item.detail)
    if (item.success && listed.length === 0) continue
    const text = item.text.replace(/[:：\s]+$/, '')
    problems.push(`${item.name}: ${text}${listed.length ? `: ${listed.join(', ')}` : ''}${ADVICE[item.name] ? ` → ${ADVICE[item.name]}` : ''}`)
  }
  return stage('code quality (DevTools scan)', `${items.length - COVERED_ELSEWHERE.size} items pass`, problems)
}
