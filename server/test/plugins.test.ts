// The app's parts are Fastify plugins whose order is checked by Fastify itself, and the room
// rules report refusals as protocol codes, leaving HTTP statuses to the error plugin.
import fs from 'node:fs'
import path from 'node:path'
import Fastify from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { ErrorCode } from '@liveroom/protocol/errors'
import { buildApp } from '../app.ts'
import { TokenService } from '../auth/tokens.ts'
import auth from '../auth/plugin.ts'
import { systemClock } from '../clock.ts'
import { CodedError } from '../errors.ts'
import errorHandlers from '../http/errorHandler.ts'
import jsonBody from '../http/json.ts'
import rateLimits from '../http/rateLimits.ts'
import { RoomService } from '../rooms/service.ts'
import roomRoutes from '../routes/rooms.ts'
import { SqliteRoomStore } from '../store/sqlite.ts'
import { createStreamUrlPolicy } from '../streams/index.ts'
import { tempDir, testConfig } from './helpers.ts'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

function sqliteStore(): SqliteRoomStore {
  const dir = tempDir()
  const store = new SqliteRoomStore(path.join(dir, 'rooms.sqlite'))
  cleanups.push(async () => {
    await store.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })
  return store
}

function roomService(store: SqliteRoomStore): RoomService {
  const config = testConfig()
  return new RoomService({
    store,
    clock: systemClock,
    streams: createStreamUrlPolicy(config.streams),
    sdkAppId: config.sdkAppId,
    anchorTimeoutMs: 30_000,
    maxPushers: 4,
    admission: 'room',
    audienceTimeoutMs: 0,
  })
}

const limits = { limits: testConfig().rateLimit, trustProxy: false as const }

describe('plugin graph', () => {
  it('registers every part under its name', async () => {
    const store = sqliteStore()
    const app = await buildApp({ config: testConfig(), store, logger: false, sweeper: true })
    cleanups.unshift(() => app.close())
    await app.ready()
    for (const name of ['connections', 'request-log', 'shutdown', 'json-body', 'rate-limits', 'errors', 'media', 'auth', 'metrics', 'room-routes', 'sweeper']) {
      expect(app.hasPlugin(name), name).toBe(true)
    }
  })

  it('refuses to start when a plugin a part depends on is missing', async () => {
    const store = sqliteStore()
    const app = Fastify({ logger: false })
    cleanups.unshift(() => app.close())
    await app.register(rateLimits, limits)
    await app.register(errorHandlers)
    await app.register(jsonBody)
    await expect(app.register(roomRoutes, { rooms: roomService(store) })).rejects.toMatchObject({
      code: 'FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED',
      message: "The dependency 'auth' of plugin 'room-routes' is not registered",
    })
  })

  it('refuses to start when a part is registered before one it depends on', async () => {
    const store = sqliteStore()
    const app = Fastify({ logger: false })
    cleanups.unshift(() => app.close())
    await expect(app.register(auth, { tokens: new TokenService(store, systemClock, 60_000, 'k', 0) })).rejects.toMatchObject({
      code: 'FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED',
      message: "The dependency 'rate-limits' of plugin 'auth' is not registered",
    })
  })
})

describe('room rules', () => {
  it('refuse with a protocol code and a detail, and no HTTP status', async () => {
    const rooms = roomService(sqliteStore())
    const err: unknown = await rooms.createRoom('alice', { roomInfo: 'r', userID: 'bob' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CodedError)
    expect(err).toMatchObject({ code: ErrorCode.FORBIDDEN, detail: 'userID must be your own' })
    expect(err).not.toHaveProperty('statusCode')
  })
})
