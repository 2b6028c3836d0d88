// The check's verdicts that need no build: package budgets, DevTools' quality scan as it reports
// it, and the offline guard every check and test of WeChat's tools runs under.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { checkBudgets, MAIN_BUDGET, PACKAGE_LIMIT } from '../../tools/weixin/budgets'
import { checkQuality } from '../../tools/weixin/quality'
import { PROJECT_ROOT } from '../support/compiledBuild'

const run = promisify(execFile)

describe('package budgets', () => {
  it('passes a main package at its budget and a subpackage under 2 MB, listing both', () => {
    const result = checkBudgets([
      { name: '__APP__', size: MAIN_BUDGET, files: 100 },
      { name: 'live/', size: PACKAGE_LIMIT - 1, files: 50 },
    ])
    expect(result.problems).toEqual([])
    expect(result.details?.join('\n')).toMatch(/main package\s+160\.0 KiB\s+\(100 files\)/)
  })

  it('fails a main package one byte over its budget, and any package of 2 MB', () => {
    const result = checkBudgets([
      { name: '__APP__', size: MAIN_BUDGET + 1, files: 100 },
      { name: 'live/', size: PACKAGE_LIMIT, files: 50 },
    ])
    expect(result.problems).toEqual([
      expect.stringContaining('main package is 160.0 KiB, over its 160.0 KiB budget'),
      expect.stringContaining('subpackage live/ is 2048.0 KiB: WeChat refuses packages of 2 MB or more'),
    ])
  })
})

describe('the code-quality scan', () => {
  it('fails on components only a subpackage uses, even though the scan calls that a success', () => {
    const result = checkQuality([
      { name: 'PACKAGE_SIZE_LIMIT', success: true, text: 'Main package size should be less than 1.5 M' },
      { name: 'CONTAINS_OTHER_PKG_COMPONENTS', success: true, text: 'The main package has components only dependent on other sub-packages: :', detail: { size: 3027, files: ['components/ChatList.js'], comps: ['components/ChatList'] } },
      { name: 'CONTAINS_UNUSED_CODES', success: true, text: 'No dependency files should exist', detail: ['utils/usersig.js'] },
      { name: 'WXML_COMPRESS_OPEN', success: false, text: 'WXML compression is not turned on' },
      { name: 'LAZYCODE_LOADING_OPEN', success: true, text: 'LazyCodeLoading is not turned on' },
    ])
    expect(result.problems).toEqual([
      expect.stringMatching(/^CONTAINS_OTHER_PKG_COMPONENTS: .*: components\/ChatList → move them into that subpackage/),
      expect.stringMatching(/^CONTAINS_UNUSED_CODES: .*: utils\/usersig\.js → leave them out of the build/),
      expect.stringMatching(/^WXML_COMPRESS_OPEN: .* → set "minifyWXML": true/),
    ])
  })
})

describe('the offline guard', () => {
  it('refuses connections off this machine, over https too, and lets loopback through', async () => {
    // wechat.invalid never resolves: were the guard to let it through, DNS would fail instead (ENOTFOUND).
    const script = `
      const net = require('node:net'), https = require('node:https')
      const results = {}
      const server = net.createServer((s) => s.end()).listen(0, '127.0.0.1', () => {
        net.connect(server.address().port, '127.0.0.1').on('connect', () => { results.loopback = 'connected' }).on('close', finish)
      })
      https.get('https://wechat.invalid/x').on('error', (e) => { results.https = e.code; finish() })
      net.connect({ host: 'wechat.invalid', port: 80 }).on('error', (e) => { results.tcp = e.code; finish() })
      function finish() { if (Object.keys(results).length === 3) { console.log(JSON.stringify(results)); server.close() } }`
    const guard = path.join(PROJECT_ROOT, 'tools', 'weixin', 'offlineGuard.cjs')
    const { stdout } = await run(process.execPath, ['--require', guard, '-e', script])
    expect(JSON.parse(stdout)).toEqual({ loopback: 'connected', https: 'ENETUNREACH', tcp: 'ENETUNREACH' })
  }, 30_000)
})
