// The embedded media server: node-media-server (RTMP in, RTMP and HTTP-FLV out) in a process of
// its own, so media bytes never share the room service's event loop and a crash here is
// restarted there. Every publish (and, with play auth, every play) must carry this service's
// token for that very stream name: a refused session is cut off before it can feed a broadcast.
import NodeMediaServer, { type NmsSession } from 'node-media-server'
import nmsLogger from 'node-media-server/src/core/logger.js'
import { FOLLOW_PUBLISHER, streamRefusal, type StreamAction } from '../streams/rtmp.ts'
import { MEDIA_CHILD_CONFIG_ENV, type MediaChildConfig, type MediaChildMessage } from './childProtocol.ts'

const config = JSON.parse(process.env[MEDIA_CHILD_CONFIG_ENV] ?? 'null') as MediaChildConfig | null
if (!config || !process.send) {
  process.stderr.write('nmsChild: run by the room service (fork with IPC and the config in the environment)\n')
  process.exit(2)
}
delete process.env[MEDIA_CHILD_CONFIG_ENV]

function send(message: MediaChildMessage): void {
  process.send?.(message)
}

function queryValue(session: NmsSession, key: string): string | undefined {
  const v = session.streamQuery?.[key]
  return typeof v === 'string' ? v : undefined
}

/** Why a session may not go on, or undefined when it may. */
function refusal(session: NmsSession, action: StreamAction): string | undefined {
  if (session.streamApp !== 'live') return 'unknown application'
  if (action === 'publish' && session.protocol !== 'rtmp') return 'publish over RTMP only'
  const args = { expire: queryValue(session, 'expire'), token: queryValue(session, 'token') }
  return streamRefusal(config!, action, session.streamName, args, Math.floor(Date.now() / 1000))
}

/**
 * node-media-server's hooks cannot veto a session: it goes on after them. So a refused session
 * loses its packet path and its connection here, before it can feed or read a broadcast.
 */
function cutOff(session: NmsSession): void {
  if (session.rtmp) session.rtmp.onPacketCallback = () => undefined
  session.socket?.destroy()
  session.req?.socket?.destroy()
  session.res?.terminate?.()
}

const refused = new WeakSet<NmsSession>()
/** Plays that end with their stream's publish (the service's recorder and mixer), by stream. */
const followers = new Map<string, Set<NmsSession>>()
const [followKey, followValue] = FOLLOW_PUBLISHER.split('=')

function publishEnded(stream: string): void {
  send({ type: 'unpublish', stream })
  for (const s of followers.get(stream) ?? []) cutOff(s)
  followers.delete(stream)
}

function guard(action: StreamAction) {
  return (session: NmsSession) => {
    const reason = refusal(session, action)
    if (reason === undefined) return
    refused.add(session)
    cutOff(session)
    send({ type: 'refused', action, stream: session.streamName, reason })
  }
}

const nms = new NodeMediaServer({
  bind: config.bind,
  rtmp: { port: config.rtmpPort },
  http: { port: config.httpPort },
  store: { path: config.dataDir },
  webadmin: { enable: false },
  ...(config.recordDir ? { static: { router: '/recordings', root: config.recordDir } } : {}),
})
// Its constructor sets its logger to debug: quieten it afterwards.
nmsLogger.level = 'warn'
nms.on('prePublish', guard('publish'))
nms.on('prePlay', guard('play'))
nms.on('postPublish', (s) => {
  if (refused.has(s)) return
  send({ type: 'publish', stream: s.streamName })
  // node-media-server holds a dropped publish open for 30 s in case it resumes (a resume is a new
  // postPublish); recording and mixing follow the connection itself.
  s.socket?.once('close', () => publishEnded(s.streamName))
})
nms.on('donePublish', (s) => {
  if (!refused.has(s)) publishEnded(s.streamName)
})
nms.on('postPlay', (s) => {
  if (refused.has(s) || queryValue(s, followKey) !== followValue) return
  let set = followers.get(s.streamName)
  if (!set) followers.set(s.streamName, (set = new Set()))
  set.add(s)
  s.socket?.once('close', () => set.delete(s))
})

// The parent going away (even by SIGKILL) closes the IPC channel: take the ports down with it.
process.on('disconnect', () => process.exit(0))
process.on('SIGTERM', () => {
  nms.stop().finally(() => process.exit(0))
})

/** Resolves once the server listens (node-media-server exits the process when it cannot). */
function listening(server: import('node:net').Server | undefined): Promise<void> {
  if (!server || server.listening) return Promise.resolve()
  return new Promise((resolve) => server.once('listening', () => resolve()))
}

nms
  .run()
  .then(() => Promise.all([listening(nms.rtmpServer.tcpServer), listening(nms.httpServer.httpServer)]))
  .then(() => send({ type: 'ready' }))
  .catch((err: unknown) => {
    process.stderr.write(`nmsChild: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  })
