// Pushers (anchor and co-anchors): admit, join, leave or be removed, heartbeat, away in the background, muted in the mix.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { RoomService } from '../rooms/service.ts'
import { ROOM_ROUTE_DEPENDENCIES, roomRoute } from './define.ts'

const pusherRoutes: FastifyPluginAsync<{ rooms: RoomService }> = async (app, { rooms }) => {
  roomRoute(app, 'add_anchor', async (req) => {
    await rooms.addAnchor(req.userID, req.body)
    return {}
  })
  roomRoute(app, 'admit_anchor', (req) => rooms.admitAnchor(req.userID, req.body.roomID, req.body.userID))
  roomRoute(app, 'delete_anchor', async (req) => {
    await rooms.deleteAnchor(req.userID, req.body.roomID, req.body.userID)
    return {}
  })
  roomRoute(app, 'anchor_heartbeat', (req) =>
    rooms.heartbeat(req.userID, req.body.roomID, req.body.userID, req.body.roomStatusCode),
  )
  roomRoute(app, 'set_anchor_away', (req) => rooms.setAnchorAway(req.userID, req.body.roomID, req.body.away))
  roomRoute(app, 'set_pusher_muted', async (req) => {
    await rooms.setPusherMuted(req.userID, req.body.roomID, req.body.userID, req.body.muted)
    return {}
  })
}

export default fp(pusherRoutes, { name: 'pusher-routes', dependencies: ROOM_ROUTE_DEPENDENCIES, encapsulate: true })
