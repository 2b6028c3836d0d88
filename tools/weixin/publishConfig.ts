// What `npm run preview` and `npm run upload` need, from the environment and the command line,
// checked before anything slow runs: every problem is reported at once, each with where to fix it.
import { createPrivateKey } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'

export type PublishCommand = 'preview' | 'upload'

export interface PublishRequest {
  command: PublishCommand
  appid: string
  keyPath: string
  /** The mp-weixin build to send. */
  dir: string
  /** Build for production first (false with --no-build). */
  build: boolean
  /** Which of WeChat's 30 CI robots uploads (each keeps its own latest preview/upload). */
  robot: number
  desc: string
  /** upload: the version shown in mp.weixin.qq.com's version list. */
  version: string
  /** preview: also save the QR code as this JPEG file. */
  qrcode?: string
  /** preview: open this page instead of the home page, with this query. */
  pagePath?: string
  searchQuery?: string
}

export type PublishConfig = { ok: true; request: PublishRequest } | { ok: false; problems: string[] }

const CONSOLE = 'mp.weixin.qq.com → 开发管理 → 开发设置'
export const USAGE = `Usage:
  WX_APPID=wx… WX_UPLOAD_KEY=path/to/private.wx….key npm run preview [-- --qrcode qr.jpg --page live/rooms/rooms --query a=1 --robot 1 --desc text --no-build --dir dist/build/mp-weixin]
  WX_APPID=wx… WX_UPLOAD_KEY=path/to/private.wx….key npm run upload [-- --version 1.2.0 --desc text --robot 1 --no-build --dir dist/build/mp-weixin]`

/** src/manifest.json, which uni lets carry comments. */
function readManifest(root: string): { versionName?: string; 'mp-weixin'?: { appid?: string } } {
  const text = readFileSync(path.join(root, 'src', 'manifest.json'), 'utf8')
  // Drop comments, keep strings (a URL's "//" stays).
  return JSON.parse(text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '')) as ReturnType<typeof readManifest>
}

function checkAppid(appid: string | undefined, fromEnv: boolean): string | null {
  const where = `set WX_APPID to your mini-program's AppID (${CONSOLE} → AppID(小程序ID))`
  if (!appid) return `No AppID: ${where}.`
  if (appid === 'touristappid') return `No AppID: src/manifest.json has the placeholder touristappid, which cannot preview or upload; ${where}, or put it in mp-weixin.appid.`
  if (!/^wx[0-9a-f]{16}$/.test(appid)) return `${fromEnv ? 'WX_APPID' : 'mp-weixin.appid in src/manifest.json'} is "${appid}", which is not an AppID (wx followed by 16 hex digits, ${CONSOLE}).`
  return null
}

function checkKey(keyPath: string | undefined, cwd: string): string | null {
  const download = `download it from ${CONSOLE} → 小程序代码上传 → 代码上传密钥 (生成/重置; an administrator confirms by scanning)`
  if (!keyPath) return `No code-upload key: set WX_UPLOAD_KEY to the path of your private.<appid>.key (${download}).`
  const file = path.resolve(cwd, keyPath)
  if (!existsSync(file)) return `WX_UPLOAD_KEY: no file at ${file}.`
  if (!statSync(file).isFile()) return `WX_UPLOAD_KEY: ${file} is a directory, not the key file.`
  try {
    const key = createPrivateKey(readFileSync(file))
    // miniprogram-ci signs with RSA (PKCS#1 padding): any other key type fails at WeChat.
    if (key.asymmetricKeyType !== 'rsa') return `WX_UPLOAD_KEY: ${file} is a ${key.asymmetricKeyType} key; WeChat's code-upload key is RSA: ${download}.`
  } catch {
    return `WX_UPLOAD_KEY: ${file} is not a private key (expected the PEM file private.<appid>.key, "-----BEGIN RSA PRIVATE KEY-----"): ${download}.`
  }
  return null
}

export function publishConfig(command: PublishCommand, argv: string[], env: NodeJS.ProcessEnv, root: string): PublishConfig {
  let values
  try {
    values = parseArgs({
      args: argv,
      options: {
        appid: { type: 'string' },
        key: { type: 'string' },
        dir: { type: 'string' },
        'no-build': { type: 'boolean' },
        robot: { type: 'string' },
        desc: { type: 'string' },
        version: { type: 'string' },
        qrcode: { type: 'string' },
        page: { type: 'string' },
        query: { type: 'string' },
      },
    }).values
  } catch (err) {
    return { ok: false, problems: [`${(err as Error).message}\n${USAGE}`] }
  }
  const manifest = readManifest(root)
  const problems: string[] = []

  const appidFromEnv = Boolean(values.appid ?? env.WX_APPID)
  const appid = values.appid ?? env.WX_APPID ?? manifest['mp-weixin']?.appid
  const appidProblem = checkAppid(appid, appidFromEnv)
  if (appidProblem) problems.push(appidProblem)

  const keyPath = values.key ?? env.WX_UPLOAD_KEY
  const keyProblem = checkKey(keyPath, process.cwd())
  if (keyProblem) problems.push(keyProblem)

  const robot = Number(values.robot ?? env.WX_ROBOT ?? 1)
  if (!Number.isInteger(robot) || robot < 1 || robot > 30) problems.push(`--robot must be a whole number from 1 to 30 (got ${values.robot ?? env.WX_ROBOT}).`)

  const version = values.version ?? env.WX_VERSION ?? manifest.versionName ?? ''
  if (command === 'upload' && !/^\S{1,64}$/.test(version)) problems.push(`upload needs a version: --version 1.2.0 (or versionName in src/manifest.json).`)

  if (values.qrcode) {
    if (command === 'upload') problems.push('--qrcode is for preview; an upload has no QR code (make it the trial version in mp.weixin.qq.com → 版本管理).')
    else if (!/\.jpe?g$/i.test(values.qrcode)) problems.push(`--qrcode ${values.qrcode}: WeChat sends the QR code as a JPEG: name the file .jpg.`)
    else if (!existsSync(path.dirname(path.resolve(values.qrcode)))) problems.push(`--qrcode ${values.qrcode}: the folder ${path.dirname(path.resolve(values.qrcode))} does not exist.`)
  }

  if (problems.length) return { ok: false, problems }
  return {
    ok: true,
    request: {
      command,
      appid: appid!,
      keyPath: path.resolve(keyPath!),
      dir: path.resolve(root, values.dir ?? 'dist/build/mp-weixin'),
      build: !values['no-build'],
      robot,
      desc: values.desc ?? (command === 'upload' ? `v${version}` : 'npm run preview'),
      version: command === 'upload' ? version : '',
      qrcode: values.qrcode ? path.resolve(values.qrcode) : undefined,
      pagePath: values.page,
      searchQuery: values.query,
    },
  }
}
