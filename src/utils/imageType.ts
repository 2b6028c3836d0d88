// Which image format bytes are, from their signature: the avatar upload must name it, and the service checks.
import type { AvatarContentType } from '@/adapters/roomService/client'

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b)
}

export function imageContentType(image: ArrayBuffer): AvatarContentType | null {
  const bytes = new Uint8Array(image, 0, Math.min(image.byteLength, 12))
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  // "RIFF" <size> "WEBP"
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp'
  return null
}
