// What to do about rooms when the IM connection comes back (MLVB's demo had
// no reconnect handling). tim-wx-sdk reconnects its socket by
// itself; whether it is still in an AVChatRoom afterwards depends on how long
// it was away. So after a disconnect → connected transition every room we are
// in is joined again (joining a group we are in is a success), with retries,
// and a room that cannot be re-entered is reported once.

export interface RejoinPolicyOptions {
  rejoin(roomID: string): Promise<void>
  /** Called once per room when re-entering it failed for good. */
  onGiveUp(roomID: string, error: unknown): void
  /** Errors not worth retrying (the room is gone). */
  isFatal?(error: unknown): boolean
  /** Delay before each attempt; the number of entries is the number of attempts. Default [0, 1000, 3000, 8000]. */
  delaysMs?: readonly number[]
  setTimer?: (fn: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
}

export interface RejoinPolicy {
  /** We are in this room's group now. */
  track(roomID: string): void
  /** We left it (or it is gone): stop caring about it. */
  untrack(roomID: string): void
  /** Feed every network state change here. */
  onNetState(state: 'connected' | 'connecting' | 'disconnected'): void
  /** Rooms currently tracked. */
  rooms(): string[]
  /** Forget all rooms and cancel pending attempts (logout, kicked out). */
  reset(): void
}

export const DEFAULT_REJOIN_DELAYS_MS: readonly number[] = [0, 1000, 3000, 8000]

export function createRejoinPolicy(options: RejoinPolicyOptions): RejoinPolicy {
  const delays = options.delaysMs ?? DEFAULT_REJOIN_DELAYS_MS
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms))
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>))
  const isFatal = options.isFatal ?? (() => false)

  const tracked = new Set<string>()
  /** Per room: a generation number; an attempt whose generation is stale does nothing. */
  const generation = new Map<string, number>()
  const timers = new Map<string, unknown>()
  let lost = false

  function cancel(roomID: string): void {
    const t = timers.get(roomID)
    if (t !== undefined) clearTimer(t)
    timers.delete(roomID)
    generation.set(roomID, (generation.get(roomID) ?? 0) + 1)
  }

  function attempt(roomID: string, gen: number, index: number): void {
    timers.delete(roomID)
    if (generation.get(roomID) !== gen || !tracked.has(roomID)) return
    options.rejoin(roomID).then(
      () => undefined,
      (error: unknown) => {
        if (generation.get(roomID) !== gen || !tracked.has(roomID)) return
        if (isFatal(error) || index + 1 >= delays.length) {
          tracked.delete(roomID)
          options.onGiveUp(roomID, error)
          return
        }
        schedule(roomID, gen, index + 1)
      },
    )
  }

  function schedule(roomID: string, gen: number, index: number): void {
    const delay = delays[index]
    if (delay <= 0) attempt(roomID, gen, index)
    else timers.set(roomID, setTimer(() => attempt(roomID, gen, index), delay))
  }

  return {
    track(roomID) {
      tracked.add(roomID)
    },
    untrack(roomID) {
      tracked.delete(roomID)
      cancel(roomID)
    },
    onNetState(state) {
      if (state === 'disconnected') {
        lost = true
        for (const roomID of tracked) cancel(roomID)
        return
      }
      if (state !== 'connected' || !lost) return
      lost = false
      if (delays.length === 0) return
      for (const roomID of tracked) {
        cancel(roomID)
        schedule(roomID, generation.get(roomID) ?? 0, 0)
      }
    },
    rooms() {
      return [...tracked]
    },
    reset() {
      for (const roomID of [...timers.keys()]) cancel(roomID)
      tracked.clear()
      lost = false
    },
  }
}
