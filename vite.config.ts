import path from 'node:path'
import { defineConfig, loadEnv, type Plugin } from 'vite'
import uniPlugin from '@dcloudio/vite-plugin-uni'
import { secretGuard } from './build/secretGuard'
import { replaceModule } from './build/replaceModule'
import { subpackageChunks, subpackageRoots } from './build/subpackageChunks'

const UTILS_DIR = /[\\/]src[\\/]utils[\\/][^\\/]+\.ts$/

/**
 * Leaves out chunks with no code: uni gives every project module its own chunk, and Rollup still
 * writes a chunk whose modules were all tree-shaken away, as a file holding only "use strict".
 * Only chunks nothing imports and WeChat does not load by name (not entries) are dropped.
 */
function dropEmptyChunks(): Plugin {
  return {
    name: 'live-room:drop-empty-chunks',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o) => o.type === 'chunk')
      const imported = new Set(chunks.flatMap((c) => [...c.imports, ...c.dynamicImports]))
      for (const chunk of chunks) {
        const empty = Object.values(chunk.modules).every((m) => m.renderedLength === 0)
        if (empty && !chunk.isEntry && !chunk.isDynamicEntry && !imported.has(chunk.fileName)) delete bundle[chunk.fileName]
      }
    },
  }
}

// The plugin ships as CommonJS; under "type": "module" its function sits on `.default`.
const uni = (uniPlugin as unknown as { default?: typeof uniPlugin }).default ?? uniPlugin

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), '')
  // A debug build is asked for explicitly (dev:mp-weixin, build:mp-weixin:debug); anything else is production.
  const debugBuild = process.env.UNI_DEBUG_BUILD === '1'
  const secretKey = env.VITE_SECRET_KEY ?? ''
  const inputDir = process.env.UNI_INPUT_DIR ?? path.resolve('src')

  return {
    plugins: [
      // Set by the compiled-app tests only: an IM client bound to the in-process fake.
      replaceModule(/[\\/]src[\\/]adapters[\\/]im[\\/]timClient\.ts$/, process.env.LIVE_ROOM_IM_MODULE),
      uni(),
      secretGuard({ debugBuild, secretKey }),
      subpackageChunks({
        // The IM SDK and the one file that loads it belong to the live subpackage.
        rules: [
          { test: /[\\/]node_modules[\\/]tim-wx-sdk[\\/]/, chunk: 'live/common/im-sdk' },
          { test: /[\\/]src[\\/]adapters[\\/]im[\\/]timClient\.ts$/, chunk: 'live/common/timClient' },
        ],
        roots: subpackageRoots(inputDir),
        inputDir,
      }),
      dropEmptyChunks(),
    ],
    resolve: {
      alias: [
        // tim-wx-sdk's ES module build: the same SDK (version, constants: test/build/imSdkModule.test.ts)
        // as the ES5 bundle its package.json names, 75 KB smaller. miniprogram-ci compiles every file
        // to ES5 on upload anyway; after that the live subpackage is still 12 KiB smaller.
        { find: /^tim-wx-sdk$/, replacement: 'tim-wx-sdk/tim-wx.es.js' },
      ],
    },
    build: {
      rollupOptions: {
        // src/utils holds pure helpers (tables, formatting). Saying so lets Rollup drop one nobody
        // uses instead of shipping an empty module that only keeps its imports alive (production has
        // no use for usersig.ts: its only caller is debug-only). The protocol package says the same
        // of itself with `sideEffects: false`.
        treeshake: { moduleSideEffects: (id: string) => !UTILS_DIR.test(id) },
      },
    },
    // Only these reach import.meta.env; the secret key never does.
    envPrefix: ['VITE_SDKAPPID', 'VITE_ROOM_SERVICE_URL', 'VITE_LIVE_TEMPLATE_ID'],
    define: {
      __DEBUG_BUILD__: JSON.stringify(debugBuild),
      __DEBUG_SECRET_KEY__: JSON.stringify(debugBuild ? secretKey : ''),
    },
  }
})
