// Request limits, each keyed by what can be trusted at the point it runs:
// - every request, by address, before anything else: a flood with bad or no tokens still counts;
// - the login endpoints, by address: each wx.login code costs a call to WeChat's jscode2session;
// - every authenticated call, by user, once the token is verified: one user's flood, wherever
//   it comes from (a made-up userID in the query buys no fresh allowance).
// With Redis the counts are shared by every instance. A limiter that cannot reach its store lets
// the request through: the store's own failure is then the reply.
import rateLimit, { type CreateRateLimitOptions } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Redis } from 'ioredis'
import { ErrorCode } from '../../src/protocol/errors.ts'
import type { RateLimitConfig } from '../config.ts'
import { ApiError } from './errors.ts'

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook after `authenticate`: the per-user limit. */
    userRateLimit: Hook
    /** onRequest hook of the login endpoints: the per-address login limit. */
    loginRateLimit: Hook
  }
}

/** Called by machines, not users: health probes and the RTMP server's publish callback. */
const UNLIMITED_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/rtmp/on_publish'])

export async function installRateLimits(
  app: FastifyInstance,
  limits: RateLimitConfig,
  redis?: { client: Redis; prefix: string },
): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    timeWindow: limits.windowS * 1000,
    redis: redis?.client,
    nameSpace: redis ? `${redis.prefix}ratelimit:` : undefined,
    skipOnError: true,
  })

  // The plugin's own hooks run once per request; each limit here counts on its own.
  const limiter = (options: CreateRateLimitOptions): Hook => {
    const check = app.createRateLimit(options)
    return async (request, reply) => {
      const result = await check(request)
      if (result.isAllowed || !result.isExceeded) return
      reply.header('retry-after', result.ttlInSeconds)
      throw new ApiError(ErrorCode.RATE_LIMITED, `at most ${result.max} requests per ${limits.windowS} s`)
    }
  }

  app.addHook(
    'onRequest',
    limiter({
      max: limits.addressMax,
      keyGenerator: (request) => `a:${request.ip}`,
      allowList: (request) => UNLIMITED_ROUTES.has(request.routeOptions.url ?? ''),
    }),
  )
  app.decorate('loginRateLimit', limiter({ max: limits.loginMax, keyGenerator: (request) => `l:${request.ip}` }))
  app.decorate('userRateLimit', limiter({ max: limits.userMax, keyGenerator: (request) => `u:${request.userID}` }))
}
