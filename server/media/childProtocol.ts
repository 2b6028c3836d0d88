// Messages between the room service and its media-server child (Node IPC).
import type { StreamAction } from '../streams/rtmp.ts'

export interface MediaChildConfig {
  bind: string
  rtmpPort: number
  httpPort: number
  /** node-media-server's own small state (publish history). */
  dataDir: string
  /** Served read-only at /recordings on the HTTP port. */
  recordDir?: string
  /** Signs publish (and play) tokens; the child checks them itself, synchronously, on every session. */
  secret: string
  sdkAppId: number
  playAuth: boolean
}

export type MediaChildMessage =
  | { type: 'ready' }
  | { type: 'publish'; stream: string }
  | { type: 'unpublish'; stream: string }
  | { type: 'refused'; action: StreamAction; stream: string; reason: string }

/** The child reads its configuration from this variable (JSON), not from argv, so `ps` shows no secret. */
export const MEDIA_CHILD_CONFIG_ENV = 'LIVEROOM_MEDIA_CHILD_CONFIG'
