// CPU accounting of the benchmark's processes (the service's host and redis-server).
import fs from 'node:fs'

/** CPU time the process has used so far, µs (Linux /proc; 0 elsewhere). */
export function processCpuUs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    // utime and stime, fields 14 and 15 of the whole line, in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100
  } catch {
    return 0
  }
}
