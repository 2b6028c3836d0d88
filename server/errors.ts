// The service's refusals and failures in the protocol's own terms: a code from
// src/protocol/errors.ts and a detail. Nothing here knows HTTP: the error plugin
// (http/errorHandler.ts) is the one place that turns a code into a status.
import { errorMessage, type ErrorCode } from '@liveroom/protocol/errors'

export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
  ) {
    super(errorMessage(code, detail))
    this.name = 'CodedError'
  }
}
