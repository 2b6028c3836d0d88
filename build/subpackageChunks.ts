// Moves heavy modules that only a subpackage uses into that subpackage.
//
// uni-app names project chunks after their source path and puts every npm module in the
// main package's common/vendor.js (its own subpackage optimisation only covers npm
// modules installed inside a subpackage folder). The IM SDK alone is hundreds of KB, and
// the main package has a hard size limit, so chosen modules are sent to a subpackage chunk
// instead. Only code of that subpackage may import them: WeChat cannot load a subpackage
// file from the main package.
import type { Plugin } from 'vite'

type ManualChunks = (id: string, meta: { getModuleInfo: (id: string) => unknown }) => string | null | undefined | void

export interface SubpackageChunk {
  /** Matched against the module id (an absolute path). */
  test: RegExp
  /** Chunk name, starting with the subpackage root, e.g. live/common/im-sdk. */
  chunk: string
}

export function subpackageChunks(rules: SubpackageChunk[]): Plugin {
  return {
    name: 'live-room:subpackage-chunks',
    apply: 'build',
    enforce: 'post',
    outputOptions(options) {
      const uniChunks = options.manualChunks
      if (typeof uniChunks !== 'function') return null
      const chunks: ManualChunks = (id, meta) => rules.find((r) => r.test.test(id.split('?')[0]))?.chunk ?? uniChunks(id, meta as never)
      return { ...options, manualChunks: chunks as typeof uniChunks }
    },
  }
}
