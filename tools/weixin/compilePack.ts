// miniprogram-ci's own compile, offline: the files exactly as preview and upload pack and send
// them (ES5 transpile, minify, with the project's settings), split into their packages and
// measured the way WeChat's package limits count: the bytes of the files in each package.
import { MAIN_PACKAGE, packageOf } from './buildOutput'
import { quietly } from './quiet'
import type { CompileSetting, MiniprogramCi } from './wechatTools'

export interface CompiledPackage {
  name: string
  /** Bytes of the package's files as packed, source maps excluded. */
  size: number
  files: number
}

export interface CompiledOutput {
  /** Compiled file path → contents, as they would be uploaded. */
  files: Map<string, Buffer>
  packages: CompiledPackage[]
  /** miniprogram-ci's console output during the compile (kept for a failure report). */
  log: string[]
}

// Never used to sign anything: offline, the compile asks nothing of WeChat, and the project
// attributes WeChat would return come from the tool's own defaults (attr below).
const NO_KEY = 'offline compile: this key signs nothing'

export async function compileAndPack(ci: MiniprogramCi, dir: string, appid: string, setting: CompileSetting, roots: string[]): Promise<CompiledOutput> {
  const project = new ci.Project({ appid, type: 'miniProgram', projectPath: dir, privateKey: NO_KEY, attr: async () => ci.DefaultProjectAttr })
  const { value: result, output } = await quietly(() => ci.getCompiledResult({ project, setting }))

  const files = new Map<string, Buffer>()
  for (const [file, content] of Object.entries(result)) {
    if (!file.endsWith('.map')) files.set(file, Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'))
  }
  const packages = [MAIN_PACKAGE, ...roots].map((name) => ({ name, size: 0, files: 0 }))
  for (const [file, content] of files) {
    const pkg = packages.find((p) => p.name === packageOf(file, roots))!
    pkg.size += content.length
    pkg.files++
  }
  return { files, packages, log: output }
}
