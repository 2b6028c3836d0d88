// npm run preview | npm run upload: build for production, then hand the build to miniprogram-ci
// with the project's own compile settings (ES5, minified), as DevTools' 预览 and 上传 would.
// Exit 0 on success, 1 when WeChat or the build said no, 2 when the inputs are wrong.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { MAIN_PACKAGE, notABuild } from './buildOutput'
import { explainCiError } from './ciErrors'
import { projectSettings } from './projectSettings'
import { publishConfig, type PublishCommand, type PublishRequest, USAGE } from './publishConfig'
import { quietly, toolOutputOf } from './quiet'
import { loadMiniprogramCi, loadTerminalQrcode, TOOLS_DIR, ToolsMissingError, type PackageInfo } from './wechatTools'

const PROJECT_ROOT = path.resolve(TOOLS_DIR, '..', '..')

/** Runs a step of the project (install, build) with its output shown; true when it succeeded. */
function step(title: string, command: string, args: string[]): boolean {
  console.log(`› ${title}`)
  return spawnSync(command, args, { cwd: PROJECT_ROOT, stdio: 'inherit' }).status === 0
}

function describeSizes(info: PackageInfo[] | undefined): string | null {
  const packages = (info ?? []).filter((p) => p.name !== '__FULL__')
  if (packages.length === 0) return null
  const name = (p: PackageInfo) => (p.name === MAIN_PACKAGE ? 'main package' : p.name)
  return `Package sizes as WeChat counted them: ${packages.map((p) => `${name(p)} ${(p.size / 1024).toFixed(1)} KiB`).join(', ')}`
}

async function send(request: PublishRequest): Promise<number> {
  const { setting, problems } = projectSettings(request.dir)
  if (problems.length) {
    console.error(`Not sending code the project's settings would leave untranspiled or unminified:\n${problems.map((p) => `  ${p}`).join('\n')}`)
    return 1
  }
  const ci = loadMiniprogramCi()
  const project = new ci.Project({ appid: request.appid, type: 'miniProgram', projectPath: request.dir, privateKeyPath: request.keyPath })
  const common = { project, setting, robot: request.robot, desc: request.desc }
  console.log(`› miniprogram-ci ${request.command} of ${path.relative(PROJECT_ROOT, request.dir)} as ${request.appid} (robot ${request.robot}): compiling to ES5, minifying, sending to WeChat`)
  try {
    const { value: result } = await quietly(() =>
      request.command === 'upload'
        ? ci.upload({ ...common, version: request.version })
        : ci.preview({ ...common, qrcodeFormat: request.qrcode ? 'image' : 'terminal', qrcodeOutputDest: request.qrcode, pagePath: request.pagePath, searchQuery: request.searchQuery }),
    )
    if (request.command === 'preview') await showQrcode(request)
    const sizes = describeSizes(result.subPackageInfo)
    if (sizes) console.log(sizes)
    console.log(request.command === 'upload' ? `Uploaded version ${request.version}: mp.weixin.qq.com → 管理 → 版本管理 → 开发版本.` : 'Scan the QR code with WeChat on a phone (an administrator or a developer of this AppID).')
    return 0
  } catch (err) {
    console.error(explainCiError(err))
    if (process.env.WX_DEBUG) console.error(toolOutputOf(err).join('\n'))
    return 1
  }
}

/** The QR code in the terminal: miniprogram-ci prints it itself unless it was saved as a file. */
async function showQrcode(request: PublishRequest): Promise<void> {
  if (!request.qrcode) return
  console.log(`QR code saved to ${request.qrcode}`)
  try {
    console.log(await loadTerminalQrcode().generateTerminalQrcode(readFileSync(request.qrcode).toString('base64')))
  } catch {
    // The file is the QR code; drawing it in the terminal as well is a convenience.
  }
}

async function main(): Promise<number> {
  const command = process.argv[2]
  if (command !== 'preview' && command !== 'upload') {
    console.error(USAGE)
    return 2
  }
  const config = publishConfig(command as PublishCommand, process.argv.slice(3), process.env, PROJECT_ROOT)
  if (!config.ok) {
    console.error(`npm run ${command}: cannot start:\n${config.problems.map((p) => `  - ${p}`).join('\n')}\nSee README.md, "Scan preview and upload from the command line".`)
    return 2
  }
  const { request } = config
  if (!step("WeChat's tools (tools/weixin)", 'bash', ['scripts/weixin-deps.sh'])) return 2
  if (request.build && !step('production build (npm run build:mp-weixin)', 'npm', ['run', '--silent', 'build:mp-weixin'])) return 1
  const notBuild = notABuild(request.dir)
  if (notBuild) {
    console.error(notBuild)
    return 2
  }
  return send(request)
}

main().then(
  // miniprogram-ci leaves its compiler process and a watcher running: exit explicitly.
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ToolsMissingError ? err.message : explainCiError(err))
    process.exit(err instanceof ToolsMissingError ? 2 : 1)
  },
)
