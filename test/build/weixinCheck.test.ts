// `npm run check:weixin` on the real production build, and on scratch copies of it with one defect
// planted each: WeChat's own compilers, schemas and compile must catch what a phone would choke on.
// Everything runs offline (tools/weixin/offlineGuard.cjs): nothing reaches WeChat.
import { execFile } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildMpWeixin, PROJECT_ROOT } from '../support/compiledBuild'

const run = promisify(execFile)
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx')
const work = mkdtempSync(path.join(tmpdir(), 'weixin-check-'))
const build = path.join(work, 'mp-weixin')

interface Outcome {
  code: number
  output: string
}

async function tool(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(TSX, args, { cwd: PROJECT_ROOT, env, maxBuffer: 16 << 20 })
    return { code: 0, output: stdout + stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

const check = (dir: string): Promise<Outcome> => tool(['tools/weixin/check.ts', '--dir', dir])

/** A copy of the build with `plant` applied to it. */
function scratchCopy(name: string, plant: (dir: string) => void): string {
  const dir = path.join(work, name)
  cpSync(build, dir, { recursive: true })
  plant(dir)
  return dir
}

const edit = (file: string, change: (text: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')))

beforeAll(async () => {
  // WeChat's tools (a no-op when tools/weixin is installed for its current lock), then a production build.
  await run('bash', ['scripts/weixin-deps.sh'], { cwd: PROJECT_ROOT })
  await buildMpWeixin({ outDir: build, env: { VITE_SDKAPPID: '1400000000', VITE_ROOM_SERVICE_URL: 'https://live.example.com' } })
}, 600_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('check:weixin on the production build', () => {
  it('passes every stage and reports the packages as packed', async () => {
    const { code, output } = await check(build)
    expect(output).toContain('✓ WXML (wcc)')
    expect(output).toContain('✓ WXSS (wcsc)')
    expect(output).toContain('✓ JSON schemas')
    expect(output).toContain('✓ code quality')
    expect(output).toMatch(/✓ ES5: \d+ packed \.js files parse as ES5/)
    expect(output).toMatch(/main package\s+\d+\.\d KiB/)
    expect(output).toMatch(/subpackage live\/\s+\d+\.\d KiB/)
    expect(output).toContain('WeChat check passed')
    expect(code).toBe(0)
  }, 240_000)
})

describe('the IM SDK in the build', () => {
  it("is tim-wx-sdk's ES module file, not its ES5 bundle (which declares no classes)", () => {
    const sdk = readFileSync(path.join(build, 'live/common/im-sdk.js'), 'utf8')
    expect(sdk).toContain('wss.im.qcloud.com')
    expect(sdk.match(/\bclass [A-Za-z_$]/g)?.length ?? 0).toBeGreaterThan(10)
  })
})

describe('check:weixin on a build with a planted defect', () => {
  it('fails on a broken template, naming the file and line wcc stopped at', async () => {
    const dir = scratchCopy('broken-template', (d) => edit(path.join(d, 'pages/index/index.wxml'), (t) => `${t}<view><text>unclosed</view>`))
    const { code, output } = await check(dir)
    expect(output).toMatch(/✗ WXML \(wcc\)[\s\S]*pages\/index\/index\.wxml:\d+:\d+: expect end-tag `text`/)
    expect(output).toContain('✓ WXSS (wcsc)')
    expect(output).toContain('WeChat check failed')
    expect(code).toBe(1)
  }, 120_000)

  it('fails on a `*` selector, which wcsc rejects', async () => {
    const dir = scratchCopy('star-selector', (d) => edit(path.join(d, 'pages/index/index.wxss'), (t) => `${t}\n* { margin: 0 }`))
    const { code, output } = await check(dir)
    expect(output).toMatch(/✗ WXSS \(wcsc\)[\s\S]*pages\/index\/index\.wxss\(\d+:\d+\): unexpected token `\*`/)
    expect(output).toContain('✓ WXML (wcc)')
    expect(code).toBe(1)
  }, 120_000)

  it('fails on an app.json key WeChat does not know', async () => {
    const dir = scratchCopy('unknown-key', (d) => edit(path.join(d, 'app.json'), (t) => JSON.stringify({ ...JSON.parse(t), subpackage: [] }, null, 2)))
    const { code, output } = await check(dir)
    expect(output).toMatch(/✗ JSON schemas[\s\S]*app\.json: unknown key "subpackage"/)
    expect(code).toBe(1)
  }, 120_000)

  it('fails when the project settings would upload untranspiled, unminified code', async () => {
    const dir = scratchCopy('settings-off', (d) =>
      edit(path.join(d, 'project.config.json'), (t) => {
        const config = JSON.parse(t) as { setting: Record<string, unknown> }
        return JSON.stringify({ ...config, setting: { ...config.setting, es6: false, minifyWXML: false } })
      }),
    )
    const { code, output } = await check(dir)
    expect(output).toContain('setting.es6 is not true')
    expect(output).toContain('setting.minifyWXML is not true')
    expect(output).toContain('WXML_COMPRESS_OPEN')
    expect(code).toBe(1)
  }, 120_000)

  it('fails on a packed file left in ES2015 and on an empty module', async () => {
    const dir = scratchCopy('not-es5', (d) => {
      // Babel is told to leave the home page alone (a real project.config.json option)…
      edit(path.join(d, 'project.config.json'), (t) => {
        const config = JSON.parse(t) as { setting: Record<string, unknown> }
        return JSON.stringify({ ...config, setting: { ...config.setting, enhance: true, babelSetting: { ignore: ['pages/index/index.js'] } } })
      })
      edit(path.join(d, 'pages/index/index.js'), (t) => `${t}\nconst arrow = () => 1;arrow();`)
      // …and the app requires a module with nothing in it.
      mkdirSync(path.join(d, 'utils'), { recursive: true })
      writeFileSync(path.join(d, 'utils/nothing.js'), '"use strict";\n')
      edit(path.join(d, 'app.js'), (t) => `${t}\nrequire("./utils/nothing.js");`)
    })
    const { code, output } = await check(dir)
    expect(output).toMatch(/✗ ES5[\s\S]*pages\/index\/index\.js:\d+:\d+: not ES5/)
    expect(output).toContain('utils/nothing.js: empty module')
    expect(code).toBe(1)
  }, 240_000)

  it('says how to build when the folder is not a build', async () => {
    const { code, output } = await check(path.join(work, 'nothing-here'))
    expect(output).toContain('does not exist: build first (npm run build:mp-weixin)')
    expect(code).toBe(2)
  }, 60_000)
})

describe('npm run preview up to the network boundary', () => {
  it('constructs the project with the key, then says WeChat cannot be reached (network refused by the offline guard)', async () => {
    const key = path.join(work, 'private.wx0123456789abcdef.key')
    writeFileSync(key, generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey)
    const guard = path.join(PROJECT_ROOT, 'tools', 'weixin', 'offlineGuard.cjs')
    const env = { ...process.env, WX_APPID: 'wx0123456789abcdef', WX_UPLOAD_KEY: key, NODE_OPTIONS: `--require ${guard}` }
    const { code, output } = await tool(['tools/weixin/publish.ts', 'preview', '--no-build', '--dir', build], env)
    expect(output).toContain('miniprogram-ci preview of')
    expect(output).toContain('as wx0123456789abcdef (robot 1)')
    expect(output).toContain("Cannot reach WeChat's servers (servicewechat.com, ENETUNREACH)")
    expect(output).toContain('Nothing was uploaded.')
    expect(code).toBe(1)
  }, 120_000)
})
