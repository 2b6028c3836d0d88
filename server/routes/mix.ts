// Co-anchor stream mixing (creator only).
import type { FastifyPluginAsync } from 'fastify'
import type { RoomService } from '../rooms/service.ts'
import { roomRoute } from './define.ts'

const mixRoutes: FastifyPluginAsync<{ rooms: RoomService }> = async (app, { rooms }) => {
  roomRoute(app, 'merge_stream', (req) =>
    rooms.mergeStream(req.userID, req.body.roomID, req.body.userID, req.body.mergeParams),
  )
}

export default mixRoutes
