// Liveness and readiness: replies 200 only when the store answers.
import type { FastifyPluginAsync } from 'fastify'
import { ErrorCode } from '../../src/protocol/errors.ts'
import { errorReply } from '../http/errors.ts'
import type { RoomStore } from '../store/types.ts'

const healthRoutes: FastifyPluginAsync<{ store: RoomStore }> = async (app, { store }) => {
  app.get('/healthz', { config: { rateLimit: false } }, async (request, reply) => {
    try {
      await store.ping()
    } catch (err) {
      request.log.error({ err }, 'health check: store unavailable')
      return reply.code(503).send(errorReply(ErrorCode.STORE_ERROR))
    }
    return { code: 0, message: 'ok', store: store.kind }
  })
}

export default healthRoutes
