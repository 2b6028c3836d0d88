// Shared store for several instances behind a load balancer. Every mutation that reads before
// it writes is a Lua script, so it runs atomically on the Redis server.
//
// Keys (P = prefix):
//   P room:<id>          hash   room fields (awaySince: '' or absent while the creator is not away)
//   P room:<id>:pushers  hash   userID -> JSON {userName, userAvatar, pushURL, joinedAt}
//   P room:<id>:hb       hash   userID -> heartbeat ms
//   P room:<id>:aud      hash   userID -> JSON {userInfo, joinedAt} (HLEN: the audience count, O(1))
//   P room:<id>:aud_joined zset userID by joinedAt (get_audiences reads the newest off it)
//   P room:<id>:admit    hash   userID -> admission expiry ms
//   P room:<id>:kicked   hash   userID -> kick ms (written by moderation.redis.ts, deleted with the room)
//   P live               zset   roomID by liveSince
//   P creator_hb         zset   roomID by creator heartbeat
//   P pusher_hb          zset   "<roomID> <userID>" by heartbeat
//   P audience_seen      zset   "<roomID> <userID>" by last add_audience
//   P token:<sha256>     string JSON {userID, expiresAt}, with a TTL
import { createHash } from 'node:crypto'
import { Redis, type RedisOptions } from 'ioredis'
import { HeartbeatQueue, type QueuedHeartbeat } from './heartbeats.ts'
import type {
  AddPusherResult,
  ExpiryResult,
  LivePage,
  NewRoom,
  PusherInput,
  RoomStore,
  StoreCounts,
  StoredAudience,
  StoredPusher,
  StoredRoom,
  TokenRecord,
} from './types.ts'

type Arg = string | number

/** Ranks one step of a room listing reads in Redis. */
const LIST_STEP = 500
/** Heartbeats one script call writes (a flush is one pipeline of such calls). */
const HEARTBEAT_BATCH = 200

class Script {
  private readonly sha: string
  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex')
  }

  async run(redis: Redis, keys: readonly string[], args: readonly Arg[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args)
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('NOSCRIPT')) {
        return redis.eval(this.source, keys.length, ...keys, ...args)
      }
      throw err
    }
  }
}

// KEYS: room, creator_hb, creator_rooms. ARGV: roomID, roomName, roomInfo, roomCreator, custom, createdAt, admission (1|0)
const CREATE_ROOM = new Script(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'roomID', ARGV[1], 'roomName', ARGV[2], 'roomInfo', ARGV[3],
  'roomCreator', ARGV[4], 'custom', ARGV[5], 'createdAt', ARGV[6], 'liveSince', '',
  'creatorHb', ARGV[6], 'statusCode', '0', 'admission', ARGV[7])
redis.call('ZADD', KEYS[2], ARGV[6], ARGV[1])
redis.call('ZADD', KEYS[3], 0, ARGV[4] .. ' ' .. ARGV[1])
return 1
`)

// KEYS: token, tokens_of:<user>. ARGV: record, ttl ms, tokenHash, expiresAt, now, maxPerUser (0: no cap), token key prefix.
// The user's tokens by expiry: expired ones leave the index, and beyond the newest maxPerUser go.
const SAVE_TOKEN = new Script(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[5])
local max = tonumber(ARGV[6])
if max > 0 then
  -- The others, soonest to expire first; the new token always stays.
  local others = {}
  for _, h in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
    if h ~= ARGV[3] then others[#others + 1] = h end
  end
  local extra = {}
  for i = 1, #others - (max - 1) do extra[#extra + 1] = others[i] end
  for _, h in ipairs(extra) do redis.call('DEL', ARGV[7] .. h) end
  if #extra > 0 then redis.call('ZREM', KEYS[2], unpack(extra)) end
end
-- The index lives as long as its longest-lived token (on the service's clock, like the tokens).
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')[2]
redis.call('PEXPIRE', KEYS[2], math.max(1, tonumber(last) - tonumber(ARGV[5])))
return 1
`)

