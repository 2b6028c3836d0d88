// What an uploaded image is, by its first bytes (its magic number), never by what the client says.

export type ImageType = 'jpg' | 'png' | 'webp'

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
