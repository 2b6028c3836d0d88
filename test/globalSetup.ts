// Global setup of the `compiled` test project: build mp-weixin once per run, for every test file.
//
// - COMPILED_DIR set (e.g. CI reusing `npm run build:mp-weixin`): that build is used as is.
//   COMPILED_ROOM_SERVICE_URL may tell the tests which room-service URL it was built with.
// - Otherwise a production build goes to dist/test/<pid>/mp-weixin, configured with a placeholder
//   SDKAppID and the room service on 127.0.0.1 (port ROOM_SERVICE_TEST_PORT or 18787), and is removed
//   at teardown (KEEP_COMPILED=1 keeps it for inspection).
import { rmSync } from 'node:fs'
import path from 'node:path'
import type { GlobalSetupContext } from 'vitest/node'
import { buildMpWeixin, markCommonJs, pruneStaleBuilds, TEST_BUILD_ROOT, TEST_IM_MODULE, TEST_LIVE_TEMPLATE_ID, TEST_SDKAPPID, testRoomServiceUrl } from './support/compiledBuild'

export default async function setup({ provide }: GlobalSetupContext): Promise<(() => void) | undefined> {
  const given = process.env.COMPILED_DIR
  if (given) {
    const dir = path.resolve(given)
    markCommonJs(dir)
    provide('compiledDir', dir)
    provide('compiledRoomServiceUrl', process.env.COMPILED_ROOM_SERVICE_URL ?? '')
    return undefined
  }

  pruneStaleBuilds()
  const runDir = path.join(TEST_BUILD_ROOT, String(process.pid))
  const outDir = path.join(runDir, 'mp-weixin')
  rmSync(runDir, { recursive: true, force: true })
  const roomServiceUrl = testRoomServiceUrl()
  // The live pages get their IM client from the in-process fake (globalThis.__liveRoomFakeIm), never tim-wx-sdk.
  await buildMpWeixin({
    outDir,
    env: { VITE_SDKAPPID: TEST_SDKAPPID, VITE_ROOM_SERVICE_URL: roomServiceUrl, VITE_LIVE_TEMPLATE_ID: TEST_LIVE_TEMPLATE_ID, LIVE_ROOM_IM_MODULE: TEST_IM_MODULE },
  })
  markCommonJs(outDir)
  provide('compiledDir', outDir)
  provide('compiledRoomServiceUrl', roomServiceUrl)

  return () => {
    if (process.env.KEEP_COMPILED !== '1') rmSync(runDir, { recursive: true, force: true })
  }
}
