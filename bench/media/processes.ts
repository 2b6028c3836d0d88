// Child processes: all tracked, all stopped at the end; their CPU time from /proc.
import { execFileSync, spawn, type ChildProcess, type StdioOptions } from 'node:child_process'
import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100

export interface Proc {
  child: ChildProcess
  pid: number
  exited: Promise<void>
  /** The last lines it wrote to stderr. */
  stderrTail(): string
  /** SIGTERM, then SIGKILL after 2 s; resolves once it has exited. */
  stop(): Promise<void>
}

const procs = new Set<Proc>()
/** Set by stopTracked(): nothing new is started while (or after) everything is being stopped. */
let stopping = false

export function startProc(command: string, args: readonly string[], stdio: StdioOptions = ['ignore', 'pipe', 'pipe']): Proc {
  if (stopping) throw new Error('the benchmark is stopping')
  const child = spawn(command, args, { stdio })
  if (child.pid === undefined) throw new Error(`could not start ${command}`)
  let tail = ''
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    tail = (tail + d).slice(-2000)
  })
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()))
  const running = () => child.exitCode === null && child.signalCode === null
  const proc: Proc = {
    child,
    pid: child.pid,
    exited,
    stderrTail: () => tail.trim(),
    stop: async () => {
      if (running()) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 2_000)
        await exited
        clearTimeout(timer)
      }
      procs.delete(proc)
    },
  }
  procs.add(proc)
  void exited.then(() => procs.delete(proc))
  return proc
}

/** Stops every child started here, and refuses to start any more. */
export async function stopTracked(): Promise<void> {
  stopping = true
  await Promise.allSettled([...procs].map((p) => p.stop()))
}

/** Waits for `ready`; if it fails, stops the process before rethrowing, so nothing half-started is left. */
export async function awaitReady(proc: Proc, ready: () => Promise<void>): Promise<void> {
  try {
    await ready()
  } catch (err) {
    await proc.stop()
    throw err
  }
}

export async function stopAll(...items: ReadonlyArray<{ proc: Proc } | undefined>): Promise<void> {
  await Promise.all(items.map((i) => i?.proc.stop()))
}

/** Pids of this process's children that no handle here knows of (the mixer's ffmpeg, say). */
export function childPids(): number[] {
  const pids: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) continue
    const stat = readStat(Number(entry))
    if (stat && Number(stat[1]) === process.pid) pids.push(Number(entry))
  }
  return pids
}

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, ...]; undefined once it has gone. */
function readStat(pid: number): string[] | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return text.slice(text.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

export function cmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
  } catch {
    return []
  }
}

/** CPU time (user + system) a process has used, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readStat(pid)
  if (!stat) throw new Error(`process ${pid} has exited`)
  // utime and stime are fields 14 and 15 of the file, 12 and 13 after the command name.
  return (Number(stat[11]) + Number(stat[12])) / CLK_TCK
}

/** The share of one core some processes use together over `seconds`. */
export async function cpuShare(pids: number | readonly number[], seconds: number): Promise<number> {
  const list = typeof pids === 'number' ? [pids] : pids
  const total = () => list.reduce((sum, pid) => sum + cpuSeconds(pid), 0)
  const before = total()
  const t0 = performance.now()
  await sleep(seconds * 1000)
  return (total() - before) / ((performance.now() - t0) / 1000)
}
