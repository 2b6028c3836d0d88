// Swaps one source module for another at build time. Tests of the compiled mini-program use it
// to load the IM client from an in-process fake instead of tim-wx-sdk (which would open a socket
// to Tencent); nothing else in the app changes.
import path from 'node:path'
import type { Plugin } from 'vite'

/** `file` matches the absolute path of the module to replace; `replacement` is a path to load instead. */
export function replaceModule(file: RegExp, replacement: string | undefined): Plugin | null {
  if (!replacement) return null
  const target = JSON.stringify(path.resolve(replacement).split(path.sep).join('/'))
  return {
    name: 'live-room:replace-module',
    enforce: 'pre',
    // uni resolves project imports itself, so the swap happens when the module is loaded.
    load(id) {
      return file.test(id.split('?')[0]) ? `export * from ${target}` : null
    },
  }
}
