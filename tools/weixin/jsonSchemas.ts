// app.json, and every page's and component's JSON, against the schemas miniprogram-ci ships (the
// ones DevTools and the upload validate with). An unknown key is an error there: WeChat ignores
// it at best, and a misspelt one (subpackages, usingComponent…) silently does nothing.
import { readJson } from './buildOutput'
import { stage, type StageResult } from './stage'
import type { CiSchemas, JsonSchemaModule, SchemaError } from './wechatTools'

function describe(file: string, error: SchemaError): string {
  const where = error.property.replace(/^instance\.?/, '')
  if (error.name === 'additionalProperties') return `${file}: unknown key "${String(error.argument)}"${where ? ` in ${where}` : ''} (not in WeChat's ${file === 'app.json' ? 'app.json' : 'page/component JSON'} schema)`
  return `${file}: ${where || '(top level)'} ${error.message}`
}

export function validateJson(dir: string, files: string[], schemas: CiSchemas, jsonschema: JsonSchemaModule): StageResult {
  const validator = new jsonschema.Validator()
  // Pages and components are the .json files beside a .wxml.
  const pageJson = files.filter((f) => f.endsWith('.json') && files.includes(f.replace(/\.json$/, '.wxml')))
  const problems: string[] = []
  for (const [file, schema] of [['app.json', schemas.config.app] as const, ...pageJson.map((f) => [f, schemas.config.page] as const)]) {
    let json: unknown
    try {
      json = readJson(dir, file)
    } catch (err) {
      problems.push((err as Error).message)
      continue
    }
    for (const error of validator.validate(json, schema).errors) problems.push(describe(file, error))
  }
  return stage('JSON schemas', `app.json and ${pageJson.length} page/component JSON files valid`, problems)
}
