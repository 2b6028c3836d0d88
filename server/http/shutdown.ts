// The `shutdown` plugin: requests that still arrive while the app closes get a coded 503
// SHUTTING_DOWN (Fastify's own 503 is turned off, return503OnClosing), which clients retry.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCode } from '@liveroom/protocol/errors'
import { CodedError } from '../errors.ts'

const refuseWhileClosing: FastifyPluginAsync = async (app) => {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onRequest', async () => {
    if (closing) throw new CodedError(ErrorCode.SHUTTING_DOWN)
  })
}

export default fp(refuseWhileClosing, { name: 'shutdown' })
