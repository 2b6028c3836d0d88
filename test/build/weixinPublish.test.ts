// `npm run preview` / `npm run upload`: what they refuse to start with and why, and what they say
// when WeChat refuses. The real CLI runs up to the network boundary in weixinCheck.test.ts; here
// the inputs are checked as the CLI checks them, with keys made for the test.
import { execFile } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { explainCiError } from '../../tools/weixin/ciErrors'
import { publishConfig, type PublishConfig } from '../../tools/weixin/publishConfig'
import { PROJECT_ROOT } from '../support/compiledBuild'

const run = promisify(execFile)
const work = mkdtempSync(path.join(tmpdir(), 'weixin-publish-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const APPID = 'wx0123456789abcdef'
function keyFile(name: string, contents: string): string {
  const file = path.join(work, name)
  writeFileSync(file, contents)
  return file
}
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs1', format: 'pem' } })
const RSA_KEY = keyFile('private.wx0123456789abcdef.key', rsa.privateKey)
const PUBLIC_KEY = keyFile('public.pem', rsa.publicKey)
const EC_KEY = keyFile('ec.key', generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey)

// A project whose manifest (with a comment, as uni allows) still has the placeholder AppID.
const project = path.join(work, 'project')
mkdirSync(path.join(project, 'src'), { recursive: true })
writeFileSync(path.join(project, 'src', 'manifest.json'), '{\n  // uni manifests may carry comments\n  "versionName": "0.1.0",\n  "mp-weixin": { "appid": "touristappid" }\n}\n')

const problemsOf = (config: PublishConfig): string[] => (config.ok ? [] : config.problems)
const preview = (env: NodeJS.ProcessEnv, argv: string[] = []) => publishConfig('preview', argv, env, project)
const upload = (env: NodeJS.ProcessEnv, argv: string[] = []) => publishConfig('upload', argv, env, project)

describe('preview and upload inputs', () => {
  it('starts with a real-looking AppID and an RSA private key, compiling with the project settings', () => {
    const config = preview({ WX_APPID: APPID, WX_UPLOAD_KEY: RSA_KEY }, ['--qrcode', path.join(work, 'qr.jpg'), '--no-build'])
    expect(config).toMatchObject({ ok: true, request: { appid: APPID, keyPath: RSA_KEY, build: false, robot: 1, qrcode: path.join(work, 'qr.jpg'), dir: path.join(project, 'dist/build/mp-weixin') } })
    expect(upload({ WX_APPID: APPID, WX_UPLOAD_KEY: RSA_KEY }, ['--version', '1.2.0', '--desc', 'release'])).toMatchObject({ ok: true, request: { version: '1.2.0', desc: 'release', build: true } })
    // Without --version, the manifest's versionName.
    expect(upload({ WX_APPID: APPID, WX_UPLOAD_KEY: RSA_KEY })).toMatchObject({ ok: true, request: { version: '0.1.0', desc: 'v0.1.0' } })
  })

  it('refuses without an AppID, naming the placeholder the manifest has', () => {
    const [problem] = problemsOf(preview({ WX_UPLOAD_KEY: RSA_KEY }))
    expect(problem).toContain('No AppID')
    expect(problem).toContain('touristappid')
    expect(problem).toContain('WX_APPID')
    expect(problemsOf(preview({ WX_APPID: 'touristappid', WX_UPLOAD_KEY: RSA_KEY }))[0]).toContain('touristappid')
    expect(problemsOf(preview({ WX_APPID: 'wx123', WX_UPLOAD_KEY: RSA_KEY }))[0]).toContain('"wx123", which is not an AppID')
  })

  it('refuses without a key file, saying where to get one', () => {
    expect(problemsOf(preview({ WX_APPID: APPID }))).toEqual([expect.stringContaining('No code-upload key: set WX_UPLOAD_KEY')])
    expect(problemsOf(preview({ WX_APPID: APPID }))[0]).toContain('小程序代码上传')
    expect(problemsOf(preview({ WX_APPID: APPID, WX_UPLOAD_KEY: path.join(work, 'missing.key') }))[0]).toContain(`no file at ${path.join(work, 'missing.key')}`)
    expect(problemsOf(preview({ WX_APPID: APPID, WX_UPLOAD_KEY: work }))[0]).toContain('is a directory')
  })

  it('refuses a key that is not an RSA private key', () => {
    expect(problemsOf(preview({ WX_APPID: APPID, WX_UPLOAD_KEY: PUBLIC_KEY }))[0]).toContain('is not a private key')
    expect(problemsOf(preview({ WX_APPID: APPID, WX_UPLOAD_KEY: keyFile('notes.txt', 'my key is in the safe') }))[0]).toContain('is not a private key')
    expect(problemsOf(preview({ WX_APPID: APPID, WX_UPLOAD_KEY: EC_KEY }))[0]).toContain('is a ec key')
  })

  it('reports every problem at once', () => {
    expect(problemsOf(upload({ WX_APPID: '' }, ['--robot', '31', '--qrcode', 'x.png']))).toHaveLength(4)
  })

  it('prints what is missing and exits 2 before installing or building anything', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, WX_APPID: '' }
    delete env.WX_UPLOAD_KEY
    const failure = await run(path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['tools/weixin/publish.ts', 'preview'], { cwd: PROJECT_ROOT, env }).then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    )
    expect(failure?.code).toBe(2)
    expect(failure?.stdout).toBe('')
    expect(failure?.stderr).toContain('npm run preview: cannot start:\n  - No AppID')
    expect(failure?.stderr).toContain('\n  - No code-upload key')
  }, 30_000)
})

describe('what WeChat refusing looks like', () => {
  it('explains the IP whitelist refusal with the address to add', () => {
    // miniprogram-ci's CodeError for the answer WeChat gives a machine outside the whitelist.
    const refusal = Object.assign(new Error('Error: {"errCode":-10008,"errMsg":"invalid ip: 122.224.86.195, reference: https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html"}'), { code: 20003 })
    const text = explainCiError(refusal)
    expect(text).toContain("WeChat refused this machine's IP address 122.224.86.195")
    expect(text).toContain('IP白名单')
  })

  it('explains no network, whichever way the connection failed', () => {
    expect(explainCiError(new Error('Error: getaddrinfo ENOTFOUND servicewechat.com'))).toContain("Cannot reach WeChat's servers (servicewechat.com, ENOTFOUND)")
    expect(explainCiError(Object.assign(new Error('connect ETIMEDOUT 1.2.3.4:443'), { code: 'ETIMEDOUT' }))).toContain('ETIMEDOUT')
  })

  it('passes on other answers from WeChat with what to check', () => {
    const text = explainCiError(new Error('Error: {"errCode":-1,"errMsg":"system error"}'))
    expect(text).toContain('errCode -1: system error')
    expect(text).toContain('WX_APPID and WX_UPLOAD_KEY')
  })
})
