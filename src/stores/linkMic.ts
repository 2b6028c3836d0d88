// Co-anchoring (连麦) state: the audience member's request and link, the anchor's incoming request,
// and who is on the co-anchor windows.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LinkMicRequest } from '@liveroom/protocol/im'
import type { PusherInfo } from '@liveroom/protocol/roomService'

/** The audience member's side: idle → requesting → connecting → linked → idle. */
export type LinkMicPhase = 'idle' | 'requesting' | 'connecting' | 'linked'

export interface IncomingLinkMic {
  request: LinkMicRequest
  /** Local ms after which the request is answered with a reject. */
  deadline: number
}

export const useLinkMicStore = defineStore('linkMic', () => {
  const phase = ref<LinkMicPhase>('idle')
  /** The last outcome for the user (连麦超时, a refusal, a kick), or null. */
  const notice = ref<string | null>(null)
  const incoming = ref<IncomingLinkMic | null>(null)
  /** Streams shown in the small windows, in window order (bottom-right upward). */
  const windows = ref<PusherInfo[]>([])

  return {
    phase,
    notice,
    incoming,
    windows,
    setPhase(next: LinkMicPhase, message: string | null = null) {
      phase.value = next
      notice.value = message
    },
    setNotice(message: string | null) {
      notice.value = message
    },
    setIncoming(next: IncomingLinkMic | null) {
      incoming.value = next
    },
    /** Keeps the window of each stream that stays, so its player is not restarted. */
    setWindows(next: PusherInfo[]) {
      const same = next.length === windows.value.length && next.every((p, i) => p.userID === windows.value[i].userID && p.accelerateURL === windows.value[i].accelerateURL)
      if (!same) windows.value = next
    },
    reset() {
      phase.value = 'idle'
      notice.value = null
      incoming.value = null
      windows.value = []
    },
  }
})
