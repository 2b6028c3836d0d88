// A mini-program build directory (dist/build/mp-weixin): its files and its packages.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** The main package's name, as miniprogram-ci's size report calls it. */
export const MAIN_PACKAGE = '__APP__'

/** Every file under `dir`, relative to it with forward slashes, sorted. */
export function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort()
}

/** Parsed JSON, or an Error that names the file and what is wrong with it. */
export function readJson(dir: string, file: string): unknown {
  const text = readFileSync(path.join(dir, file), 'utf8')
  try {
    return JSON.parse(text) as unknown
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`)
  }
}

/** Subpackage roots from app.json, each ending in '/'. */
export function subpackageRoots(dir: string): string[] {
  const app = readJson(dir, 'app.json') as { subPackages?: { root?: unknown }[]; subpackages?: { root?: unknown }[] }
  const list = app.subPackages ?? app.subpackages ?? []
  return list.filter((p) => typeof p.root === 'string').map((p) => `${String(p.root).replace(/^\/+|\/+$/g, '')}/`)
}

/** The package a file belongs to: a subpackage root, or MAIN_PACKAGE. */
export function packageOf(file: string, roots: string[]): string {
  return roots.find((root) => file.startsWith(root)) ?? MAIN_PACKAGE
}

/** Why `dir` is not a mini-program build, or null when it is one. */
export function notABuild(dir: string): string | null {
  if (!existsSync(dir)) return `${dir} does not exist: build first (npm run build:mp-weixin).`
  for (const file of ['app.json', 'project.config.json']) {
    if (!existsSync(path.join(dir, file))) return `${dir} has no ${file}: it is not an mp-weixin build (npm run build:mp-weixin writes dist/build/mp-weixin).`
  }
  return null
}
