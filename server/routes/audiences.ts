// Audience: join and leave (idempotent per user), list.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { RoomService } from '../rooms/service.ts'
import { ROOM_ROUTE_DEPENDENCIES, roomRoute } from './define.ts'

const audienceRoutes: FastifyPluginAsync<{ rooms: RoomService }> = async (app, { rooms }) => {
  roomRoute(app, 'add_audience', async (req) => ({
    audienceCount: await rooms.addAudience(req.userID, req.body.roomID, req.body.userID, req.body.userInfo),
  }))
  roomRoute(app, 'delete_audience', async (req) => ({
    audienceCount: await rooms.deleteAudience(req.userID, req.body.roomID, req.body.userID),
  }))
  roomRoute(app, 'get_audiences', (req) => rooms.getAudiences(req.body.roomID))
}

export default fp(audienceRoutes, { name: 'audience-routes', dependencies: ROOM_ROUTE_DEPENDENCIES, encapsulate: true })
