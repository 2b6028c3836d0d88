// A visit's co-anchoring (连麦): the anchor's side (useLinkMicHost) and the audience's
// (useLinkMicGuest) over one signalling port, and the co-anchor windows both show.
import { computed, shallowRef, watch, type ComputedRef } from 'vue'
import type { PusherInfo } from '@liveroom/protocol/roomService'
import type { RoomServiceClient } from '@/adapters/roomService'
import type { ImClient } from '@/adapters/im/types'
import { createLinkMicPort } from './linkMicPort'
import type { RoomState } from './roomState'
import { useLinkMicGuest, type UseLinkMicGuestOptions, type UseLinkMicGuestReturn } from './useLinkMicGuest'
import { useLinkMicHost, type UseLinkMicHostReturn } from './useLinkMicHost'

export interface UseCoAnchoringOptions extends Pick<UseLinkMicGuestOptions, 'pusher' | 'player' | 'presence' | 'self' | 'pushStartTimeoutMs' | 'refreshAnchors'> {
  roomService: RoomServiceClient
  im: ImClient
  room: RoomState
  /** How long a request waits for an answer. Default 10 s. */
  timeoutMs?: number
  /** Co-anchors at once. Default 3. */
  maxCoAnchors?: number
}

export interface UseCoAnchoringReturn {
  host: UseLinkMicHostReturn
  guest: UseLinkMicGuestReturn
  /** Streams shown in the co-anchor windows, in window order (bottom-right upward). */
  windows: ComputedRef<readonly PusherInfo[]>
}

const sameStreams = (a: readonly PusherInfo[], b: readonly PusherInfo[]) =>
  a.length === b.length && a.every((p, i) => p.userID === b[i].userID && p.accelerateURL === b[i].accelerateURL && p.audioMuted === b[i].audioMuted)

export function useCoAnchoring(options: UseCoAnchoringOptions): UseCoAnchoringReturn {
  const { room, timeoutMs = 10_000, maxCoAnchors = 3 } = options
  const port = createLinkMicPort(options.roomService, options.im)
  /** Everyone else pushing; a co-anchor's stage already plays the anchor. */
  const others = () =>
    (room.details?.pushers ?? []).filter((p) => p.userID !== options.self().userID && (room.role === 'anchor' || p.userID !== room.details?.creator))

  const host = useLinkMicHost({ port, room, coAnchors: others, refreshAnchors: options.refreshAnchors, timeoutMs, maxCoAnchors })
  const guest = useLinkMicGuest({ ...options, port, timeoutMs })

  const windows = shallowRef<readonly PusherInfo[]>([])
  watch([others, guest.phase], ([list, phase]) => {
    const next = room.role === 'anchor' || phase === 'linked' ? list : []
    // The window of each stream that stays is kept, so its player is not restarted.
    if (!sameStreams(next, windows.value)) windows.value = next
  })

  return { host, guest, windows: computed(() => windows.value) }
}
