// A failed room-service call, with the protocol code for code and a Chinese message for people.
import { ERROR_TEXT, ErrorCode, isErrorCode } from '@liveroom/protocol/errors'

export class RoomServiceError extends Error {
  constructor(
    /** A protocol `ErrorCode`, or an unknown code the server sent. */
    readonly code: number,
    /** What to show the user. */
    readonly userMessage: string,
    /** The endpoint that failed. */
    readonly endpoint: string,
  ) {
    super(`${endpoint}: ${code} ${userMessage}`)
    this.name = 'RoomServiceError'
  }

  /** The login is gone (expired, revoked or unknown): log in again. */
  get needsLogin(): boolean {
    return this.code === ErrorCode.TOKEN_EXPIRED || this.code === ErrorCode.TOKEN_INVALID
  }

  /** Worth retrying as is: the network, a timeout or a passing server fault. */
  get transient(): boolean {
    return (
      this.code === ErrorCode.NETWORK_ERROR ||
      this.code === ErrorCode.TIMEOUT ||
      this.code === ErrorCode.STORE_ERROR ||
      this.code === ErrorCode.SHUTTING_DOWN ||
      this.code === ErrorCode.INTERNAL ||
      this.code === ErrorCode.RATE_LIMITED
    )
  }
}

/** Turns a reply's code into an error; the server's message is kept only when the code is unknown to us. */
export function replyError(endpoint: string, code: number, serverMessage: unknown): RoomServiceError {
  const text = isErrorCode(code) ? ERROR_TEXT[code].zh : typeof serverMessage === 'string' && serverMessage ? serverMessage : `房间服务错误 ${code}`
  return new RoomServiceError(code, text, endpoint)
}
