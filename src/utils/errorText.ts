// What to tell the user about a failure: the room service's own message, else the error's.
import { RoomServiceError } from '@/adapters/roomService/errors'

export function errorText(err: unknown): string {
  if (err instanceof RoomServiceError) return err.userMessage
  return err instanceof Error ? err.message : String(err)
}
