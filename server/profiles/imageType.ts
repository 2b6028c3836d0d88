// What an uploaded image is, by its first bytes (its magic number), never by what the client says.
import { createHash } from 'node:crypto'
import { ErrorCode } from '@liveroom/protocol/errors'
import { CodedError } from '../errors.ts'

export type ImageType = 'jpg' | 'png' | 'webp'

export const ALL_IMAGE_TYPES: readonly ImageType[] = ['jpg', 'png', 'webp']

export const CONTENT_TYPES: Readonly<Record<ImageType, string>> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export function imageTypeOf(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg'
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG)) return 'png'
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'webp'
  return undefined
}

/** The image type a Content-Type header names (parameters ignored), if it is one we take. */
export function imageTypeOfHeader(contentType: string | undefined): ImageType | undefined {
  const base = (contentType ?? '').split(';')[0].trim().toLowerCase()
  return (Object.keys(CONTENT_TYPES) as ImageType[]).find((t) => CONTENT_TYPES[t] === base)
}

/** The error codes an image upload answers with (an avatar's, a cover's). */
export interface ImageUploadCodes {
  tooLarge: ErrorCode
  notImage: ErrorCode
  wrongType: ErrorCode
}

export const AVATAR_UPLOAD_CODES: ImageUploadCodes = {
  tooLarge: ErrorCode.AVATAR_TOO_LARGE,
  notImage: ErrorCode.AVATAR_NOT_IMAGE,
  wrongType: ErrorCode.AVATAR_WRONG_TYPE,
}

/** Refuses, before the body is read, the size a request announces and a type it may not send. */
export function checkUploadHeaders(
  headers: { 'content-length'?: string; 'content-type'?: string },
  maxBytes: number,
  accepted: readonly ImageType[],
  codes: ImageUploadCodes,
): void {
  if (Number(headers['content-length'] ?? 0) > maxBytes) throw new CodedError(codes.tooLarge, `at most ${maxBytes} bytes`)
  const declared = imageTypeOfHeader(headers['content-type'])
  if (!declared || !accepted.includes(declared)) throw new CodedError(codes.wrongType)
}

/** The uploaded image's type: one of `accepted`, what its Content-Type says and its bytes are, at most `maxBytes`. */
export function checkUploadedImage(
  contentType: string | undefined,
  bytes: Buffer,
  maxBytes: number,
  accepted: readonly ImageType[],
  codes: ImageUploadCodes,
): ImageType {
  checkUploadHeaders({ 'content-length': String(bytes.length), 'content-type': contentType }, maxBytes, accepted, codes)
  const declared = imageTypeOfHeader(contentType)
  const actual = imageTypeOf(bytes)
  if (!actual || !accepted.includes(actual)) throw new CodedError(codes.notImage)
  if (actual !== declared) throw new CodedError(codes.wrongType, `the bytes are ${actual}, not ${declared}`)
  return actual
}

/** A file name for these bytes: the same bytes always get the same name. */
export function contentHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32)
}
