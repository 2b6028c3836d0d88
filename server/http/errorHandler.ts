// The `errors` plugin: the one place that turns any failure into a `{ code, message }` reply,
// and the one place where a protocol code becomes an HTTP status.
import type { FastifyError, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCode, type ErrorCode as Code } from '@liveroom/protocol/errors'
import { CodedError } from '../errors.ts'
import { StoreError } from '../store/types.ts'
import { errorReply } from './errors.ts'

const STATUS: Partial<Record<Code, number>> = {
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
  [ErrorCode.BANNED]: 403,
  [ErrorCode.KICKED]: 403,
  [ErrorCode.TEXT_BLOCKED]: 400,
  [ErrorCode.BAN_LIST_FULL]: 409,
  [ErrorCode.CANNOT_MODERATE_SELF]: 400,
  [ErrorCode.KICK_LIST_FULL]: 409,
  [ErrorCode.SUMMARY_NOT_FOUND]: 404,
  [ErrorCode.AVATAR_TOO_LARGE]: 413,
  [ErrorCode.AVATAR_NOT_IMAGE]: 400,
  [ErrorCode.AVATAR_WRONG_TYPE]: 415,
  [ErrorCode.AVATAR_NOT_FOUND]: 404,
  [ErrorCode.BAD_NICKNAME]: 400,
  [ErrorCode.WECHAT_LOGIN_REQUIRED]: 403,
  [ErrorCode.LIVE_NOTICE_NOT_CONFIGURED]: 501,
  [ErrorCode.COVER_TOO_LARGE]: 413,
  [ErrorCode.COVER_NOT_IMAGE]: 400,
  [ErrorCode.COVER_WRONG_TYPE]: 415,
  [ErrorCode.INTERNAL]: 500,
  [ErrorCode.STORE_ERROR]: 503,
  [ErrorCode.SHUTTING_DOWN]: 503,
  [ErrorCode.UPSTREAM_ERROR]: 502,
  [ErrorCode.MIX_NOT_CONFIGURED]: 501,
  [ErrorCode.STREAM_NOT_CONFIGURED]: 501,
  [ErrorCode.RECORDING_NOT_CONFIGURED]: 501,
}

/** HTTP status that goes with a protocol error code (clients read `code`; the status helps proxies and logs). */
export function httpStatusFor(code: Code): number {
  return STATUS[code] ?? 500
}

interface Mapped {
  code: Code
  detail?: string
  status?: number
}

function map(err: FastifyError | Error): Mapped {
  if (err instanceof CodedError) return { code: err.code, detail: err.detail }
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

const errorHandlers: FastifyPluginAsync = async (app) => {
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
      .code(httpStatusFor(ErrorCode.UNKNOWN_ENDPOINT))
      .type('application/json; charset=utf-8')
      .send(errorReply(ErrorCode.UNKNOWN_ENDPOINT, `${request.method} ${request.url.split('?')[0]}`))
  })
}

/**
 * Routes take the error handler in force when they are declared: every plugin that declares
 * routes lists `errors` among its dependencies.
 */
export default fp(errorHandlers, { name: 'errors', dependencies: ['rate-limits'] })
