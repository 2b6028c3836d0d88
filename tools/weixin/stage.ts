// One step of the check: what it looked at, and what is wrong (empty when it passed).
export interface StageResult {
  name: string
  /** One line per problem, naming the file (and line) and what to fix. */
  problems: string[]
  /** What passed, e.g. "23 .wxml compiled"; printed either way. */
  summary: string
  /** Extra lines printed after the summary (package sizes…). */
  details?: string[]
}

export function stage(name: string, summary: string, problems: string[], details?: string[]): StageResult {
  return { name, summary, problems, details }
}
