// WeChat's own tools, installed in tools/weixin/node_modules by scripts/weixin-deps.sh, with the
// narrow types this project relies on. They are not dependencies of the mini-program (about
// 280 MB, none of it shipped), so they are required from this folder instead of imported, and
// their surface is declared here rather than taken from their own typings, which are `any`-heavy
// and absent until the install has run.
import { chmodSync, existsSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const TOOLS_DIR = path.dirname(fileURLToPath(import.meta.url))
const requireTool = createRequire(path.join(TOOLS_DIR, 'package.json'))

/** Thrown when tools/weixin has not been installed: the message says how to install it. */
export class ToolsMissingError extends Error {}

function missing(name: string): ToolsMissingError {
  return new ToolsMissingError(`${name} is not installed in tools/weixin: run \`bash scripts/weixin-deps.sh\` (it needs the npm registry once).`)
}

function load<T>(name: string): T {
  try {
    return requireTool(name) as T
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err
    throw missing(name)
  }
}

// ---- miniprogram-ci ----

/** miniprogram-ci's compile settings (its README's 编译设置); `useProjectConfig` reads project.config.json. */
export interface CompileSetting {
  useProjectConfig?: boolean
  es6?: boolean
  es7?: boolean
  minify?: boolean
  minifyJS?: boolean
  minifyWXML?: boolean
  minifyWXSS?: boolean
  autoPrefixWXSS?: boolean
  codeProtect?: boolean
}

/** What WeChat says about an AppID (package size limits among others); fetched with the upload key. */
export type ProjectAttr = Record<string, unknown>

export interface CiProjectOptions {
  appid: string
  type: 'miniProgram'
  projectPath: string
  privateKey?: string
  privateKeyPath?: string
  ignores?: string[]
  /** When given, used instead of asking WeChat (the offline compile). */
  attr?: () => Promise<ProjectAttr>
}

export interface CiProject {
  readonly appid: string
  readonly projectPath: string
}

/** `name` is `__FULL__` (everything), `__APP__` (the main package) or a subpackage root. */
export interface PackageInfo {
  name: string
  size: number
}

export type ProgressListener = (task: unknown) => void

export interface PreviewOptions {
  project: CiProject
  desc?: string
  setting: CompileSetting
  robot?: number
  qrcodeFormat: 'terminal' | 'image' | 'base64'
  qrcodeOutputDest?: string
  pagePath?: string
  searchQuery?: string
  onProgressUpdate?: ProgressListener
}

export interface UploadOptions {
  project: CiProject
  version: string
  desc?: string
  setting: CompileSetting
  robot?: number
  onProgressUpdate?: ProgressListener
}

export interface PublishResult {
  subPackageInfo?: PackageInfo[]
}

export interface QualityItem {
  name: string
  success: boolean
  text: string
  detail?: unknown
}

export interface MiniprogramCi {
  Project: new (options: CiProjectOptions) => CiProject
  /** The attributes miniprogram-ci falls back to when WeChat does not answer (2 MB packages…). */
  DefaultProjectAttr: ProjectAttr
  preview(options: PreviewOptions): Promise<PublishResult>
  upload(options: UploadOptions): Promise<PublishResult>
  getCompiledResult(options: { project: CiProject; setting: CompileSetting; onProgressUpdate?: ProgressListener }): Promise<Record<string, string | Buffer>>
  checkCodeQuality(project: CiProject): Promise<QualityItem[]>
}

let ci: MiniprogramCi | undefined
/** miniprogram-ci, loaded once; it announces itself on the console at load, which is dropped. */
export function loadMiniprogramCi(): MiniprogramCi {
  if (ci) return ci
  const log = console.log
  console.log = () => {}
  try {
    ci = load<MiniprogramCi>('miniprogram-ci')
  } finally {
    console.log = log
  }
  return ci
}

/** miniprogram-ci's own terminal rendering of the QR code image WeChat sends back. */
export interface TerminalQrcode {
  generateTerminalQrcode(jpegBase64: string): Promise<string>
}
export const loadTerminalQrcode = (): TerminalQrcode => load<TerminalQrcode>('miniprogram-ci/dist/ci/utils/terminalQrcode.js')

/** The JSON schemas miniprogram-ci validates app.json and page/component JSON with. */
export interface CiSchemas {
  config: { app: object; page: object }
}
export const loadCiSchemas = (): CiSchemas => load<CiSchemas>('miniprogram-ci/dist/schema/dist/index.js')

// ---- miniprogram-compiler: the real wcc (WXML) and wcsc (WXSS) ----

export interface Compilers {
  wcc: string
  wcsc: string
}

/** Paths of wcc and wcsc for this platform, made executable (the package ships them without the bit). */
export function compilerBinaries(): Compilers {
  let root: string
  try {
    root = path.dirname(requireTool.resolve('miniprogram-compiler/package.json'))
  } catch {
    throw missing('miniprogram-compiler')
  }
  const platform = process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'windows' : 'linux'
  const exe = process.platform === 'win32' ? '.exe' : ''
  const bins = { wcc: path.join(root, 'bin', platform, `wcc${exe}`), wcsc: path.join(root, 'bin', platform, `wcsc${exe}`) }
  for (const bin of Object.values(bins)) {
    if (!existsSync(bin)) throw new ToolsMissingError(`miniprogram-compiler has no ${path.basename(bin)} for ${process.platform} (${bin})`)
    if (process.platform !== 'win32' && (statSync(bin).mode & 0o111) === 0) chmodSync(bin, 0o755)
  }
  return bins
}

// ---- acorn (ES5 parse) and jsonschema, pinned in tools/weixin/package.json ----

export interface AcornNode {
  type: string
  /** Set on the expression statements of a directive prologue ("use strict"). */
  directive?: string
}
export interface AcornSyntaxError extends SyntaxError {
  loc?: { line: number; column: number }
}
export interface Acorn {
  parse(code: string, options: { ecmaVersion: 5; sourceType: 'script'; locations: boolean }): { body: AcornNode[] }
}
export const loadAcorn = (): Acorn => load<Acorn>('acorn')

export interface SchemaError {
  property: string
  message: string
  name: string
  argument: unknown
}
export interface JsonSchemaModule {
  Validator: new () => { validate(instance: unknown, schema: object): { errors: SchemaError[] } }
}
export const loadJsonSchema = (): JsonSchemaModule => load<JsonSchemaModule>('jsonschema')
