// Moves code that only a subpackage uses into that subpackage.
//
// uni-app names project chunks after their source path and puts every npm module in the
// main package's common/vendor.js (its own subpackage optimisation only covers npm
// modules installed inside a subpackage folder). The main package has a hard size limit
// and is downloaded before the first screen, so:
// - chosen modules (the IM SDK, hundreds of KB) go to a named subpackage chunk;
// - project modules that only pages of one subpackage reach go to `<root>/common/`.
// WeChat cannot load a subpackage file from the main package, so a module reached from
// anywhere else (the app, a main-package page or a component) stays where it is.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Plugin } from 'vite'

interface ModuleInfo {
  importers: readonly string[]
  dynamicImporters: readonly string[]
}
type GetModuleInfo = (id: string) => ModuleInfo | null
type ManualChunks = (id: string, meta: { getModuleInfo: GetModuleInfo }) => string | null | undefined | void

export interface SubpackageChunk {
  /** Matched against the module id (an absolute path). */
  test: RegExp
  /** Chunk name, starting with the subpackage root, e.g. live/common/im-sdk. */
  chunk: string
}

export interface SubpackageChunksOptions {
  rules: SubpackageChunk[]
  /** Subpackage roots (as in pages.json) whose own modules move into `<root>/common/`. */
  roots: string[]
  /** The source folder pages are resolved against (UNI_INPUT_DIR). */
  inputDir: string
}

const VIRTUAL_ENTRY = /^uni(Page|Component):\/\/([A-Za-z0-9+/=]+)/
const MAIN = ''

/** The package a page or component entry belongs to: a root, or MAIN. */
function packageOfEntry(id: string, options: SubpackageChunksOptions): string | null {
  const match = VIRTUAL_ENTRY.exec(id)
  if (!match) return null
  const decoded = Buffer.from(match[2], 'base64').toString('utf8')
  const relative = path.posix.isAbsolute(decoded) || path.win32.isAbsolute(decoded) ? path.relative(options.inputDir, decoded) : decoded
  const top = relative.split(/[\\/]/)[0]
  return options.roots.includes(top) ? top : MAIN
}

/** The one subpackage whose pages alone reach `id`, or null when the main package needs it. */
function ownerOf(id: string, getModuleInfo: GetModuleInfo, options: SubpackageChunksOptions): string | null {
  const owners = new Set<string>()
  const seen = new Set<string>()
  const walk = (current: string): void => {
    if (seen.has(current) || owners.has(MAIN)) return
    seen.add(current)
    const entryPackage = packageOfEntry(current, options)
    if (entryPackage !== null) {
      owners.add(entryPackage)
      return
    }
    const info = getModuleInfo(current)
    const importers = info ? [...info.importers, ...info.dynamicImporters] : []
    if (importers.length === 0) owners.add(MAIN) // the app entry, or something unknown: keep it safe
    for (const importer of importers) walk(importer)
  }
  walk(id)
  return owners.size === 1 && !owners.has(MAIN) ? [...owners][0] : null
}

/** The subpackage roots declared in `<inputDir>/pages.json`. */
export function subpackageRoots(inputDir: string): string[] {
  const pages = JSON.parse(readFileSync(path.join(inputDir, 'pages.json'), 'utf8')) as { subPackages?: { root: string }[] }
  return (pages.subPackages ?? []).map((p) => p.root.replace(/\/+$/, ''))
}

export function subpackageChunks(options: SubpackageChunksOptions): Plugin {
  return {
    name: 'live-room:subpackage-chunks',
    apply: 'build',
    enforce: 'post',
    outputOptions(output) {
      const uniChunks = output.manualChunks
      if (typeof uniChunks !== 'function') return null
      // Module ids use forward slashes on every platform.
      const inputDir = options.inputDir.split(path.sep).join('/')
      const chunks: ManualChunks = (id, meta) => {
        const file = id.split('?')[0]
        const rule = options.rules.find((r) => r.test.test(file))
        if (rule) return rule.chunk
        const name = uniChunks(id, meta as never)
        // uni gives each project module a chunk named after its path; only those can move.
        if (typeof name !== 'string' || file.includes('node_modules') || !file.startsWith(inputDir)) return name
        if (options.roots.some((root) => name.startsWith(`${root}/`))) return name
        const owner = ownerOf(id, meta.getModuleInfo, options)
        return owner ? `${owner}/common/${name}` : name
      }
      return { ...output, manualChunks: chunks as typeof uniChunks }
    },
  }
}
