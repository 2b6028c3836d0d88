// The part of node-media-server 4.x (plain JavaScript) that the media child uses.
declare module 'node-media-server' {
  import type { Socket } from 'node:net'

  export interface NmsConfig {
    bind: string
    rtmp?: { port: number }
    http?: { port: number }
    static?: { router: string; root: string }
    store?: { path: string }
    webadmin?: { enable: boolean }
    record?: { auto: boolean; path: string }
    notify?: { url: string }
  }

  /** One RTMP or HTTP/WebSocket-FLV connection. */
  export interface NmsSession {
    id: string
    ip: string
    protocol: 'rtmp' | 'flv' | string
    streamApp: string
    streamName: string
    streamPath: string
    streamQuery?: Record<string, string | string[] | undefined>
    /** RTMP sessions: the parser whose packets feed the broadcast. */
    rtmp?: { onPacketCallback: (packet: unknown) => void }
    socket?: Socket
    /** HTTP-FLV sessions. */
    req?: { socket?: Socket }
    res?: { terminate?: () => void }
  }

  export type NmsEvent = 'prePublish' | 'postPublish' | 'donePublish' | 'prePlay' | 'postPlay' | 'donePlay'

  export default class NodeMediaServer {
    constructor(config: NmsConfig)
    rtmpServer: { tcpServer?: import('node:net').Server }
    httpServer: { httpServer?: import('node:net').Server }
    on(event: NmsEvent, listener: (session: NmsSession) => void): void
    run(): Promise<void>
    stop(): Promise<void>
  }
}

declare module 'node-media-server/src/core/logger.js' {
  const logger: { level: 'trace' | 'debug' | 'info' | 'warn' | 'error' }
  export default logger
}
