// Identity: login with a UserSig, login with a wx.login code (or DEV_LOGIN), logout.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorCode } from '@liveroom/protocol/errors'
import {
  LOGIN_INFO_PATH,
  ROOM_API_PREFIX,
  USER_ID_PATTERN,
  type GetLoginInfoReply,
  type GetLoginInfoRequest,
  type LoginQuery,
  type LoginReply,
  type LogoutReply,
} from '@liveroom/protocol/roomService'
import {
  getLoginInfoReplySchema,
  getLoginInfoRequestSchema,
  loginQuerySchema,
  replySchemas,
} from '@liveroom/protocol/roomServiceSchemas'
import { issueUserSig, verifyUserSig } from '../auth/usersig.ts'
import { userIdFromOpenid, type WechatLogin } from '../auth/wechat.ts'
import type { Clock } from '../clock.ts'
import type { Config } from '../config.ts'
import { CodedError } from '../errors.ts'

const USER_ID_RE = new RegExp(USER_ID_PATTERN)

export interface IdentityOptions {
  config: Config
  clock: Clock
  wechat?: WechatLogin
}

const identityRoutes: FastifyPluginAsync<IdentityOptions> = async (app, { config, clock, wechat }) => {
  app.post<{ Querystring: LoginQuery; Reply: LoginReply }>(`${ROOM_API_PREFIX}login`, {
    onRequest: app.loginRateLimit,
    schema: { querystring: loginQuerySchema, response: { 200: replySchemas.login } },
    handler: async (request) => {
      const q = request.query
      if (!USER_ID_RE.test(q.userID)) throw new CodedError(ErrorCode.BAD_USER_ID)
      if (Number(q.sdkAppID) !== config.sdkAppId) throw new CodedError(ErrorCode.SDKAPPID_MISMATCH)
      const now = clock.now()
      const check = verifyUserSig({
        userSig: q.userSig,
        userID: q.userID,
        sdkAppId: config.sdkAppId,
        secretKey: config.secretKey,
        nowSeconds: Math.floor(now / 1000),
      })
      if (!check.ok) throw new CodedError(check.code, check.reason)
      const { token, expiresAt } = await app.tokens.issue(q.userID, check.expiresAtS * 1000)
      return { code: 0, message: 'ok', token, userID: q.userID, timestamp: now, expireAt: expiresAt }
    },
  })

  app.post<{ Reply: LogoutReply }>(`${ROOM_API_PREFIX}logout`, {
    onRequest: app.authenticate,
    schema: { response: { 200: replySchemas.logout } },
    handler: async (request) => {
      await app.tokens.revoke(request.token)
      return { code: 0, message: 'ok' }
    },
  })

  app.post<{ Body: GetLoginInfoRequest; Reply: GetLoginInfoReply }>(LOGIN_INFO_PATH, {
    onRequest: app.loginRateLimit,
    schema: { body: getLoginInfoRequestSchema, response: { 200: getLoginInfoReplySchema } },
    handler: async (request) => {
      const { code, userID: devUserID } = request.body
      let userID: string
      if (code !== undefined) {
        if (!wechat) throw new CodedError(ErrorCode.LOGIN_METHOD_DISABLED, 'WX_APPID/WX_SECRET are not configured')
        const res = await wechat.code2session(code)
        if (!res.ok) {
          if (res.kind === 'rejected') throw new CodedError(ErrorCode.WX_CODE_INVALID, `errcode ${res.errcode} ${res.errmsg}`)
          throw new CodedError(ErrorCode.UPSTREAM_ERROR, res.reason)
        }
        userID = userIdFromOpenid(config.userIdKey, res.openid)
      } else if (devUserID !== undefined) {
        if (!config.devLogin) throw new CodedError(ErrorCode.LOGIN_METHOD_DISABLED, 'login by userID needs DEV_LOGIN=1')
        if (!USER_ID_RE.test(devUserID)) throw new CodedError(ErrorCode.BAD_USER_ID)
        userID = devUserID
      } else {
        throw new CodedError(ErrorCode.BAD_REQUEST, 'body must have a wx.login code')
      }
      const now = clock.now()
      const nowS = Math.floor(now / 1000)
      const userSig = issueUserSig(config.sdkAppId, config.secretKey, userID, nowS, config.userSigExpireS)
      const { token, expiresAt } = await app.tokens.issue(userID, (nowS + config.userSigExpireS) * 1000)
      return { code: 0, message: 'ok', userID, userSig, sdkAppID: config.sdkAppId, token, timestamp: now, expireAt: expiresAt }
    },
  })
}

export default fp(identityRoutes, { name: 'identity-routes', dependencies: ['auth', 'rate-limits', 'errors', 'json-body'], encapsulate: true })
