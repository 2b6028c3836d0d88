// Runs the embedded media server as a supervised child process: up within a deadline, restarted
// with back-off when it dies, stopped within a deadline. Its publish events reach MediaEvents.
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyBaseLogger } from 'fastify'
import { MEDIA_CHILD_CONFIG_ENV, type MediaChildConfig, type MediaChildMessage } from './childProtocol.ts'
import type { MediaEvents } from './events.ts'

// The child is written in the same language as this module: TypeScript under tsx, or compiled.
const CHILD_URL = new URL(`./nmsChild${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url)
const CHILD = fileURLToPath(CHILD_URL)
// tsx is resolved from the working directory: the project's, as npm scripts run the service.
const CHILD_EXEC_ARGV = CHILD.endsWith('.ts') ? ['--import', 'tsx'] : []

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

export class EmbeddedMediaServer {
  private child?: ChildProcess
  private stopping = false
  private restarts = 0
  private isReady = false
  private readonly startTimeoutMs: number
  private readonly stopTimeoutMs: number

  constructor(private readonly o: EmbeddedMediaOptions) {
    this.startTimeoutMs = o.startTimeoutMs ?? 10_000
    this.stopTimeoutMs = o.stopTimeoutMs ?? 5_000
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  /** Between the child's word that it listens and its exit. */
  get ready(): boolean {
    return this.isReady
  }

  /** Starts the child and resolves once it listens on its RTMP and HTTP ports. */
  async start(): Promise<void> {
    this.stopping = false
    const child = this.spawn()
    let timer: NodeJS.Timeout | undefined
    const { rtmpPort, httpPort } = this.o.config
    const outcome = new Promise<void>((resolve, reject) => {
      child.on('message', (m: MediaChildMessage) => {
        if (m.type === 'ready') resolve()
      })
      child.once('exit', (code, signal) =>
        reject(new MediaServerError(`media server exited during start (${signal ?? `code ${code}`}): is port ${rtmpPort} or ${httpPort} in use?`)),
      )
      timer = setTimeout(
        () => reject(new MediaServerError(`media server did not listen on ${rtmpPort}/${httpPort} within ${this.startTimeoutMs} ms`)),
        this.startTimeoutMs,
      )
    })
    try {
      await outcome
      this.isReady = true
    } catch (err) {
      await this.stop()
      throw err
    } finally {
      clearTimeout(timer)
    }
  }

  private spawn(): ChildProcess {
    const child = fork(CHILD, [], {
      env: { ...process.env, [MEDIA_CHILD_CONFIG_ENV]: JSON.stringify(this.o.config) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: CHILD_EXEC_ARGV,
    })
    this.child = child
    child.on('message', (m: MediaChildMessage) => this.onMessage(m))
    child.once('exit', (code, signal) => {
      if (this.child !== child) return
      this.child = undefined
      this.isReady = false
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
