// The build loads tim-wx-sdk's ES module file (vite.config.ts) instead of the ES5 bundle its
// package.json points at: it must be the same SDK. Both files are loaded in a child Node process
// under the offline guard, with a stand-in `wx`; no instance is created, so no socket is opened.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { TIM_EVENT, TIM_TYPES } from '../../src/adapters/im/sdkTypes'
import { PROJECT_ROOT } from '../support/compiledBuild'

const run = promisify(execFile)
const SDK = path.join(PROJECT_ROOT, 'node_modules', 'tim-wx-sdk')

interface SdkSurface {
  TYPES: Record<string, unknown>
  EVENT: Record<string, unknown>
  VERSION: string
  create: string
}

let loaded: { es: SdkSurface; bundle: SdkSurface }

beforeAll(async () => {
  const script = `
    globalThis.wx = new Proxy({}, { get: () => () => ({}) })
    const surface = (tim) => ({ TYPES: tim.TYPES, EVENT: tim.EVENT, VERSION: tim.VERSION, create: typeof tim.create })
    const es = (await import(${JSON.stringify(path.join(SDK, 'tim-wx.es.js'))})).default
    const { createRequire } = await import('node:module')
    const bundle = createRequire(import.meta.url)(${JSON.stringify(path.join(SDK, 'tim-wx.js'))})
    console.log('RESULT ' + JSON.stringify({ es: surface(es), bundle: surface(bundle) }))`
  const guard = path.join(PROJECT_ROOT, 'tools', 'weixin', 'offlineGuard.cjs')
  const { stdout } = await run(process.execPath, ['--require', guard, '--input-type=module', '-e', script], { maxBuffer: 4 << 20 })
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '))
  loaded = JSON.parse(line!.slice('RESULT '.length)) as typeof loaded
}, 60_000)

describe("tim-wx-sdk's ES module build", () => {
  it('is the same SDK as the ES5 bundle: version, factory and every constant', () => {
    expect(loaded.es.VERSION).toBe(loaded.bundle.VERSION)
    expect(loaded.es.create).toBe('function')
    expect(loaded.es.TYPES).toEqual(loaded.bundle.TYPES)
    expect(loaded.es.EVENT).toEqual(loaded.bundle.EVENT)
  })

  it("agrees with the constants the IM adapter expects (timClient.ts's startup check)", () => {
    const mismatches = [
      ...Object.entries(TIM_TYPES).filter(([k, v]) => loaded.es.TYPES[k] !== v).map(([k]) => `TYPES.${k}`),
      ...Object.entries(TIM_EVENT).filter(([k, v]) => loaded.es.EVENT[k] !== v).map(([k]) => `EVENT.${k}`),
    ]
    expect(mismatches).toEqual([])
  })
})
