// Deadlines and a per-address cap on open connections, enforced before any parsing: a client
// that never finishes its request is answered 408 and closed, and one address cannot hold every
// descriptor of the service with stalled sockets. The deadlines themselves are Fastify server
// options (deadlineOptions); the `connections` plugin adds what Node does not do by itself.
import type { ServerOptions } from 'node:http'
import { Socket } from 'node:net'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { rawErrorResponse } from './frameworkErrors.ts'

export interface ConnectionLimits {
  /** Whole request (headers and body), ms. */
  requestTimeoutMs: number
  /** A connection with no traffic at all, ms. */
  idleTimeoutMs: number
  /** Open connections one address may hold; 0: no cap (behind a proxy, which has its own). */
  maxPerAddress: number
}

/** Fastify server options for the deadlines. */
export function deadlineOptions(limits: ConnectionLimits): { requestTimeout: number; connectionTimeout: number; http: ServerOptions } {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    http: {
      // How often Node looks for requests past their deadline (its default is 30 s).
      connectionsCheckingInterval: Math.min(1_000, limits.requestTimeoutMs),
    },
  }
}

/**
 * Node stops watching requestTimeout once a request reaches its handler, so a body that never
 * ends would be waited for for ever: the same deadline runs here until the body is in.
 */
function bodyDeadline(app: FastifyInstance, requestTimeoutMs: number): void {
  app.addHook('onRequest', async (request, reply) => {
    const raw = request.raw
    // A request injected in-process (app.inject) has no connection to guard or close.
    if (raw.complete || !(raw.socket instanceof Socket)) return
    const timer = setTimeout(() => {
      if (raw.complete || raw.socket.destroyed) return
      // Answered already (a refusal needs no body) or not: either way the connection goes.
      if (reply.raw.headersSent) raw.socket.destroy()
      else raw.socket.end(rawErrorResponse(408))
    }, requestTimeoutMs)
    timer.unref()
    const clear = () => clearTimeout(timer)
    raw.once('end', clear)
    raw.once('close', clear)
  })
}

/** Closes a new connection at once when its address already holds `maxPerAddress`. */
function capConnectionsPerAddress(app: FastifyInstance, maxPerAddress: number): void {
  if (maxPerAddress <= 0) return
  const open = new Map<string, number>()
  app.server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? ''
    const n = (open.get(address) ?? 0) + 1
    if (n > maxPerAddress) {
      socket.destroy()
      return
    }
    open.set(address, n)
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left <= 0) open.delete(address)
      else open.set(address, left)
    })
  })
}

export interface ConnectionGuardOptions {
  requestTimeoutMs: number
  /** 0: no cap. */
  maxPerAddress: number
}

const connectionGuards: FastifyPluginAsync<ConnectionGuardOptions> = async (app, { requestTimeoutMs, maxPerAddress }) => {
  capConnectionsPerAddress(app, maxPerAddress)
  bodyDeadline(app, requestTimeoutMs)
}

export default fp(connectionGuards, { name: 'connections' })
