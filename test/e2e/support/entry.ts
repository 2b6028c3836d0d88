// What entering the live room costs WeChat's render thread: the setData calls and bytes from opening
// the room page until it is live (the anchor) or playing (a viewer). Each setData is serialised and
// sent from the logic thread to the render thread, so this is what a phone pays before the first
// frame. Shared by the budget test (test/e2e/entry.test.ts) and the benchmark (bench/entryBench.ts).
import type { SetDataStats } from '../../support/miniprogram'
import type { Client } from './clients'

/** The most setData bytes entering the room may cost, anchor or viewer. */
export const ENTRY_BUDGET_BYTES = 1536

/** The anchor opens the room page (as 新建直播间 redirects to it) and goes live: push started, 1002. */
export async function anchorEntry(anchor: Client, roomName: string): Promise<SetDataStats> {
  anchor.mp.resetSetDataStats()
  await anchor.open('live/room/room', { role: 'anchor', name: roomName, audioOnly: 0 })
  // (Not flows.ts's startsOf: that module imports vitest, which the benchmark runs without.)
  await anchor.waitFor(() => anchor.wx.records.pushers.some((p) => p.called('start')), 'the pusher to start')
  anchor.run(() => anchor.wx.lastPusher().emit('statechange', { code: 1002 }))
  await anchor.waitFor(() => !anchor.exists('#entering') && !anchor.exists('#room-notice'), 'the room to go live')
  await anchor.flush()
  return anchor.mp.setDataStats()
}

/** A viewer opens the room page (as the room list navigates to it) and its player starts: 2004. */
export async function viewerEntry(viewer: Client, roomID: string): Promise<SetDataStats> {
  viewer.mp.resetSetDataStats()
  await viewer.open('live/room/room', { role: 'audience', roomID })
  const player = () => viewer.wx.records.players.find((p) => p.id === 'player' && p.called('play'))
  await viewer.waitFor(() => player() !== undefined && !viewer.exists('#entering'), 'the player to start')
  viewer.run(() => player()?.emit('statechange', { code: 2004 }))
  await viewer.flush()
  return viewer.mp.setDataStats()
}
