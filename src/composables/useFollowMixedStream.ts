// A viewer plays the room's mixed stream, which can move while it is watched: a self-hosted mix is
// published as a stream of its own, and ends with the co-anchoring. The viewer's player follows it.
// A co-anchor, playing the others in RTC rather than the mix, keeps its streams; the same stream
// signed again (another query) is not another stream.
import { watch } from 'vue'
import type { RoomState } from './roomState'
import type { LivePlayer } from './useLivePlayer'

/** A play URL without its query. */
const streamOf = (url: string) => url.split(/[?#]/, 1)[0]

export function useFollowMixedStream(room: RoomState, player: LivePlayer): void {
  watch(
    () => room.details?.mixedPlayURL ?? '',
    (next, previous) => {
      if (room.role !== 'audience' || room.phase !== 'live') return
      if (!next || !previous || streamOf(next) === streamOf(previous)) return
      if (player.settings.mode !== 'live' || streamOf(player.settings.url) !== streamOf(previous)) return
      void player.play(next)
    },
  )
}
