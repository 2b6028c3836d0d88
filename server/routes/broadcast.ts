// The anchor's broadcast surviving and spreading: resume one's own open room, the live summary,
// and live-notice subscriptions.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { LiveSubscriptions } from '../notices/subscriptions.ts'
import type { RoomService } from '../rooms/service.ts'
import type { LiveSummaries } from '../summaries/liveSummaries.ts'
import { ROOM_ROUTE_DEPENDENCIES, roomRoute } from './define.ts'

export interface BroadcastRoutesOptions {
  rooms: RoomService
  summaries: LiveSummaries
  subscriptions: LiveSubscriptions
}

const broadcastRoutes: FastifyPluginAsync<BroadcastRoutesOptions> = async (app, { rooms, summaries, subscriptions }) => {
  roomRoute(app, 'get_my_live_room', async (req) => ({ room: await rooms.myLiveRoom(req.userID) }))
  roomRoute(app, 'resume_room', (req) => rooms.resumeRoom(req.userID, req.body))
  roomRoute(app, 'get_room_summary', (req) => summaries.read(req.body.roomID))
  roomRoute(app, 'subscribe_live', async (req) => {
    await subscriptions.subscribe(req.userID, req.body.anchorUserID)
    return {}
  })
  roomRoute(app, 'unsubscribe_live', async (req) => {
    await subscriptions.unsubscribe(req.userID, req.body.anchorUserID)
    return {}
  })
}

export default fp(broadcastRoutes, { name: 'broadcast-routes', dependencies: ROOM_ROUTE_DEPENDENCIES, encapsulate: true })