// KEYS: token. ARGV: tokenHash, tokens_of key prefix. Leaves the user's index too.
const DELETE_TOKEN = new Script(`
local raw = redis.call('GET', KEYS[1])
if raw then redis.call('ZREM', ARGV[2] .. cjson.decode(raw).userID, ARGV[1]) end
redis.call('DEL', KEYS[1])
return 1
`)

// KEYS: creator_hb, creator_rooms. ARGV: creator, cutoff. Rooms by member "<creator> <roomID>".
const COUNT_ROOMS_OF = new Script(`
local n = 0
for _, m in ipairs(redis.call('ZRANGEBYLEX', KEYS[2], '[' .. ARGV[1] .. ' ', '[' .. ARGV[1] .. ' \\255')) do
  local hb = redis.call('ZSCORE', KEYS[1], string.sub(m, #ARGV[1] + 2))
  if hb and tonumber(hb) >= tonumber(ARGV[2]) then n = n + 1 end
end
return n
`)

// KEYS: room, pushers, hb, aud, live, creator_hb, pusher_hb, admit, audience_seen, creator_rooms, aud_joined. ARGV: roomID
const DELETE_ROOM_BODY = `
local function delete_room()
  redis.call('ZREM', KEYS[10], (redis.call('HGET', KEYS[1], 'roomCreator') or '') .. ' ' .. ARGV[1])
  for _, u in ipairs(redis.call('HKEYS', KEYS[3])) do
    redis.call('ZREM', KEYS[7], ARGV[1] .. ' ' .. u)
  end
  for _, u in ipairs(redis.call('HKEYS', KEYS[4])) do
    redis.call('ZREM', KEYS[9], ARGV[1] .. ' ' .. u)
  end
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[8], KEYS[11])
  -- The room's kicks (store/moderation.redis.ts) end with it.
  redis.call('DEL', KEYS[1] .. ':kicked')
  redis.call('ZREM', KEYS[5], ARGV[1])
  redis.call('ZREM', KEYS[6], ARGV[1])
end
`
const DELETE_ROOM = new Script(`${DELETE_ROOM_BODY}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
delete_room()
return 1
`)

// KEYS: same as DELETE_ROOM. ARGV: roomID, cutoff. Returns {closed(0|1), removed userIDs...}
const EXPIRE_ROOM = new Script(`${DELETE_ROOM_BODY}
if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
local cutoff = tonumber(ARGV[2])
if tonumber(redis.call('HGET', KEYS[1], 'creatorHb')) < cutoff then
  local away = (redis.call('HGET', KEYS[1], 'awaySince') or '') ~= ''
  delete_room()
  return {away and 2 or 1}
end
local out = {0}
local hb = redis.call('HGETALL', KEYS[3])
for i = 1, #hb, 2 do
  if tonumber(hb[i + 1]) < cutoff then
    redis.call('HDEL', KEYS[2], hb[i])
    redis.call('HDEL', KEYS[3], hb[i])
    redis.call('ZREM', KEYS[7], ARGV[1] .. ' ' .. hb[i])
    out[#out + 1] = hb[i]
  end
end
return out
`)

