// The `{ code, message }` body of every refusal.
import { ErrorCode, errorMessage } from '@liveroom/protocol/errors'

export interface ErrorReply {
  code: ErrorCode
  message: string
}

export function errorReply(code: ErrorCode, detail?: string): ErrorReply {
  return { code, message: errorMessage(code, detail) }
}
