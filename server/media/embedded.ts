// Runs the embedded media server as a supervised child process: up within a deadline, restarted
// with back-off when it dies, stopped within a deadline. Its publish events reach MediaEvents.
import { fork, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import type { FastifyBaseLogger } from 'fastify'
import { MEDIA_CHILD_CONFIG_ENV, type MediaChildConfig, type MediaChildMessage } from './childProtocol.ts'
import type { MediaEvents } from './events.ts'

const CHILD = fileURLToPath(new URL('./nmsChild.ts', import.meta.url))

export interface EmbeddedMediaOptions {
  config: MediaChildConfig
  events: MediaEvents
  log: FastifyBaseLogger
  /** How long start() waits for both ports to accept connections. */
  startTimeoutMs?: number
  stopTimeoutMs?: number
}

export class MediaServerError extends Error {
  override name = 'MediaServerError'
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function canConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

export class EmbeddedMediaServer {
  private child?: ChildProcess
  private stopping = false
  private restarts = 0
  private readonly startTimeoutMs: number
  private readonly stopTimeoutMs: number

  constructor(private readonly o: EmbeddedMediaOptions) {
    this.startTimeoutMs = o.startTimeoutMs ?? 10_000
    this.stopTimeoutMs = o.stopTimeoutMs ?? 5_000
  }

  /** The host this service's own clients (probes, ffmpeg) connect to. */
  private get localHost(): string {
    const b = this.o.config.bind
    return b === '0.0.0.0' || b === '::' ? '127.0.0.1' : b
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  /** Starts the child and resolves once its RTMP and HTTP ports accept connections. */
  async start(): Promise<void> {
    this.stopping = false
    const child = this.spawn()
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) =>
        reject(new MediaServerError(`media server exited during start (${signal ?? `code ${code}`}): is port ${this.o.config.rtmpPort} or ${this.o.config.httpPort} in use?`)),
      ),
    )
    exited.catch(() => undefined)
    const deadline = Date.now() + this.startTimeoutMs
    const { rtmpPort, httpPort } = this.o.config
    const ready = (async () => {
      while (Date.now() < deadline) {
        if ((await canConnect(this.localHost, rtmpPort, 500)) && (await canConnect(this.localHost, httpPort, 500))) return
        await delay(100)
      }
      throw new MediaServerError(`media server did not listen on ${rtmpPort}/${httpPort} within ${this.startTimeoutMs} ms`)
    })()
    try {
      await Promise.race([ready, exited])
    } catch (err) {
      await this.stop()
      throw err
    }
  }

  private spawn(): ChildProcess {
    // The child is TypeScript like the service: it runs under the same loader (tsx) as its parent.
    const child = fork(CHILD, [], {
      env: { ...process.env, [MEDIA_CHILD_CONFIG_ENV]: JSON.stringify(this.o.config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: process.execArgv.length > 0 ? process.execArgv : ['--import', 'tsx'],
    })
    this.child = child
    child.on('message', (m: MediaChildMessage) => this.onMessage(m))
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined
      this.o.events.mediaServerDown()
      if (this.stopping) return
      this.restarts++
      const wait = Math.min(30_000, 500 * 2 ** Math.min(this.restarts, 6))
      this.o.log.error({ code, signal, restartInMs: wait }, 'media server exited; restarting')
      setTimeout(() => {
        if (this.stopping) return
        this.start().then(
          () => {
            this.o.log.info('media server restarted')
            this.restarts = 0
          },
          (err: unknown) => this.o.log.error({ err }, 'media server restart failed'),
        )
      }, wait).unref()
    })
    return child
  }

  private onMessage(m: MediaChildMessage): void {
    switch (m.type) {
      case 'publish':
        this.o.events.published(m.stream)
        break
      case 'unpublish':
        this.o.events.unpublished(m.stream)
        break
      case 'refused':
        this.o.log.info({ stream: m.stream, action: m.action, reason: m.reason }, 'media session refused')
        break
      case 'ready':
        break
    }
  }

  /** Stops the child: SIGTERM, then SIGKILL after the deadline. */
  async stop(): Promise<void> {
    this.stopping = true
    const child = this.child
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), this.stopTimeoutMs)
    await exited
    clearTimeout(timer)
  }
}
