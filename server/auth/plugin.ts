// The `auth` plugin. `app.authenticate`: the onRequest hook of every call that needs `userID` +
// a live token, and the rate limit that goes with it (per user once the login is good, per
// address before). Not encapsulated, so that every route plugin sees it. `app.tokens` is the
// login routes' (they issue and revoke tokens), not only the hook's.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCode } from '@liveroom/protocol/errors'
import { CodedError } from '../errors.ts'
import type { TokenService } from './tokens.ts'

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    tokens: TokenService
  }
  interface FastifyRequest {
    /** The authenticated caller (set by `authenticate`). */
    userID: string
    /** The token the caller presented (set by `authenticate`). */
    token: string
  }
}

function queryString(request: FastifyRequest, name: string): string | undefined {
  const v = (request.query as Record<string, unknown> | undefined)?.[name]
  return typeof v === 'string' && v !== '' && v.length <= 256 ? v : undefined
}

export interface AuthOptions {
  tokens: TokenService
}

const auth: FastifyPluginAsync<AuthOptions> = async (app, { tokens }) => {
  app.decorate('tokens', tokens)
  app.decorateRequest('userID', '')
  app.decorateRequest('token', '')
  app.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
    const userID = queryString(request, 'userID')
    const token = queryString(request, 'token')
    try {
      if (!userID || !token) throw new CodedError(ErrorCode.TOKEN_INVALID, 'userID and token are required in the query')
      await tokens.check(userID, token)
    } catch (err) {
      // A call without a valid login counts against its address: made-up tokens are limited too.
      await app.anonymousRateLimit(request, reply)
      throw err
    }
    request.userID = userID
    request.token = token
    await app.userRateLimit(request, reply)
  })
}

export default fp(auth, { name: 'auth', dependencies: ['rate-limits'] })
