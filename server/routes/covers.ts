// Room covers: the creator's upload of a snapshot (image bytes) and the covers themselves (GET, no
// login: share cards and the room list load them; long-cached, a new cover has a new name).
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCode } from '@liveroom/protocol/errors'
import { COVER_UPLOAD_PATH, ROOM_ID_PATTERN, type CoverUploadReply } from '@liveroom/protocol/roomService'
import { coverUploadReplySchema } from '@liveroom/protocol/roomServiceSchemas'
import { CodedError } from '../errors.ts'
import { sendStoredImage } from '../http/imageReply.ts'
import { COVER_IMAGE_TYPES, COVER_NAME_PATTERN, COVER_UPLOAD_CODES, COVER_URL_PREFIX, type RoomCovers } from '../covers/covers.ts'
import { CONTENT_TYPES, checkUploadHeaders } from '../profiles/imageType.ts'
import { ROOM_ROUTE_DEPENDENCIES } from './define.ts'

export interface CoverRoutesOptions {
  covers: RoomCovers
  coverMaxBytes: number
}

const coverRoutes: FastifyPluginAsync<CoverRoutesOptions> = async (app, { covers, coverMaxBytes }) => {
  // This plugin is encapsulated: image bodies are taken by its routes only.
  const types = COVER_IMAGE_TYPES.map((t) => CONTENT_TYPES[t])
  app.addContentTypeParser(types, { parseAs: 'buffer', bodyLimit: coverMaxBytes }, (_req, body, done) => done(null, body))

  app.post<{ Querystring: { roomID: string }; Reply: CoverUploadReply }>(COVER_UPLOAD_PATH, {
    onRequest: app.authenticate,
    bodyLimit: coverMaxBytes,
    // Refused before the body is read: the size it announces, and a type that is no cover of ours.
    preParsing: async (request) => checkUploadHeaders(request.headers, coverMaxBytes, COVER_IMAGE_TYPES, COVER_UPLOAD_CODES),
    schema: {
      querystring: { type: 'object', properties: { roomID: { type: 'string', pattern: ROOM_ID_PATTERN } }, required: ['roomID'] },
      response: { 200: coverUploadReplySchema },
    },
    handler: async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new CodedError(ErrorCode.COVER_NOT_IMAGE, 'no image in the body')
      const coverURL = await covers.upload(request.userID, request.query.roomID, request.headers['content-type'], request.body)
      return { code: 0, message: 'ok', coverURL }
    },
  })

  app.get<{ Params: { name: string } }>(`${COVER_URL_PREFIX}:name`, {
    onRequest: app.anonymousRateLimit,
    schema: { params: { type: 'object', properties: { name: { type: 'string', pattern: COVER_NAME_PATTERN } }, required: ['name'] } },
    handler: async (request, reply) => {
      const bytes = await covers.image(request.params.name)
      // The room ended (or replaced this cover): the client falls back to its default card picture.
      if (!bytes) throw new CodedError(ErrorCode.ROOM_NOT_FOUND, 'no such cover')
      return sendStoredImage(reply, request.params.name, bytes)
    },
  })
}

export default fp(coverRoutes, { name: 'cover-routes', dependencies: [...ROOM_ROUTE_DEPENDENCIES, 'rate-limits'], encapsulate: true })
