// The real room service in-process, for client-side tests: SQLite in a temp dir, a controllable
// clock, and a Transport that sends the client's requests through Fastify's inject.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.ts'
import { loadConfig, type Env } from '../../server/config.ts'
import { SqliteRoomStore } from '../../server/store/sqlite.ts'
import type { MixWindow } from '../../server/mix/layout.ts'
import type { StreamMixer } from '../../server/mix/types.ts'
import type { Transport } from '../../src/adapters/roomService/transport.ts'
import { ErrorCode } from '../../src/protocol/errors.ts'
import { RoomServiceError } from '../../src/adapters/roomService/errors.ts'

/** Public check values (SPEC §6, §7): never a real deployment's keys. */
export const HARNESS_SDKAPPID = 1400000000
export const HARNESS_SECRET_KEY = '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e'

export const HARNESS_ENV: Env = {
  SDKAPPID: String(HARNESS_SDKAPPID),
  SECRET_KEY: HARNESS_SECRET_KEY,
  PUSH_DOMAIN: 'push.example.com',
  PUSH_KEY: 'e12c46f2612d5106e2034781ab261ca3',
  PLAY_DOMAIN: 'play.example.com',
  LOG_LEVEL: 'silent',
  RATE_LIMIT_MAX: '100000',
  RATE_LIMIT_ADDRESS_MAX: '100000',
  RATE_LIMIT_LOGIN_MAX: '100000',
}

/** A mix the service asked for: the output (creator's) stream and the windows laid over it. */
export interface RecordedMix {
  outputStream: string
  windows: readonly MixWindow[]
}

export interface RoomServiceHarness {
  app: FastifyInstance
  /** Every mix request the service made, in order (cancel is a mix with no windows). */
  mixes: RecordedMix[]
  /** Milliseconds on the service's clock; move it with `advance`. */
  now(): number
  advance(ms: number): void
  /** Runs heartbeat expiry now, as the sweeper would. */
  sweep(): Promise<void>
  transport: Transport
  /** Makes the service unreachable (every request fails as a network error) or reachable again. */
  setReachable(on: boolean): void
  /** Revokes every token the service has issued so far, as a logout elsewhere or a lost session store would. */
  revokeTokens(): Promise<void>
  /** Holds every call to `endpoint` (a slow network): `reached` once one arrives, until `release()`. */
  hold(endpoint: string): { reached: Promise<void>; release: () => void }
  close(): Promise<void>
}

export async function startRoomServiceHarness(env: Env = {}): Promise<RoomServiceHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'room-harness-'))
  const store = new SqliteRoomStore(path.join(dir, 'rooms.db'))
  let ms = Date.now()
  const clock = { now: () => ms }
  const mixes: RecordedMix[] = []
  const mixer: StreamMixer = {
    mix: async (outputStream, windows) => void mixes.push({ outputStream, windows }),
    cancel: async (outputStream) => void mixes.push({ outputStream, windows: [] }),
  }
  const config = loadConfig({ ...HARNESS_ENV, ...env }, dir)
  const app = await buildApp({ config, store, clock, mixer, logger: false, sweeper: false })
  await app.ready()
  let reachable = true
  const issuedTokens: string[] = []
  const held = new Map<string, { reached: () => void; released: Promise<void> }>()

  const transport: Transport = async (url, body, _timeoutMs, endpoint) => {
    if (!reachable) throw new RoomServiceError(ErrorCode.NETWORK_ERROR, '无法连接房间服务，请检查网络或服务地址', endpoint)
    const gate = held.get(endpoint)
    if (gate) {
      gate.reached()
      await gate.released
    }
    const { pathname, search } = new URL(url)
    const res = await app.inject({ method: 'POST', url: pathname + search, payload: body as Record<string, unknown> })
    const data = res.json() as { token?: unknown }
    if (typeof data.token === 'string') issuedTokens.push(data.token)
    return { statusCode: res.statusCode, data }
  }

  return {
    app,
    mixes,
    now: () => ms,
    advance: (delta) => {
      ms += delta
    },
    sweep: async () => {
      await app.rooms.sweep()
    },
    transport,
    setReachable: (on) => {
      reachable = on
    },
    hold: (endpoint) => {
      let reached: () => void = () => undefined
      let release: () => void = () => undefined
      const gate = {
        reached: new Promise<void>((resolve) => (reached = resolve)),
        released: new Promise<void>((resolve) => (release = resolve)),
      }
      held.set(endpoint, { reached, released: gate.released })
      return {
        reached: gate.reached,
        release: () => {
          held.delete(endpoint)
          release()
        },
      }
    },
    revokeTokens: async () => {
      for (const token of issuedTokens.splice(0)) await app.tokens.revoke(token)
    },
    close: async () => {
      await app.close()
      await store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
