// Errors a handler can throw; the error handler turns them into `{ code, message }` replies.
import { ErrorCode, errorMessage } from '../../src/protocol/errors.ts'

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.BAD_REQUEST]: 400,
  [ErrorCode.MALFORMED_JSON]: 400,
  [ErrorCode.BODY_TOO_LARGE]: 413,
  [ErrorCode.UNKNOWN_ENDPOINT]: 404,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
  [ErrorCode.USERSIG_INVALID]: 401,
  [ErrorCode.USERSIG_EXPIRED]: 401,
  [ErrorCode.SDKAPPID_MISMATCH]: 401,
  [ErrorCode.USERID_MISMATCH]: 401,
  [ErrorCode.TOKEN_INVALID]: 401,
  [ErrorCode.TOKEN_EXPIRED]: 401,
  [ErrorCode.WX_CODE_INVALID]: 401,
  [ErrorCode.LOGIN_METHOD_DISABLED]: 403,
  [ErrorCode.BAD_USER_ID]: 400,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.ROOM_NOT_FOUND]: 404,
  [ErrorCode.ROOM_ID_TAKEN]: 409,
  [ErrorCode.NOT_ROOM_CREATOR]: 403,
  [ErrorCode.PUSHER_NOT_FOUND]: 404,
  [ErrorCode.ROOM_FULL]: 409,
  [ErrorCode.NOT_ADMITTED]: 403,
  [ErrorCode.RECORDING_NOT_FOUND]: 404,
  [ErrorCode.TOO_MANY_ROOMS]: 429,
  [ErrorCode.MIX_STREAM_NOT_IN_ROOM]: 400,
  [ErrorCode.INTERNAL]: 500,
  [ErrorCode.STORE_ERROR]: 503,
  [ErrorCode.SHUTTING_DOWN]: 503,
  [ErrorCode.UPSTREAM_ERROR]: 502,
  [ErrorCode.MIX_NOT_CONFIGURED]: 501,
  [ErrorCode.STREAM_NOT_CONFIGURED]: 501,
  [ErrorCode.RECORDING_NOT_CONFIGURED]: 501,
}

/** HTTP status that goes with a protocol error code (clients read `code`; the status helps proxies and logs). */
export function httpStatusFor(code: ErrorCode): number {
  return STATUS[code] ?? 500
}

export class ApiError extends Error {
  readonly statusCode: number
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
  ) {
    super(errorMessage(code, detail))
    this.name = 'ApiError'
    this.statusCode = httpStatusFor(code)
  }
}

export interface ErrorReply {
  code: ErrorCode
  message: string
}

export function errorReply(code: ErrorCode, detail?: string): ErrorReply {
  return { code, message: errorMessage(code, detail) }
}