// KEYS: room, admit. ARGV: userID, until
const ADMIT_PUSHER = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
`)

// KEYS: room, pushers, hb, live, creator_hb, pusher_hb, admit.
// ARGV: roomID, userID, userName, userAvatar, pushURL, now, maxPushers, requireAdmission (1|0)
const ADD_PUSHER = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 'no_room' end
local now = tonumber(ARGV[6])
local joinedAt = now
local audioMuted = false
local existing = redis.call('HGET', KEYS[2], ARGV[2])
if existing then
  local before = cjson.decode(existing)
  joinedAt = before.joinedAt
  audioMuted = before.audioMuted == true
elseif redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[7]) then
  return 'full'
elseif ARGV[8] == '1' then
  local admittedUntil = tonumber(redis.call('HGET', KEYS[7], ARGV[2]))
  if admittedUntil == nil or admittedUntil < now then return 'not_admitted' end
  redis.call('HDEL', KEYS[7], ARGV[2])
end
redis.call('HSET', KEYS[2], ARGV[2], cjson.encode({userName = ARGV[3], userAvatar = ARGV[4], pushURL = ARGV[5], joinedAt = joinedAt, audioMuted = audioMuted}))
redis.call('HSET', KEYS[3], ARGV[2], ARGV[6])
redis.call('ZADD', KEYS[6], ARGV[6], ARGV[1] .. ' ' .. ARGV[2])
if redis.call('HGET', KEYS[1], 'roomCreator') == ARGV[2] then
  -- The creator (re)joining is back, if it was away.
  redis.call('HSET', KEYS[1], 'creatorHb', ARGV[6], 'awaySince', '')
  redis.call('ZADD', KEYS[5], ARGV[6], ARGV[1])
  if redis.call('HGET', KEYS[1], 'liveSince') == '' then
    redis.call('HSET', KEYS[1], 'liveSince', ARGV[6])
    redis.call('ZADD', KEYS[4], ARGV[6], ARGV[1])
  end
end
return 'ok'
`)

// KEYS: room, hb, creator_hb, pusher_hb. ARGV: roomID, awaySince or '', heartbeatAt.
// Sets the creator's heartbeat times as given (no max: an away lease moves them forward, coming back to now).
const SET_CREATOR_AWAY = new Script(`
local creator = redis.call('HGET', KEYS[1], 'roomCreator')
if not creator or redis.call('HEXISTS', KEYS[2], creator) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'awaySince', ARGV[2], 'creatorHb', ARGV[3])
redis.call('HSET', KEYS[2], creator, ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[3], ARGV[1] .. ' ' .. creator)
return 1
`)

// KEYS: pushers. ARGV: userID, muted (1|0)
const SET_PUSHER_AUDIO_MUTED = new Script(`
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if not existing then return 0 end
local p = cjson.decode(existing)
p.audioMuted = ARGV[2] == '1'
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(p))
return 1
`)

// KEYS: pushers, hb, pusher_hb. ARGV: roomID, userID
const REMOVE_PUSHER = new Script(`
local n = redis.call('HDEL', KEYS[1], ARGV[2])
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[1] .. ' ' .. ARGV[2])
return n
`)

// KEYS: creator_hb, pusher_hb, then room, pushers, hb of each heartbeat.
// ARGV: roomID, userID, at, statusCode or '' of each heartbeat. A pusher gone meanwhile stays
// gone, and a heartbeat never moves back (a queued one may be older than a rejoin).
const TOUCH_PUSHERS = new Script(`
for i = 0, #ARGV / 4 - 1 do
  local room, pushers, hb = KEYS[3 + i * 3], KEYS[4 + i * 3], KEYS[5 + i * 3]
  local roomID, userID, at, status = ARGV[1 + i * 4], ARGV[2 + i * 4], tonumber(ARGV[3 + i * 4]), ARGV[4 + i * 4]
  if redis.call('HEXISTS', pushers, userID) == 1 and at > tonumber(redis.call('HGET', hb, userID) or '0') then
    redis.call('HSET', hb, userID, at)
    redis.call('ZADD', KEYS[2], at, roomID .. ' ' .. userID)
    if redis.call('HGET', room, 'roomCreator') == userID then
      if at > tonumber(redis.call('HGET', room, 'creatorHb')) then
        redis.call('HSET', room, 'creatorHb', at)
        redis.call('ZADD', KEYS[1], at, roomID)
      end
      if status ~= '' then redis.call('HSET', room, 'statusCode', status) end
    end
  end
end
return 1
`)

