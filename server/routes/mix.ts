// Co-anchor stream mixing (creator only).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCode } from '@liveroom/protocol/errors'
import { CodedError } from '../errors.ts'
import type { RoomService } from '../rooms/service.ts'
import { ROOM_ROUTE_DEPENDENCIES, roomRoute } from './define.ts'

/** MLVB clients send mergeParams as JSON text: parsed here, it is then checked like an object. */
async function parseMergeParamsText(request: FastifyRequest): Promise<void> {
  const body = request.body as { mergeParams?: unknown } | null
  if (typeof body?.mergeParams !== 'string') return
  try {
    body.mergeParams = JSON.parse(body.mergeParams)
  } catch {
    throw new CodedError(ErrorCode.BAD_REQUEST, 'mergeParams is text but not JSON')
  }
}

const mixRoutes: FastifyPluginAsync<{ rooms: RoomService }> = async (app, { rooms }) => {
  roomRoute(
    app,
    'merge_stream',
    (req) => rooms.mergeStream(req.userID, req.body.roomID, req.body.userID, req.body.mergeParams),
    { preValidation: parseMergeParamsText },
  )
}

export default fp(mixRoutes, { name: 'mix-routes', dependencies: ROOM_ROUTE_DEPENDENCIES, encapsulate: true })
