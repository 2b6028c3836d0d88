// The room's online count: asked of the IM server once the room is known (our own join brings us no
// member tip), then kept current by the member tips.
import { onScopeDispose } from 'vue'
import type { ImClient } from '@/adapters/im/types'
import type { ChatBatcher } from './chatBatcher'

export interface UseOnlineCountOptions {
  client: ImClient
  batcher: ChatBatcher
  roomID: () => string | null
}

export interface UseOnlineCountReturn {
  /** Asks the IM server for the count now. */
  refresh(): Promise<void>
  stop(): void
}

export function useOnlineCount({ client, batcher, roomID }: UseOnlineCountOptions): UseOnlineCountReturn {
  let stopped = false
  const off = client.on('memberCountChanged', (e) => {
    if (e.roomID === roomID()) batcher.setOnlineCount(e.count)
  })

  async function refresh(): Promise<void> {
    const asked = roomID()
    if (!asked || !client.ready) return
    try {
      const count = await client.getOnlineMemberCount(asked)
      if (!stopped && roomID() === asked) batcher.setOnlineCount(count)
    } catch {
      // Best effort: the count is decoration.
    }
  }

  function stop(): void {
    stopped = true
    off()
  }
  onScopeDispose(stop)

  return { refresh, stop }
}
