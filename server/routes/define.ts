// Declares a `live_room` endpoint: POST, authenticated, body checked by its schema, reply
// serialized by its schema (fields not in the schema never leave the server).
import type { FastifyInstance, FastifyRequest, preValidationAsyncHookHandler } from 'fastify'
import {
  ROOM_API_PREFIX,
  type RoomServiceEndpoint,
  type RoomServiceReply,
  type RoomServiceRequest,
} from '@liveroom/protocol/roomService'
import { replySchemas, requestSchemas } from '@liveroom/protocol/roomServiceSchemas'

/**
 * What a plugin of `live_room` endpoints needs registered before it: `app.authenticate` (auth),
 * and the error handler and JSON body parser its routes keep from when they are declared
 * (errors, json-body). Route plugins stay encapsulated (`encapsulate: true`): fastify-plugin
 * only gives them a name and these checks.
 */
export const ROOM_ROUTE_DEPENDENCIES = ['auth', 'errors', 'json-body']

export type ReplyFields<K extends RoomServiceEndpoint> = Omit<RoomServiceReply<K>, 'code' | 'message'>

export function roomRoute<K extends RoomServiceEndpoint>(
  app: FastifyInstance,
  name: K,
  handler: (request: FastifyRequest<{ Body: RoomServiceRequest<K> }>) => Promise<ReplyFields<K>> | ReplyFields<K>,
  options: { preValidation?: preValidationAsyncHookHandler } = {},
): void {
  app.post<{ Body: RoomServiceRequest<K> }>(`${ROOM_API_PREFIX}${name}`, {
    onRequest: app.authenticate,
    ...options,
    schema: { body: requestSchemas[name], response: { 200: replySchemas[name] } },
    handler: async (request) => ({ code: 0, message: 'ok', ...(await handler(request)) }),
  })
}

/**
 * A `live_room` endpoint whose handler answers with text: the reply as `serialize` (the route's
 * reply schema) wrote it, which the handler may have kept from an earlier request.
 */
export function textRoomRoute<K extends RoomServiceEndpoint>(
  app: FastifyInstance,
  name: K,
  handler: (request: FastifyRequest<{ Body: RoomServiceRequest<K> }>, serialize: (fields: ReplyFields<K>) => string) => Promise<string>,
): void {
  app.post<{ Body: RoomServiceRequest<K> }>(`${ROOM_API_PREFIX}${name}`, {
    onRequest: app.authenticate,
    schema: { body: requestSchemas[name], response: { 200: replySchemas[name] } },
    handler: async (request, reply) => {
      const text = await handler(request, (fields) => reply.serialize({ code: 0, message: 'ok', ...fields }) as string)
      return reply.type('application/json; charset=utf-8').send(text)
    },
  })
}
