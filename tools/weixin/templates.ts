// Templates and styles through WeChat's own compilers: wcc for WXML, wcsc for WXSS, as DevTools
// and the WeChat client build them. What they reject fails to load on a phone, however it
// looked in the source.
import { spawnSync } from 'node:child_process'
import { readJson } from './buildOutput'
import { stage, type StageResult } from './stage'
import type { Compilers } from './wechatTools'

const MAX_OUTPUT = 64 << 20

function usingComponents(dir: string, wxml: string): string[] {
  try {
    const json = readJson(dir, wxml.replace(/\.wxml$/, '.json')) as { usingComponents?: Record<string, string> }
    return Object.keys(json.usingComponents ?? {})
  } catch {
    return []
  }
}

/** wcc compiles every template at once, told which tags are custom components (as DevTools does). */
export function compileTemplates(dir: string, files: string[], bins: Compilers): StageResult {
  const wxml = files.filter((f) => f.endsWith('.wxml'))
  const wxs = files.filter((f) => f.endsWith('.wxs'))
  const components: string[] = []
  let withComponents = 0
  for (const file of wxml) {
    const names = usingComponents(dir, file)
    if (names.length === 0) continue
    withComponents++
    components.push(file, String(names.length), ...names)
  }
  const args = ['-d', '-cc', [withComponents, ...components].join(' '), ...wxml, ...wxs, '-gn', '$gwx']
  const run = spawnSync(bins.wcc, args, { cwd: dir, maxBuffer: MAX_OUTPUT })
  if (run.error) throw run.error
  const problems = run.status === 0 ? [] : [`wcc: ${run.stderr.toString().trim() || `exit ${run.status}`}`]
  return stage('WXML (wcc)', `${wxml.length} .wxml compiled`, problems)
}

/** What to do about the wcsc errors people meet most. */
function hint(line: string): string {
  if (line.includes('unexpected token `*`')) return ' (WXSS has no universal selector: select page, view or a class instead)'
  return ''
}

/** wcsc compiles each stylesheet; a component's or page's (it has a .json) is compiled as one. */
export function compileStyles(dir: string, files: string[], bins: Compilers): StageResult {
  const wxss = files.filter((f) => f.endsWith('.wxss'))
  const problems: string[] = []
  for (const file of wxss) {
    const isComponent = files.includes(file.replace(/\.wxss$/, '.json'))
    const run = spawnSync(bins.wcsc, ['-db', '-pc', isComponent ? '1' : '0', file], { cwd: dir, maxBuffer: MAX_OUTPUT })
    if (run.error) throw run.error
    if (run.status === 0) continue
    // wcsc reports "ERR: file(line:col): reason" lines, then a count.
    const lines = run.stderr.toString().split('\n').map((l) => l.trim()).filter((l) => l.startsWith('ERR:'))
    problems.push(...(lines.length ? lines.map((l) => `wcsc: ${l.replace(/^ERR:\s*/, '')}${hint(l)}`) : [`wcsc: ${file}: exit ${run.status}`]))
  }
  return stage('WXSS (wcsc)', `${wxss.length} .wxss compiled`, problems)
}
