// The benchmark's data: live rooms, each with its creator as pusher and an audience, a few of
// them big; and what a live room and a viewer cost in memory and storage as they are added.
import fs from 'node:fs'
import Database from 'better-sqlite3'
import type { Redis } from 'ioredis'
import type { RoomStore } from '../store/types.ts'

export interface Audiences {
  rooms: number
  /** Every `bigEvery`th room (the first included) has `bigViewers` viewers, the others `smallViewers`. */
  bigEvery: number
  bigViewers: number
  smallViewers: number
}

export interface MemoryCost {
  store: string
  /** JS heap of the service process, bytes (after GC). */
  heapPerRoom: number
  heapPerViewer: number
  /** The store's own: the SQLite file (write-ahead log folded in), or Redis' used_memory. */
  storePerRoom: number
  storePerViewer: number
}

export const roomIdOf = (i: number): string => `bench_${String(i).padStart(5, '0')}`
export const anchorOf = (i: number): string => `anchor_${i}`
export const viewerOf = (room: number, v: number): string => `viewer_${room}_${v}`

function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed
}

/** How many bytes the store itself holds now. */
export type StoreBytes = () => Promise<number>

export function sqliteBytes(file: string): StoreBytes {
  return async () => {
    const db = new Database(file)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    return fs.statSync(file).size
  }
}

export function redisBytes(redis: Redis): StoreBytes {
  return async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0)
}

/** Runs `work` over 0..n-1, `width` at a time (Redis answers a batch per round trip). */
async function inBatches(n: number, width: number, work: (i: number) => Promise<unknown>): Promise<void> {
  for (let from = 0; from < n; from += width) {
    await Promise.all(Array.from({ length: Math.min(width, n - from) }, (_, k) => work(from + k)))
  }
}

/** Fills the store, measuring what the rooms and then the viewers added. */
export async function populate(store: RoomStore, a: Audiences, bytes: StoreBytes): Promise<MemoryCost> {
  const now = Date.now()
  const heap0 = heapAfterGc()
  const store0 = await bytes()
  await inBatches(a.rooms, 100, async (i) => {
    await store.createRoom({
      roomID: roomIdOf(i),
      roomName: `直播间 ${i}`,
      roomInfo: `直播间 ${i}`,
      roomCreator: anchorOf(i),
      custom: '',
      createdAt: now + i,
      requireAdmission: false,
    })
    await store.addPusher(roomIdOf(i), { userID: anchorOf(i), userName: `主播${i}`, userAvatar: `https://img.example.com/a/${i}.png`, pushURL: '' }, now + i, 4)
  })
  const heap1 = heapAfterGc()
  const store1 = await bytes()
  let viewers = 0
  for (let i = 0; i < a.rooms; i++) {
    const n = i % a.bigEvery === 0 ? a.bigViewers : a.smallViewers
    viewers += n
    await inBatches(n, 500, (v) => store.addAudience(roomIdOf(i), viewerOf(i, v), JSON.stringify({ userName: `观众${v}`, userAvatar: '' }), now + v))
  }
  const heap2 = heapAfterGc()
  const store2 = await bytes()
  return {
    store: store.kind,
    heapPerRoom: (heap1 - heap0) / a.rooms,
    heapPerViewer: (heap2 - heap1) / viewers,
    storePerRoom: (store1 - store0) / a.rooms,
    storePerViewer: (store2 - store1) / viewers,
  }
}
