// Package size budgets, on the sizes as packed (after miniprogram-ci's compile).
import { MAIN_PACKAGE } from './buildOutput'
import type { CompiledPackage } from './compilePack'
import { stage, type StageResult } from './stage'

const KiB = 1024
/**
 * The main package downloads before the first screen, so it has a budget of its own. It stood at
 * 110.3 KiB as packed when this was set, once the push and play tools (and the media code and
 * components they share with the live pages) moved into the live subpackage, leaving home and
 * settings; most of it is the Vue/uni/pinia runtime (~81 KiB once compiled to ES5) and Babel's
 * helpers, which miniprogram-ci always puts in the main package. The composition root (main.ts)
 * making the room-service client at startup brought it to 129 KiB. Growing past this is a decision:
 * move code only the live pages use into the live subpackage, or raise the budget in review.
 */
export const MAIN_BUDGET = 160 * KiB
/** WeChat refuses any package of 2 MB or more. */
export const PACKAGE_LIMIT = 2048 * KiB

const kib = (bytes: number): string => `${(bytes / KiB).toFixed(1)} KiB`
const label = (name: string): string => (name === MAIN_PACKAGE ? 'main package' : `subpackage ${name}`)

export function checkBudgets(packages: CompiledPackage[]): StageResult {
  const problems: string[] = []
  for (const p of packages) {
    if (p.size >= PACKAGE_LIMIT) problems.push(`${label(p.name)} is ${kib(p.size)}: WeChat refuses packages of 2 MB or more`)
    if (p.name === MAIN_PACKAGE && p.size > MAIN_BUDGET) problems.push(`main package is ${kib(p.size)}, over its ${kib(MAIN_BUDGET)} budget: move code only the live pages use into the live subpackage`)
  }
  const total = packages.reduce((sum, p) => sum + p.size, 0)
  const details = [...packages.map((p) => `${label(p.name).padEnd(20)} ${kib(p.size).padStart(11)}  (${p.files} files)`), `${'total'.padEnd(20)} ${kib(total).padStart(11)}`]
  return stage('package sizes', `main ≤ ${kib(MAIN_BUDGET)}, every package < 2 MB`, problems, details)
}
