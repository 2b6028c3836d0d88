// Stored images (avatars, room covers) as replies. Each is named by its content, so a new image has
// a new name and a client may cache one for good.
import type { FastifyReply } from 'fastify'
import { CONTENT_TYPES, type ImageType } from '../profiles/imageType.ts'

/** Sends the image stored as `name` (`….jpg|png|webp`, as its route's pattern allowed). */
export function sendStoredImage(reply: FastifyReply, name: string, bytes: Buffer): FastifyReply {
  const ext = name.slice(name.lastIndexOf('.') + 1) as ImageType
  return reply
    .type(CONTENT_TYPES[ext])
    .header('cache-control', 'public, max-age=31536000, immutable')
    .header('x-content-type-options', 'nosniff')
    .send(bytes)
}
