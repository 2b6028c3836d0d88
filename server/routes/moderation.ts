// Moderation by a room's creator: kick from a room, ban from all of the creator's rooms, lift, list.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { BANNED_LIST_MAX_CNT } from '@liveroom/protocol/roomService'
import type { ModerationService } from '../moderation/service.ts'
import { ROOM_ROUTE_DEPENDENCIES, roomRoute } from './define.ts'

const moderationRoutes: FastifyPluginAsync<{ moderation: ModerationService }> = async (app, { moderation }) => {
  roomRoute(app, 'kick_audience', async (req) => {
    const { roomID, userID, reason } = req.body
    const audienceCount = await moderation.kick(req.userID, roomID, userID)
    req.log.info({ roomID, userID, reason }, 'kicked from the room')
    return { audienceCount }
  })
  roomRoute(app, 'ban_user', async (req) => {
    await moderation.ban(req.userID, req.body.userID, req.body.reason ?? '')
    return {}
  })
  roomRoute(app, 'unban_user', async (req) => {
    await moderation.unban(req.userID, req.body.userID)
    return {}
  })
  roomRoute(app, 'get_banned_users', (req) =>
    moderation.bannedUsers(req.userID, req.body.index ?? 0, req.body.cnt ?? BANNED_LIST_MAX_CNT),
  )
}

export default fp(moderationRoutes, { name: 'moderation-routes', dependencies: ROOM_ROUTE_DEPENDENCIES, encapsulate: true })