// KEYS: room, aud, audience_seen, aud_joined. ARGV: roomID, userID, userInfo, now
const ADD_AUDIENCE = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local joinedAt = tonumber(ARGV[4])
local existing = redis.call('HGET', KEYS[2], ARGV[2])
if existing then joinedAt = cjson.decode(existing).joinedAt else redis.call('ZADD', KEYS[4], joinedAt, ARGV[2]) end
redis.call('HSET', KEYS[2], ARGV[2], cjson.encode({userInfo = ARGV[3], joinedAt = joinedAt}))
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1] .. ' ' .. ARGV[2])
return redis.call('HLEN', KEYS[2])
`)

// KEYS: room, aud, audience_seen, aud_joined. ARGV: roomID, userID
const REMOVE_AUDIENCE = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('ZREM', KEYS[4], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[1] .. ' ' .. ARGV[2])
return redis.call('HLEN', KEYS[2])
`)

// KEYS: aud, audience_seen, aud_joined. ARGV: member ("<roomID> <userID>"), userID, cutoff.
// Removes the member unless it was seen again since the caller looked.
const EXPIRE_AUDIENCE = new Script(`
local seen = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not seen or tonumber(seen) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[2])
return redis.call('HDEL', KEYS[1], ARGV[2])
`)

// KEYS: live, creator_hb. ARGV: cutoff, skip, want, start, most entries to read, after liveSince
// ('' for the top), after roomID. One bounded step of a listing, from the `start`th entry at or
// below `after`'s score: {next start (-1 at the end), skip left, ids...}. The caller repeats it, so
// a long skip never holds Redis (and every other instance) for long.
const LIST_LIVE_STEP = new Script(`
local cutoff = tonumber(ARGV[1])
local skip = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local start = tonumber(ARGV[4])
local most = tonumber(ARGV[5])
local top = ARGV[6] == '' and '+inf' or ARGV[6]
local afterScore = tonumber(ARGV[6])
-- Byte order, as Redis orders equal scores (Lua's < follows the server's locale).
local function below(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local ids = redis.call('ZREVRANGEBYSCORE', KEYS[1], top, '-inf', 'WITHSCORES', 'LIMIT', start, most)
local out = {}
local read = 0
for i = 1, #ids, 2 do
  read = read + 1
  local id = ids[i]
  -- Ties with the key come in room ID order, descending: those not below it are before the page.
  local past = afterScore == nil or tonumber(ids[i + 1]) < afterScore or below(id, ARGV[7])
  local hb = past and redis.call('ZSCORE', KEYS[2], id)
  if hb and tonumber(hb) >= cutoff then
    if skip > 0 then skip = skip - 1 else
      out[#out + 1] = id
      if #out >= want then break end
    end
  end
end
local nextStart = start + read
if #ids < most * 2 and #out < want then nextStart = -1 end
local reply = {nextStart, skip}
for _, id in ipairs(out) do reply[#reply + 1] = id end
return reply
`)

