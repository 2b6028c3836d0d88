// Loopback ports, and who listens on or is connected to them, read from /proc/net/tcp.
import fs from 'node:fs'
import { until } from './wait.ts'

export { freePort } from '../../server/test/localServers.ts'

/** Rows of /proc/net/tcp, split into columns (local address, remote address, state, ..., inode at 9). */
function tcpRows(): string[][] {
  return fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/).slice(1))
}

/** 127.0.0.1:port as /proc/net/tcp writes it. */
function loopbackAddress(port: number): string {
  return `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`
}

/** Until ffmpeg listens on 127.0.0.1:port (connecting to see would use up ffmpeg -listen's one accept). */
export function untilListening(port: number): Promise<void> {
  const local = loopbackAddress(port)
  const listening = () => tcpRows().some((cols) => cols[0] === local && cols[2] === '0A')
  return until(`ffmpeg listening on ${port}`, listening, 5_000)
}

/** Whether a process holds an established TCP connection to 127.0.0.1:port. */
export function connectedTo(pid: number, port: number): boolean {
  let fds: string[]
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`)
  } catch {
    return false
  }
  const inodes = new Set<string>()
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))
      if (m) inodes.add(m[1])
    } catch {
      // closed meanwhile
    }
  }
  const remote = loopbackAddress(port)
  return tcpRows().some((cols) => cols[1] === remote && cols[2] === '01' && inodes.has(cols[8]))
}
