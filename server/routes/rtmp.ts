// POST /rtmp/on_publish: the publish callback of a self-hosted RTMP server. nginx-rtmp posts a
// form (`name`, and the publish URL's arguments such as `token`, `expire`); SRS posts JSON
// (`stream`, `param` = "?expire=..&token=.."). 2xx lets the publish through, 403 refuses it.
import type { FastifyPluginAsync } from 'fastify'
import { ErrorCode } from '../../src/protocol/errors.ts'
import type { Clock } from '../clock.ts'
import type { RtmpStreamConfig } from '../config.ts'
import { errorReply } from '../http/errors.ts'
import { checkPublishToken } from '../streams/rtmp.ts'

export interface RtmpRouteOptions {
  streams: RtmpStreamConfig
  clock: Clock
  sdkAppId: number
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name]
  return typeof v === 'string' ? v : undefined
}

export function publishArgs(body: Record<string, unknown>): { name?: string; expire?: string; token?: string } {
  let name = field(body, 'name') ?? field(body, 'stream')
  const extra = new URLSearchParams()
  for (const key of ['args', 'param']) {
    const v = field(body, key)
    if (v) for (const [k, val] of new URLSearchParams(v.replace(/^\?/, ''))) extra.set(k, val)
  }
  if (name?.includes('?')) {
    const [bare, query] = name.split('?', 2)
    name = bare
    for (const [k, val] of new URLSearchParams(query)) extra.set(k, val)
  }
  return {
    name,
    expire: field(body, 'expire') ?? extra.get('expire') ?? undefined,
    token: field(body, 'token') ?? extra.get('token') ?? undefined,
  }
}

const rtmpRoutes: FastifyPluginAsync<RtmpRouteOptions> = async (app, { streams, clock, sdkAppId }) => {
  // Forms only on this route: the room API stays JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    done(null, Object.fromEntries(new URLSearchParams(text)))
  })

  app.post<{ Body: Record<string, unknown> | undefined }>('/rtmp/on_publish', async (request, reply) => {
    const args = publishArgs(request.body ?? {})
    const namePrefix = `${sdkAppId}_`
    if (!args.name || !args.name.startsWith(namePrefix)) {
      return reply.code(403).send(errorReply(ErrorCode.FORBIDDEN, 'unknown stream name'))
    }
    const result = checkPublishToken(streams.secret, args.name, args.expire, args.token, Math.floor(clock.now() / 1000))
    if (result !== 'ok') {
      request.log.info({ stream: args.name, result }, 'publish refused')
      return reply.code(403).send(errorReply(ErrorCode.FORBIDDEN, `publish token ${result}`))
    }
    return { code: 0, message: 'ok' }
  })
}

export default rtmpRoutes
