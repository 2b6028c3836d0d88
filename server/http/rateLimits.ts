// Request limits, each keyed by what can be trusted where it runs:
// - logins, by address: each wx.login code costs a call to WeChat's jscode2session;
// - calls without a valid login (a made-up token, an unknown endpoint), by address;
// - calls with a valid login, by user: one user's flood, from wherever it comes, while users
//   behind one address (a school's NAT) do not share one allowance.
// With Redis the counts are shared by every instance. A limiter that cannot reach its store lets
// the request through (the store's own failure is then the reply), except the login limiter:
// an unlimited login would reach WeChat.
// The `rate-limits` plugin: decorates the three limits, which later plugins use as hooks.
import rateLimit, { type CreateRateLimitOptions } from '@fastify/rate-limit'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { ErrorCode } from '@liveroom/protocol/errors'
import type { RateLimitConfig, TrustProxy } from '../config.ts'
import { CodedError } from '../errors.ts'

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>

declare module 'fastify' {
  interface FastifyInstance {
    /** The per-user limit, once `authenticate` has checked the login. */
    userRateLimit: Hook
    /** The per-address login limit: the login endpoints' onRequest hook. */
    loginRateLimit: Hook
    /** The per-address limit of calls without a valid login. */
    anonymousRateLimit: Hook
  }
}

export interface RateLimitOptions {
  limits: RateLimitConfig
  trustProxy: TrustProxy
  redis?: { client: Redis; prefix: string }
}

const rateLimits: FastifyPluginAsync<RateLimitOptions> = async (app, { limits, trustProxy, redis }) => {
  await app.register(rateLimit, {
    global: false,
    timeWindow: limits.windowS * 1000,
    redis: redis?.client,
    nameSpace: redis ? `${redis.prefix}ratelimit:` : undefined,
    skipOnError: true,
  })

  // The plugin's own hooks run once per request; each limit here counts on its own.
  const limiter = (options: CreateRateLimitOptions, { failClosed = false } = {}): Hook => {
    const check = app.createRateLimit({ ...options, skipOnError: !failClosed })
    return async (request, reply) => {
      let result: Awaited<ReturnType<typeof check>>
      try {
        result = await check(request)
      } catch {
        throw new CodedError(ErrorCode.STORE_ERROR, 'rate limit unavailable')
      }
      if (result.isAllowed || !result.isExceeded) return
      reply.header('retry-after', result.ttlInSeconds)
      throw new CodedError(ErrorCode.RATE_LIMITED, `at most ${result.max} requests per ${limits.windowS} s`)
    }
  }

  app.decorate('loginRateLimit', limiter({ max: limits.loginMax, keyGenerator: (request) => `l:${request.ip}` }, { failClosed: true }))
  app.decorate('anonymousRateLimit', limiter({ max: limits.addressMax, keyGenerator: (request) => `a:${request.ip}` }))
  app.decorate('userRateLimit', limiter({ max: limits.userMax, keyGenerator: (request) => `u:${request.userID}` }))

  // Behind a proxy that is not trusted, every client has the proxy's address: say so once.
  if (trustProxy === false) {
    let warned = false
    app.addHook('onRequest', async (request) => {
      if (warned || request.headers['x-forwarded-for'] === undefined) return
      warned = true
      request.log.warn('requests carry X-Forwarded-For but TRUST_PROXY is not set: every client counts as the proxy for rate limits')
    })
  }
}

export default fp(rateLimits, { name: 'rate-limits' })
