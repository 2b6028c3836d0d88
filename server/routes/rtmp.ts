// The hooks of an external RTMP server (nginx-rtmp, SRS): POST /rtmp/on_publish and /rtmp/on_play
// decide (2xx lets the session through, 403 refuses it); /rtmp/on_publish_done reports the end of
// a publish (with that publish's token). nginx-rtmp posts a form (`name`, and the URL's arguments such as `token`, `expire`);
// SRS posts JSON (`stream`, `param` = "?expire=..&token=.."). The embedded media server runs the
// same checks in its own process.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCode } from '@liveroom/protocol/errors'
import type { Clock } from '../clock.ts'
import type { RtmpStreamConfig } from '../config.ts'
import { errorReply } from '../http/errors.ts'
import type { MediaEvents } from '../media/events.ts'
import { streamRefusal, type StreamAction } from '../streams/rtmp.ts'

export interface RtmpRouteOptions {
  streams: RtmpStreamConfig
  clock: Clock
  sdkAppId: number
  events: MediaEvents
}

type HookBody = Record<string, unknown> | undefined

function field(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name]
  return typeof v === 'string' ? v : undefined
}

export function publishArgs(body: Record<string, unknown>): { name?: string; expire?: string; token?: string; session: string } {
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
    // nginx-rtmp's connection id, or SRS's (a number there): which publish a hook is about.
    session: field(body, 'clientid') ?? field(body, 'client_id') ?? (typeof body.client_id === 'number' ? String(body.client_id) : ''),
  }
}

const rtmpRoutes: FastifyPluginAsync<RtmpRouteOptions> = async (app, { streams, clock, sdkAppId, events }) => {
  // Forms only on these routes: the room API stays JSON.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    done(null, Object.fromEntries(new URLSearchParams(text)))
  })

  /**
   * The hook's arguments when the session may go on; otherwise the refusal has been sent. An
   * expired token still names its publish when that publish ends (`ended`).
   */
  function admit(
    action: StreamAction,
    request: FastifyRequest<{ Body: HookBody }>,
    reply: FastifyReply,
    ended = false,
  ): { name: string; session: string } | undefined {
    const args = publishArgs(request.body ?? {})
    const gate = { secret: streams.secret, sdkAppId, playAuth: streams.playAuth }
    const refused = args.name ? streamRefusal(gate, action, args.name, args, Math.floor(clock.now() / 1000), ended) : 'unknown stream name'
    if (refused !== undefined || !args.name) {
      request.log.info({ stream: args.name, action, refused }, `${action} refused`)
      void reply.code(403).send(errorReply(ErrorCode.FORBIDDEN, refused))
      return undefined
    }
    return { name: args.name, session: args.session }
  }

  app.post<{ Body: HookBody }>('/rtmp/on_publish', async (request, reply) => {
    const admitted = admit('publish', request, reply)
    if (!admitted) return reply
    events.published(admitted.name, admitted.session)
    return { code: 0, message: 'ok' }
  })

  app.post<{ Body: HookBody }>('/rtmp/on_play', async (request, reply) => {
    if (admit('play', request, reply) === undefined) return reply
    return { code: 0, message: 'ok' }
  })

  // Only with the publish's own token: anyone else who can reach the service could end any stream.
  app.post<{ Body: HookBody }>('/rtmp/on_publish_done', async (request, reply) => {
    const admitted = admit('publish', request, reply, true)
    if (!admitted) return reply
    events.unpublished(admitted.name, admitted.session)
    return { code: 0, message: 'ok' }
  })
}

export default fp(rtmpRoutes, { name: 'rtmp-routes', dependencies: ['errors', 'json-body'], encapsulate: true })
