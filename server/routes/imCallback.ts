// POST /im/callback: Tencent IM's third-party callbacks (set this URL, and callback
// authentication with IM_CALLBACK_TOKEN, in the IM console). Replies are in Tencent's format
// ({ActionStatus, ErrorCode, ErrorInfo}), refusals of the request itself too: 401 for a missing,
// wrong or stale signature, 403 for another SDKAppID, 400 for a body that is not a callback.
import type { FastifyError, FastifyPluginAsync, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import type { Clock } from '../clock.ts'
import { checkCallback, type CallbackQuery } from '../im/callbackAuth.ts'
import { ALLOW, type BeforeSendMsg, type BeforeSendMsgBody, type CallbackReply } from '../im/beforeSendMsg.ts'

export const IM_CALLBACK_PATH = '/im/callback'

/**
 * Tencent waits 2 s for a before-send callback; past this the message is delivered unchecked
 * (the text check's own deadline is shorter still).
 */
const DECISION_DEADLINE_MS = 1800

const str = (maxLength: number) => ({ type: 'string', maxLength }) as const

// Plain JSON schemas of Tencent's shapes (the types are CallbackQuery and BeforeSendMsgBody).
const querySchema = {
  type: 'object',
  properties: {
    SdkAppid: str(20),
    CallbackCommand: str(64),
    contenttype: str(16),
    ClientIP: str(64),
    OptPlatform: str(32),
    Sign: str(128),
    RequestTime: str(16),
  },
} as const

const bodySchema = {
  type: 'object',
  required: ['CallbackCommand'],
  properties: {
    CallbackCommand: str(64),
    GroupId: str(128),
    From_Account: str(64),
    MsgBody: {
      type: 'array',
      maxItems: 32,
      items: {
        type: 'object',
        required: ['MsgType', 'MsgContent'],
        properties: { MsgType: str(32), MsgContent: { type: 'object' } },
      },
    },
  },
} as const

const replySchema = {
  type: 'object',
  required: ['ActionStatus', 'ErrorCode', 'ErrorInfo'],
  properties: { ActionStatus: { type: 'string' }, ErrorCode: { type: 'integer' }, ErrorInfo: { type: 'string' } },
} as const

export interface ImCallbackOptions {
  token: string
  sdkAppId: number
  clock: Clock
  beforeSendMsg: BeforeSendMsg
}

function fail(reply: FastifyReply, status: number, info: string): FastifyReply {
  const body: CallbackReply = { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: info }
  return reply.code(status).type('application/json; charset=utf-8').send(body)
}

const imCallbackRoutes: FastifyPluginAsync<ImCallbackOptions> = async (app, o) => {
  app.post<{ Querystring: CallbackQuery; Body: BeforeSendMsgBody }>(IM_CALLBACK_PATH, {
    // A message's text may be 12 KB, escaped in JSON.
    bodyLimit: 64 * 1024,
    schema: { querystring: querySchema, body: bodySchema, response: { 200: replySchema } },
    errorHandler: (err: FastifyError, request, reply) => {
      if (err.validation || (err.statusCode !== undefined && err.statusCode < 500)) return fail(reply, err.statusCode ?? 400, err.message)
      request.log.error({ err }, 'IM callback failed')
      return fail(reply, 500, 'internal error')
    },
    handler: async (request, reply) => {
      const auth = checkCallback(request.query, { token: o.token, sdkAppId: o.sdkAppId, now: o.clock.now() })
      if (!auth.ok) {
        request.log.warn({ reason: auth.reason }, 'IM callback refused')
        return fail(reply, auth.status, auth.reason)
      }
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<CallbackReply>((resolve) => {
        timer = setTimeout(() => {
          request.log.warn('IM callback: no decision in time, the message is delivered')
          resolve(ALLOW)
        }, DECISION_DEADLINE_MS)
      })
      const decided = o.beforeSendMsg.decide(request.body, request.query.OptPlatform === 'RESTAPI').catch((err: unknown) => {
        request.log.error({ err }, 'IM callback: no decision (the message is delivered)')
        return ALLOW
      })
      try {
        return await Promise.race([decided, late])
      } finally {
        clearTimeout(timer)
      }
    },
  })
}

export default fp(imCallbackRoutes, { name: 'im-callback-routes', dependencies: ['errors', 'json-body'], encapsulate: true })
