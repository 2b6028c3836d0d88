// The `{ code, message }` body of every refusal.
import { ErrorCode, errorMessage } from '../../src/protocol/errors.ts'

export interface ErrorReply {
  code: ErrorCode
  message: string
}

export function errorReply(code: ErrorCode, detail?: string): ErrorReply {
  return { code, message: errorMessage(code, detail) }
}
