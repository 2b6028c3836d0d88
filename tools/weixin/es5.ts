// Every packed .js must parse as ES5: phones whose JS engine predates ES2015 syntax get the code as
// packed, and miniprogram-ci leaves some files untranspiled (over its size threshold, or all of
// them when the project's ES5 setting is off). A module with no statements ships a file and a
// require for nothing.
import { stage, type StageResult } from './stage'
import type { Acorn, AcornSyntaxError } from './wechatTools'

export function checkEs5(files: Map<string, Buffer>, acorn: Acorn): StageResult {
  const problems: string[] = []
  let parsed = 0
  for (const [file, content] of files) {
    if (!file.endsWith('.js')) continue
    parsed++
    let body
    try {
      body = acorn.parse(content.toString('utf8'), { ecmaVersion: 5, sourceType: 'script', locations: true }).body
    } catch (err) {
      const { loc, message } = err as AcornSyntaxError
      problems.push(`${file}${loc ? `:${loc.line}:${loc.column + 1}` : ''}: not ES5 (${message.replace(/\s*\(\d+:\d+\)$/, '')}); check that it is compiled to ES5 (project setting es6) and not excluded`)
      continue
    }
    if (body.every((node) => typeof node.directive === 'string')) problems.push(`${file}: empty module (nothing but "use strict"): leave it out of the build`)
  }
  return stage('ES5', `${parsed} packed .js files parse as ES5`, problems)
}
