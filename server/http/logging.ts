// Logger settings: secrets never reach a log line (tokens, UserSigs, keys, signed URLs).
import type { FastifyPluginAsync, FastifyServerOptions } from 'fastify'
import fp from 'fastify-plugin'
import { ROOM_API_PREFIX } from '@liveroom/protocol/roomService'

/** Query parameters whose values are credentials. */
const SECRET_PARAMS = new Set(['token', 'usersig', 'txsecret', 'code', 'js_code', 'secret', 'sign', 'signature', 'key'])
const REDACTED = '[redacted]'

/** The URL with the values of credential parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const name = decodeURIComponentSafe(eq < 0 ? pair : pair.slice(0, eq)).toLowerCase()
      return SECRET_PARAMS.has(name) ? `${eq < 0 ? pair : pair.slice(0, eq)}=${REDACTED}` : pair
    })
  return `${url.slice(0, q)}?${params.join('&')}`
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

interface RequestLike {
  method: string
  url: string
  ip?: string
  routeOptions?: { url?: string }
}

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.token',
  '*.userSig',
  '*.secretKey',
  '*.secret',
  '*.pushURL',
]

/**
 * Calls every client repeats every few seconds (signs of life, polls): a successful one says
 * nothing an operator needs, and logging each one cost as much as answering it.
 */
const ROUTINE_ROUTES = new Set(
  ['anchor_heartbeat', 'add_audience', 'get_room_list', 'get_anchors', 'get_audiences'].map((name) => `${ROOM_API_PREFIX}${name}`),
)

const VERBOSE_LEVELS = new Set(['debug', 'trace'])

/**
 * The `request-log` plugin: one line per answered request: what was asked (URL redacted), the
 * status, the time taken. At info, except successful routine calls, which are at debug.
 */
const requestLog: FastifyPluginAsync = async (app) => {
  app.addHook('onResponse', async (request, reply) => {
    const routine = reply.statusCode < 400 && ROUTINE_ROUTES.has(request.routeOptions.url ?? '')
    // Not even the line's object when it would be dropped.
    if (routine && !VERBOSE_LEVELS.has(request.log.level)) return
    const line = { req: request, res: { statusCode: reply.statusCode }, ms: Math.round(reply.elapsedTime * 10) / 10 }
    if (routine) request.log.debug(line, 'request')
    else request.log.info(line, 'request')
  })
}

export type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>

export function loggerOptions(level: string, stream?: NodeJS.WritableStream): LoggerOptions {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      req(req: RequestLike) {
        return { method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }
      },
    },
  }
}

export default fp(requestLog, { name: 'request-log' })
