// The default waiting image at a fixed path (WAITING_IMAGE_PATH), so that an anchor's background
// picture works without any setup; the mini-program may point VITE_WAITING_IMAGE_URL elsewhere.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { WAITING_IMAGE_PATH } from '@liveroom/protocol/roomService'
import { WAITING_IMAGE_PNG } from '../media/waitingImage.ts'

const waitingImageRoutes: FastifyPluginAsync = async (app) => {
  app.get(WAITING_IMAGE_PATH, { onRequest: app.anonymousRateLimit }, async (_request, reply) =>
    reply.type('image/png').header('cache-control', 'public, max-age=86400').send(WAITING_IMAGE_PNG),
  )
}

export default fp(waitingImageRoutes, { name: 'waiting-image-routes', dependencies: ['rate-limits'] })
