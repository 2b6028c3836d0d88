// miniprogram-ci talks a lot on the console (progress, its own network attempts). The check keeps
// that out of its report and shows it only when the step fails.
const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const

export async function quietly<T>(work: () => Promise<T>): Promise<{ value: T; output: string[] }> {
  const output: string[] = []
  const saved = METHODS.map((m) => [m, console[m]] as const)
  for (const m of METHODS) console[m] = (...args: unknown[]) => void output.push(args.map(String).join(' '))
  try {
    return { value: await work(), output }
  } catch (err) {
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { toolOutput: output })
  } finally {
    for (const [m, fn] of saved) console[m] = fn
  }
}

/** The tool's console output carried by an error from `quietly`, if any. */
export function toolOutputOf(err: unknown): string[] {
  const output = (err as { toolOutput?: unknown }).toolOutput
  return Array.isArray(output) ? output.map(String) : []
}