// KEYS: room, aud, aud_joined. ARGV: limit. {count, userIDs..., their JSON...}, or -1 without the room.
const LIST_AUDIENCES = new Script(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local count = redis.call('HLEN', KEYS[2])
-- Rooms from before the index existed get it once.
if redis.call('ZCARD', KEYS[3]) ~= count then
  redis.call('DEL', KEYS[3])
  local all = redis.call('HGETALL', KEYS[2])
  for i = 1, #all, 2 do redis.call('ZADD', KEYS[3], cjson.decode(all[i + 1]).joinedAt, all[i]) end
end
local ids = redis.call('ZREVRANGE', KEYS[3], 0, tonumber(ARGV[1]) - 1)
local reply = {count}
for _, id in ipairs(ids) do reply[#reply + 1] = id end
if #ids > 0 then
  for _, v in ipairs(redis.call('HMGET', KEYS[2], unpack(ids))) do reply[#reply + 1] = v end
end
return reply
`)

interface PusherJson {
  userName: string
  userAvatar: string
  pushURL: string
  joinedAt: number
  /** Absent in pushers written before it existed. */
  audioMuted?: boolean
}

export interface RedisStoreOptions {
  url: string
  prefix?: string
  /** Deadline of one Redis command, ms. */
  commandTimeoutMs?: number
  redis?: RedisOptions
}

export class RedisRoomStore implements RoomStore {
  readonly kind = 'redis'
  readonly redis: Redis
  private readonly p: string
  private readonly heartbeats = new HeartbeatQueue((batch) => this.writeHeartbeats(batch))

  constructor(opts: RedisStoreOptions) {
    this.p = opts.prefix ?? 'liveroom:'
    this.redis = new Redis(opts.url, {
      maxRetriesPerRequest: 2,
      connectTimeout: 5000,
      // A Redis that stops answering (not one that is down) would hold every call for as long as
      // it is frozen: each command gets a deadline, and the call a 503 STORE_ERROR.
      commandTimeout: opts.commandTimeoutMs ?? 1000,
      // Reconnect for ever, but never wait more than 2 s between tries.
      retryStrategy: (times) => Math.min(times * 200, 2000),
      lazyConnect: false,
      ...opts.redis,
    })
    // Connection errors reach callers as rejected commands; the event itself needs a listener.
    this.redis.on('error', () => {})
  }

  private k(roomID: string) {
    const r = `${this.p}room:${roomID}`
    return {
      room: r,
      pushers: `${r}:pushers`,
      hb: `${r}:hb`,
      aud: `${r}:aud`,
      audJoined: `${r}:aud_joined`,
      admit: `${r}:admit`,
      live: `${this.p}live`,
      creatorHb: `${this.p}creator_hb`,
      pusherHb: `${this.p}pusher_hb`,
      audienceSeen: `${this.p}audience_seen`,
      creatorRooms: `${this.p}creator_rooms`,
    }
  }

  private roomKeys(roomID: string): string[] {
    const k = this.k(roomID)
    return [k.room, k.pushers, k.hb, k.aud, k.live, k.creatorHb, k.pusherHb, k.admit, k.audienceSeen, k.creatorRooms, k.audJoined]
  }

  private tokenKey(hash: string): string {
    return `${this.p}token:${hash}`
  }

  async saveToken(t: TokenRecord, now: number, maxPerUser?: number): Promise<void> {
    const ttl = Math.max(1, t.expiresAt - now)
    const userTokens = `${this.p}tokens_of:${t.userID}`
    await SAVE_TOKEN.run(
      this.redis,
      [this.tokenKey(t.tokenHash), userTokens],
      [JSON.stringify({ userID: t.userID, expiresAt: t.expiresAt }), ttl, t.tokenHash, t.expiresAt, now, maxPerUser ?? 0, `${this.p}token:`],
    )
  }

  async findToken(tokenHash: string): Promise<TokenRecord | null> {
    const raw = await this.redis.get(this.tokenKey(tokenHash))
    if (raw === null) return null
    const v = JSON.parse(raw) as { userID: string; expiresAt: number }
    return { tokenHash, userID: v.userID, expiresAt: v.expiresAt }
  }

  async deleteToken(tokenHash: string): Promise<void> {
    await DELETE_TOKEN.run(this.redis, [this.tokenKey(tokenHash)], [tokenHash, `${this.p}tokens_of:`])
  }

  async createRoom(r: NewRoom): Promise<boolean> {
    const k = this.k(r.roomID)
    const res = await CREATE_ROOM.run(
      this.redis,
      [k.room, k.creatorHb, k.creatorRooms],
      [r.roomID, r.roomName, r.roomInfo, r.roomCreator, r.custom, r.createdAt, r.requireAdmission ? 1 : 0],
    )
    return res === 1
  }

  private assemble(
    fields: Record<string, string>,
    pushersRaw: Record<string, string>,
    hbRaw: Record<string, string>,
    audienceCount: number,
    cutoff: number,
  ): StoredRoom | null {
    if (!fields.roomID) return null
    const pushers: StoredPusher[] = []
    for (const [userID, json] of Object.entries(pushersRaw)) {
      const heartbeatAt = Number(hbRaw[userID] ?? 0)
      if (heartbeatAt < cutoff) continue
      const p = JSON.parse(json) as PusherJson
      pushers.push({ userID, userName: p.userName, userAvatar: p.userAvatar, pushURL: p.pushURL, joinedAt: p.joinedAt, heartbeatAt, audioMuted: p.audioMuted === true })
    }
    pushers.sort((a, b) => a.joinedAt - b.joinedAt || (a.userID < b.userID ? -1 : a.userID > b.userID ? 1 : 0))
    return {
      roomID: fields.roomID,
      roomName: fields.roomName,
      roomInfo: fields.roomInfo,
      roomCreator: fields.roomCreator,
      custom: fields.custom,
      createdAt: Number(fields.createdAt),
      liveSince: fields.liveSince === '' ? null : Number(fields.liveSince),
      creatorHeartbeatAt: Number(fields.creatorHb),
      roomStatusCode: Number(fields.statusCode),
      requireAdmission: fields.admission === '1',
      awaySince: fields.awaySince ? Number(fields.awaySince) : null,
      pushers,
      audienceCount,
    }
  }

  private async fetchRooms(roomIDs: readonly string[], cutoff: number): Promise<StoredRoom[]> {
    if (roomIDs.length === 0) return []
    const pipe = this.redis.pipeline()
    for (const id of roomIDs) {
      const k = this.k(id)
      pipe.hgetall(k.room).hgetall(k.pushers).hgetall(k.hb).hlen(k.aud)
    }
    const res = await pipe.exec()
    if (!res) throw new Error('pipeline aborted')
    const out: StoredRoom[] = []
    for (let i = 0; i < roomIDs.length; i++) {
      const parts = res.slice(i * 4, i * 4 + 4)
      for (const [err] of parts) if (err) throw err
      const [fields, pushers, hb, aud] = parts.map(([, v]) => v) as [
        Record<string, string>,
        Record<string, string>,
        Record<string, string>,
        number,
      ]
      const room = this.assemble(fields, pushers, hb, aud, cutoff)
      if (room) out.push(room)
    }
    return out
  }

  async getRoom(roomID: string): Promise<StoredRoom | null> {
    const [room] = await this.fetchRooms([roomID], -Infinity)
    return this.heartbeats.overlay(room ?? null)
  }

  async listLiveRooms(cutoff: number, page: LivePage): Promise<StoredRoom[]> {
    await this.heartbeats.flush()
    const k = this.k('')
    const ids: string[] = []
    let skip = page.skip
    for (let start = 0; start >= 0 && ids.length < page.cnt; ) {
      const [next, skipLeft, ...found] = (await LIST_LIVE_STEP.run(
        this.redis,
        [k.live, k.creatorHb],
        [cutoff, skip, page.cnt - ids.length, start, LIST_STEP, page.after?.liveSince ?? '', page.after?.roomID ?? ''],
      )) as [number, number, ...string[]]
      ids.push(...found)
      skip = skipLeft
      start = next
    }
    return this.fetchRooms(ids, cutoff)
  }

  async countRoomsOf(creator: string, cutoff: number): Promise<number> {
    await this.heartbeats.flush()
    const k = this.k('')
    return Number(await COUNT_ROOMS_OF.run(this.redis, [k.creatorHb, k.creatorRooms], [creator, cutoff]))
  }

  async deleteRoom(roomID: string): Promise<boolean> {
    return (await DELETE_ROOM.run(this.redis, this.roomKeys(roomID), [roomID])) === 1
  }

  async admitPusher(roomID: string, userID: string, until: number): Promise<boolean> {
    const k = this.k(roomID)
    return (await ADMIT_PUSHER.run(this.redis, [k.room, k.admit], [userID, until])) === 1
  }

  async addPusher(roomID: string, p: PusherInput, now: number, maxPushers: number, requireAdmission = false): Promise<AddPusherResult> {
    const k = this.k(roomID)
    return (await ADD_PUSHER.run(
      this.redis,
      [k.room, k.pushers, k.hb, k.live, k.creatorHb, k.pusherHb, k.admit],
      [roomID, p.userID, p.userName, p.userAvatar, p.pushURL, now, maxPushers, requireAdmission ? 1 : 0],
    )) as AddPusherResult
  }

  async removePusher(roomID: string, userID: string): Promise<boolean> {
    const k = this.k(roomID)
    return (await REMOVE_PUSHER.run(this.redis, [k.pushers, k.hb, k.pusherHb], [roomID, userID])) === 1
  }

  async touchPusher(roomID: string, userID: string, now: number, roomStatusCode?: number): Promise<void> {
    this.heartbeats.add(roomID, userID, now, roomStatusCode)
  }

  async setPusherAudioMuted(roomID: string, userID: string, muted: boolean): Promise<boolean> {
    return (await SET_PUSHER_AUDIO_MUTED.run(this.redis, [this.k(roomID).pushers], [userID, muted ? 1 : 0])) === 1
  }

  async setCreatorAway(roomID: string, awaySince: number | null, heartbeatAt: number): Promise<boolean> {
    const k = this.k(roomID)
    return (await SET_CREATOR_AWAY.run(this.redis, [k.room, k.hb, k.creatorHb, k.pusherHb], [roomID, awaySince ?? '', heartbeatAt])) === 1
  }

  async flush(): Promise<void> {
    await this.heartbeats.flush()
  }

  /** One pipeline: a script call per HEARTBEAT_BATCH heartbeats, so none holds Redis for long. */
  private async writeHeartbeats(batch: readonly QueuedHeartbeat[]): Promise<void> {
    const g = this.k('')
    const calls: Promise<unknown>[] = []
    for (let from = 0; from < batch.length; from += HEARTBEAT_BATCH) {
      const part = batch.slice(from, from + HEARTBEAT_BATCH)
      const keys = [g.creatorHb, g.pusherHb]
      const args: Arg[] = []
      for (const b of part) {
        const k = this.k(b.roomID)
        keys.push(k.room, k.pushers, k.hb)
        args.push(b.roomID, b.userID, b.at, b.roomStatusCode ?? '')
      }
      // ioredis sends commands issued in the same tick together.
      calls.push(TOUCH_PUSHERS.run(this.redis, keys, args))
    }
    await Promise.all(calls)
  }

  async addAudience(roomID: string, userID: string, userInfo: string, now: number): Promise<number | null> {
    const k = this.k(roomID)
    const n = (await ADD_AUDIENCE.run(this.redis, [k.room, k.aud, k.audienceSeen, k.audJoined], [roomID, userID, userInfo, now])) as number
    return n < 0 ? null : n
  }

  async expireAudience(cutoff: number): Promise<{ roomID: string; userID: string }[]> {
    const stale = await this.redis.zrangebyscore(this.k('').audienceSeen, '-inf', `(${cutoff}`, 'LIMIT', 0, 1000)
    const removed: { roomID: string; userID: string }[] = []
    for (const member of stale) {
      const at = member.indexOf(' ')
      const roomID = member.slice(0, at)
      const userID = member.slice(at + 1)
      const k = this.k(roomID)
      if ((await EXPIRE_AUDIENCE.run(this.redis, [k.aud, k.audienceSeen, k.audJoined], [member, userID, cutoff])) === 1) {
        removed.push({ roomID, userID })
      }
    }
    return removed
  }

  async removeAudience(roomID: string, userID: string): Promise<number | null> {
    const k = this.k(roomID)
    const n = (await REMOVE_AUDIENCE.run(this.redis, [k.room, k.aud, k.audienceSeen, k.audJoined], [roomID, userID])) as number
    return n < 0 ? null : n
  }

  async listAudiences(roomID: string, limit: number): Promise<{ audiences: StoredAudience[]; count: number } | null> {
    const k = this.k(roomID)
    const reply = (await LIST_AUDIENCES.run(this.redis, [k.room, k.aud, k.audJoined], [limit])) as -1 | [number, ...string[]]
    if (reply === -1) return null
    const [count, ...rest] = reply
    const n = rest.length / 2
    const audiences = rest.slice(0, n).map((userID, i) => {
      const v = JSON.parse(rest[n + i]) as { userInfo: string; joinedAt: number }
      return { userID, userInfo: v.userInfo, joinedAt: v.joinedAt }
    })
    return { audiences, count }
  }

  async expireRoom(roomID: string, cutoff: number): Promise<ExpiryResult> {
    await this.heartbeats.flush()
    const res = (await EXPIRE_ROOM.run(this.redis, this.roomKeys(roomID), [roomID, cutoff])) as [number, ...string[]]
    // 1: closed, 2: closed while its creator was away.
    const [closed, ...users] = res
    return {
      closedRooms: closed > 0 ? [roomID] : [],
      removedPushers: users.map((userID) => ({ roomID, userID })),
      ...(closed === 2 ? { awayRooms: [roomID] } : {}),
    }
  }

  async sweep(cutoff: number): Promise<ExpiryResult> {
    await this.heartbeats.flush()
    const k = this.k('')
    const staleRooms = await this.redis.zrangebyscore(k.creatorHb, '-inf', `(${cutoff}`, 'LIMIT', 0, 1000)
    const stalePushers = await this.redis.zrangebyscore(k.pusherHb, '-inf', `(${cutoff}`, 'LIMIT', 0, 1000)
    const rooms = new Set(staleRooms)
    for (const member of stalePushers) rooms.add(member.slice(0, member.indexOf(' ')))
    const result: ExpiryResult = { closedRooms: [], removedPushers: [] }
    for (const roomID of rooms) {
      const r = await this.expireRoom(roomID, cutoff)
      result.closedRooms.push(...r.closedRooms)
      result.removedPushers.push(...r.removedPushers)
      if (r.awayRooms) result.awayRooms = [...(result.awayRooms ?? []), ...r.awayRooms]
    }
    // Index entries of rooms that no longer exist (nothing else would remove them).
    const orphans = stalePushers.filter((m) => !result.removedPushers.some((p) => `${p.roomID} ${p.userID}` === m))
    if (orphans.length > 0) {
      const exists = await Promise.all(orphans.map((m) => this.redis.exists(this.k(m.slice(0, m.indexOf(' '))).room)))
      const gone = orphans.filter((_, i) => exists[i] === 0)
      if (gone.length > 0) await this.redis.zrem(k.pusherHb, ...gone)
    }
    return result
  }

  async counts(): Promise<StoreCounts> {
    const k = this.k('')
    const replies = await this.redis.multi().zcard(k.creatorHb).zcard(k.live).zcard(k.pusherHb).zcard(k.audienceSeen).exec()
    const [rooms, liveRooms, pushers, audience] = (replies ?? []).map(([err, n]) => {
      if (err) throw err
      return Number(n)
    })
    return { rooms, liveRooms, pushers, audience }
  }

  async ping(): Promise<void> {
    await this.redis.ping()
  }

  async roomIDsOf(creator: string): Promise<string[]> {
    const members = await this.redis.zrangebylex(`${this.p}creator_rooms`, `[${creator} `, `[${creator} \xff`)
    return members.map((m) => m.slice(creator.length + 1))
  }

  sqliteDatabase(): undefined {
    return undefined
  }

  redisClient(): Redis {
    return this.redis
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return
    // A Redis that is down cannot take them: those heartbeats are lost like on a crash.
    await this.heartbeats.close().catch(() => undefined)
    try {
      await this.redis.quit()
    } catch {
      this.redis.disconnect()
    }
  }
}
