// npm run check:weixin [-- --dir <mp-weixin build>]
//
// The production build through WeChat's own toolchain, offline: templates and styles through the
// real wcc/wcsc, JSON against miniprogram-ci's schemas, DevTools' code-quality scan, then
// miniprogram-ci's compile with the project's settings, every packed .js parsed as ES5 and each
// package held to its budget. Exit 0 when all pass, 1 when something must be fixed, 2 when it
// could not run.
import { createRequire } from 'node:module'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { checkBudgets } from './budgets'
import { filesOf, notABuild, readJson, subpackageRoots } from './buildOutput'
import { compileAndPack } from './compilePack'
import { checkEs5 } from './es5'
import { validateJson } from './jsonSchemas'
import { projectSettings } from './projectSettings'
import { checkQuality } from './quality'
import { quietly, toolOutputOf } from './quiet'
import { stage, type StageResult } from './stage'
import { compileStyles, compileTemplates } from './templates'
import { compilerBinaries, loadAcorn, loadCiSchemas, loadJsonSchema, loadMiniprogramCi, TOOLS_DIR, ToolsMissingError } from './wechatTools'

const PROJECT_ROOT = path.resolve(TOOLS_DIR, '..', '..')

/** Loads the offline guard here and in every Node process miniprogram-ci starts. */
function goOffline(): { blocked: string[] } {
  const guard = path.join(TOOLS_DIR, 'offlineGuard.cjs')
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(guard)}`.trim()
  // miniprogram-ci forks its compiler with this process's flags, which under tsx load a TypeScript
  // loader into a process that runs only plain JS, slowly enough to miss its 20 s start-up limit.
  process.execArgv = process.execArgv.filter((arg, i, all) => !/tsx/.test(arg) && !/tsx/.test(all[i + 1] ?? ''))
  return createRequire(import.meta.url)(guard) as { blocked: string[] }
}

function print(result: StageResult): void {
  const ok = result.problems.length === 0
  console.log(`${ok ? '✓' : '✗'} ${result.name}: ${ok ? result.summary : `${result.problems.length} problem${result.problems.length > 1 ? 's' : ''}`}`)
  for (const line of result.problems) console.log(`    ${line}`)
  for (const line of result.details ?? []) console.log(`    ${line}`)
}

async function compileStages(dir: string, roots: string[]): Promise<StageResult[]> {
  const ci = loadMiniprogramCi()
  const { setting } = projectSettings(dir)
  const appid = String((readJson(dir, 'project.config.json') as { appid?: unknown }).appid ?? 'touristappid')
  try {
    const compiled = await compileAndPack(ci, dir, appid, setting, roots)
    return [checkEs5(compiled.files, loadAcorn()), checkBudgets(compiled.packages)]
  } catch (err) {
    const log = toolOutputOf(err).slice(-15)
    const reason = `miniprogram-ci could not compile the build: ${(err as Error).message}`
    return [stage('compile (miniprogram-ci)', '', [reason], log.map((l) => `| ${l}`))]
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, help: { type: 'boolean' } } })
  if (values.help) {
    console.log('Usage: npm run check:weixin [-- --dir <mp-weixin build, default dist/build/mp-weixin>]')
    return 0
  }
  const dir = path.resolve(PROJECT_ROOT, values.dir ?? 'dist/build/mp-weixin')
  const notBuild = notABuild(dir)
  if (notBuild) {
    console.error(`check:weixin: ${notBuild}`)
    return 2
  }
  const guard = goOffline()
  const started = performance.now()
  const shown = dir.startsWith(PROJECT_ROOT + path.sep) ? path.relative(PROJECT_ROOT, dir) : dir
  console.log(`WeChat toolchain check of ${shown} (offline)`)

  const files = filesOf(dir)
  const roots = subpackageRoots(dir)
  const bins = compilerBinaries()
  const settings = projectSettings(dir)
  const results: StageResult[] = [stage('project settings', 'ES5 compile, minified JS, WXML and WXSS', settings.problems)]
  results.push(compileTemplates(dir, files, bins), compileStyles(dir, files, bins), validateJson(dir, files, loadCiSchemas(), loadJsonSchema()))
  const ci = loadMiniprogramCi()
  // The scan only reads the files: no AppID or key is used.
  const project = new ci.Project({ appid: 'touristappid', type: 'miniProgram', projectPath: dir, privateKey: 'unused' })
  const { value: quality } = await quietly(() => ci.checkCodeQuality(project))
  results.push(checkQuality(quality))
  results.forEach(print)

  if (results.some((r) => r.problems.length)) {
    // miniprogram-ci's compile would stop on the same problems, less clearly.
    console.log('- compile, ES5 and package sizes: not run until the problems above are fixed')
  } else {
    const compiled = await compileStages(dir, roots)
    compiled.forEach(print)
    results.push(...compiled)
  }

  if (guard.blocked.length) console.log(`- offline: miniprogram-ci's calls to ${[...new Set(guard.blocked)].join(', ')} were refused; it used its built-in defaults`)
  const problems = results.reduce((n, r) => n + r.problems.length, 0)
  const seconds = ((performance.now() - started) / 1000).toFixed(0)
  console.log(problems ? `WeChat check failed: ${problems} problem${problems > 1 ? 's' : ''} (${seconds} s)` : `WeChat check passed (${seconds} s)`)
  return problems ? 1 : 0
}

main().then(
  // miniprogram-ci leaves a file watcher and a compiler process behind: exit explicitly.
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ToolsMissingError ? `check:weixin: ${err.message}` : err)
    process.exit(2)
  },
)
