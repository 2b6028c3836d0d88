// Rooms as read in the last `ttlMs` (a second): every heartbeat and read of a room checks it, and
// most would otherwise read the same room from the store again. This instance's own writes to a
// room drop (or update) its entry, so it always sees them; with several instances on one Redis,
// another instance's write is seen once the entry is older than `ttlMs`, which bounds how stale a
// read can be. Writes themselves always go to the store, which decides them atomically.
import type { StoredRoom } from '../store/types.ts'

interface Entry {
  at: number
  room: Promise<StoredRoom | null>
  /** Once read: what the promise gave, updated in place by this instance's heartbeats. */
  value?: StoredRoom | null
}

export class RoomCache {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly ttlMs: number,
    /** Rooms kept at most; the oldest go first. */
    private readonly maxEntries = 10_000,
  ) {}

  /** The room from an entry younger than the TTL, else from `load` (one load at a time per room). */
  get(roomID: string, now: number, load: () => Promise<StoredRoom | null>): Promise<StoredRoom | null> {
    const hit = this.entries.get(roomID)
    if (hit && now - hit.at < this.ttlMs && now >= hit.at) return hit.room
    if (hit) this.entries.delete(roomID)
    else if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string)
    const entry: Entry = { at: now, room: load() }
    if (this.ttlMs <= 0) return entry.room
    this.entries.set(roomID, entry)
    entry.room.then(
      (room) => (entry.value = room),
      () => {
        if (this.entries.get(roomID) === entry) this.entries.delete(roomID)
      },
    )
    return entry.room
  }

  /** The room changed through this instance: the next read goes to the store. */
  invalidate(roomID: string): void {
    this.entries.delete(roomID)
  }

  /** A heartbeat this instance queued: the cached copy shows it as the store soon will. */
  touched(roomID: string, userID: string, at: number, roomStatusCode?: number): void {
    const room = this.entries.get(roomID)?.value
    if (!room) return
    const pusher = room.pushers.find((p) => p.userID === userID)
    if (pusher) pusher.heartbeatAt = Math.max(pusher.heartbeatAt, at)
    if (room.roomCreator === userID) {
      room.creatorHeartbeatAt = Math.max(room.creatorHeartbeatAt, at)
      if (roomStatusCode !== undefined) room.roomStatusCode = roomStatusCode
    }
  }

  /** The audience count the store just returned; false when the cached copy already had it. */
  audienceCounted(roomID: string, count: number): boolean {
    const room = this.entries.get(roomID)?.value
    if (room?.audienceCount === count) return false
    if (room) room.audienceCount = count
    return true
  }
}
