// Profiles: set_profile, get_profiles, the avatar upload (image bytes) and the avatars themselves
// (GET, no login: <image> tags load them; long-cached, their names are content hashes).
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCode } from '@liveroom/protocol/errors'
import { AVATAR_UPLOAD_PATH, type AvatarUploadReply } from '@liveroom/protocol/roomService'
import { avatarUploadReplySchema } from '@liveroom/protocol/roomServiceSchemas'
import { CodedError } from '../errors.ts'
import { sendStoredImage } from '../http/imageReply.ts'
import { ALL_IMAGE_TYPES, AVATAR_UPLOAD_CODES, CONTENT_TYPES, checkUploadHeaders } from '../profiles/imageType.ts'
import { AVATAR_URL_PREFIX, type Profiles } from '../profiles/profiles.ts'
import { ROOM_ROUTE_DEPENDENCIES, roomRoute } from './define.ts'

export interface ProfileRoutesOptions {
  profiles: Profiles
  avatarMaxBytes: number
}

const profileRoutes: FastifyPluginAsync<ProfileRoutesOptions> = async (app, { profiles, avatarMaxBytes }) => {
  roomRoute(app, 'set_profile', async (req) => ({ profile: await profiles.set(req.userID, req.body.nickName, req.body.avatar) }))
  roomRoute(app, 'get_profiles', async (req) => ({ profiles: await profiles.get(req.body.userIDs) }))

  // This plugin is encapsulated: image bodies are taken by its routes only.
  app.addContentTypeParser(Object.values(CONTENT_TYPES), { parseAs: 'buffer', bodyLimit: avatarMaxBytes }, (_req, body, done) => done(null, body))

  app.post<{ Reply: AvatarUploadReply }>(AVATAR_UPLOAD_PATH, {
    onRequest: app.authenticate,
    bodyLimit: avatarMaxBytes,
    // Refused before the body is read: the size it announces, and a type that is no image of ours.
    preParsing: async (request) => checkUploadHeaders(request.headers, avatarMaxBytes, ALL_IMAGE_TYPES, AVATAR_UPLOAD_CODES),
    schema: { response: { 200: avatarUploadReplySchema } },
    handler: async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new CodedError(ErrorCode.AVATAR_NOT_IMAGE, 'no image in the body')
      const avatar = await profiles.uploadAvatar(request.headers['content-type'], request.body)
      return { code: 0, message: 'ok', avatar }
    },
  })

  app.get<{ Params: { name: string } }>(`${AVATAR_URL_PREFIX}:name`, {
    onRequest: app.anonymousRateLimit,
    schema: { params: { type: 'object', properties: { name: { type: 'string', pattern: '^[0-9a-f]{32}\\.(jpg|png|webp)$' } }, required: ['name'] } },
    handler: async (request, reply) => {
      const bytes = await profiles.avatar(request.params.name)
      if (!bytes) throw new CodedError(ErrorCode.AVATAR_NOT_FOUND)
      return sendStoredImage(reply, request.params.name, bytes)
    },
  })
}

export default fp(profileRoutes, { name: 'profile-routes', dependencies: [...ROOM_ROUTE_DEPENDENCIES, 'rate-limits'], encapsulate: true })
