// Rooms: list, create, destroy, read one, and the caller's stream URLs.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { ROOM_LIST_DEFAULT_CNT } from '@liveroom/protocol/roomService'
import type { RoomService } from '../rooms/service.ts'
import { ROOM_ROUTE_DEPENDENCIES, roomRoute, textRoomRoute } from './define.ts'

const roomRoutes: FastifyPluginAsync<{ rooms: RoomService }> = async (app, { rooms }) => {
  textRoomRoute(app, 'get_room_list', (req, serialize) =>
    rooms.roomList(req.body.index ?? 0, req.body.cnt ?? ROOM_LIST_DEFAULT_CNT, serialize),
  )
  roomRoute(app, 'create_room', (req) => rooms.createRoom(req.userID, req.body))
  roomRoute(app, 'destroy_room', async (req) => {
    await rooms.destroyRoom(req.userID, req.body.roomID, req.body.userID)
    return {}
  })
  roomRoute(app, 'get_anchors', (req) => rooms.getAnchors(req.body.roomID))
  roomRoute(app, 'get_anchor_url', (req) => rooms.anchorUrl(req.userID, req.body.userID))
}

export default fp(roomRoutes, { name: 'room-routes', dependencies: ROOM_ROUTE_DEPENDENCIES, encapsulate: true })
