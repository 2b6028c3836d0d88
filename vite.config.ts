import path from 'node:path'
import { defineConfig, loadEnv } from 'vite'
import uniPlugin from '@dcloudio/vite-plugin-uni'
import { secretGuard } from './build/secretGuard'
import { replaceModule } from './build/replaceModule'
import { subpackageChunks, subpackageRoots } from './build/subpackageChunks'

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
    ],
    // Only these two reach import.meta.env; the secret key never does.
    envPrefix: ['VITE_SDKAPPID', 'VITE_ROOM_SERVICE_URL'],
    define: {
      __DEBUG_BUILD__: JSON.stringify(debugBuild),
      __DEBUG_SECRET_KEY__: JSON.stringify(debugBuild ? secretKey : ''),
    },
  }
})
