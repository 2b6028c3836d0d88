// Liveness and readiness: replies 200 only when the store answers, and answers within its own
// deadline whatever the store does.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCode } from '@liveroom/protocol/errors'
import { errorReply } from '../http/errors.ts'
import type { RoomStore } from '../store/types.ts'

const HEALTH_DEADLINE_MS = 1000

function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
  })
  return Promise.race([work, late]).finally(() => clearTimeout(timer))
}

const healthRoutes: FastifyPluginAsync<{ store: RoomStore }> = async (app, { store }) => {
  app.get('/healthz', { config: { rateLimit: false } }, async (request, reply) => {
    try {
      await withDeadline(store.ping(), HEALTH_DEADLINE_MS)
    } catch (err) {
      request.log.error({ err }, 'health check: store unavailable')
      return reply.code(503).send(errorReply(ErrorCode.STORE_ERROR))
    }
    return { code: 0, message: 'ok', store: store.kind }
  })
}

export default fp(healthRoutes, { name: 'health-routes', dependencies: ['errors'], encapsulate: true })
