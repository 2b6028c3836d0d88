// The compile settings preview, upload and the check use: the project's own, from the
// project.config.json uni writes out of src/manifest.json (mp-weixin.setting). Without
// `useProjectConfig`, miniprogram-ci ignores that file and packs the code untranspiled and
// unminified, so every caller goes through here.
import { readJson } from './buildOutput'
import type { CompileSetting } from './wechatTools'

/** Settings the project must keep on, and what each does on upload. */
export const REQUIRED_SETTINGS = {
  es6: 'compile JS to ES5 (将 JS 编译成 ES5)',
  minified: 'minify JS',
  minifyWXML: 'minify WXML',
  minifyWXSS: 'minify WXSS',
} as const

export interface ProjectSettings {
  setting: CompileSetting
  /** One line per required setting that is off, saying where to turn it on. */
  problems: string[]
}

export function projectSettings(dir: string): ProjectSettings {
  const config = readJson(dir, 'project.config.json') as { setting?: Record<string, unknown> }
  const problems = Object.entries(REQUIRED_SETTINGS)
    .filter(([key]) => config.setting?.[key] !== true)
    .map(([key, what]) => `project.config.json: setting.${key} is not true (${what}): set "${key}": true under "mp-weixin" → "setting" in src/manifest.json and rebuild`)
  return { setting: { useProjectConfig: true }, problems }
}
