// One place that turns any failure into a `{ code, message }` reply with a fitting HTTP status.
import type { FastifyError, FastifyInstance } from 'fastify'
import { ErrorCode, type ErrorCode as Code } from '../../src/protocol/errors.ts'
import { StoreError } from '../store/types.ts'
import { ApiError, errorReply, httpStatusFor } from './errors.ts'

interface Mapped {
  code: Code
  detail?: string
  status?: number
}

function map(err: FastifyError | Error): Mapped {
  if (err instanceof ApiError) return { code: err.code, detail: err.detail }
  if (err instanceof StoreError) return { code: ErrorCode.STORE_ERROR }
  const fe = err as Partial<FastifyError>
  if (fe.validation) return { code: ErrorCode.BAD_REQUEST, detail: err.message }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: ErrorCode.MALFORMED_JSON }
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: ErrorCode.BODY_TOO_LARGE }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE }
  }
  if (fe.statusCode === 429) return { code: ErrorCode.RATE_LIMITED, detail: err.message }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { code: ErrorCode.BAD_REQUEST, detail: err.message, status: fe.statusCode }
  }
  return { code: ErrorCode.INTERNAL }
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    const m = map(err)
    const status = m.status ?? httpStatusFor(m.code)
    if (status >= 500) request.log.error({ err }, 'request failed')
    else request.log.info({ code: m.code, reason: m.detail ?? err.message }, 'request rejected')
    // Rate-limit headers and the like stay; only the body is ours.
    return reply.code(status).type('application/json; charset=utf-8').send(errorReply(m.code, m.detail))
  })

  // Unknown endpoints count against the caller's address, like any call without a valid login.
  app.setNotFoundHandler({ preHandler: app.anonymousRateLimit }, (request, reply) => {
    return reply
      .code(404)
      .type('application/json; charset=utf-8')
      .send(errorReply(ErrorCode.UNKNOWN_ENDPOINT, `${request.method} ${request.url.split('?')[0]}`))
  })
}
