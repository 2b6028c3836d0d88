// Live rooms' covers (a RoomWatcher): the snapshot the creator's phone uploads, shown on share cards
// and in the room list. A new cover replaces the room's old one; covers go with their room.
import { ErrorCode } from '@liveroom/protocol/errors'
import { CodedError } from '../errors.ts'
import { checkUploadedImage, contentHash, type ImageType, type ImageUploadCodes } from '../profiles/imageType.ts'
import type { RoomWatcher } from '../rooms/watchers.ts'
import type { CoverStore } from '../store/cover.ts'
import type { AvatarStore } from '../store/profile.ts'
import type { RoomStore } from '../store/types.ts'

export const COVER_URL_PREFIX = '/covers/'
/** A cover's file name: `<roomID>.<content hash>.<ext>` (a new snapshot gets a new URL, so it may be cached for good). */
export const COVER_NAME_PATTERN = '^[A-Za-z0-9_-]{1,48}\\.[0-9a-f]{32}\\.(jpg|png)$'
/** A phone's snapshot is a JPEG; PNG is taken too. */
export const COVER_IMAGE_TYPES: readonly ImageType[] = ['jpg', 'png']

export const COVER_UPLOAD_CODES: ImageUploadCodes = {
  tooLarge: ErrorCode.COVER_TOO_LARGE,
  notImage: ErrorCode.COVER_NOT_IMAGE,
  wrongType: ErrorCode.COVER_WRONG_TYPE,
}

export interface RoomCoversOptions {
  covers: CoverStore
  images: AvatarStore
  rooms: Pick<RoomStore, 'getRoom'>
  maxBytes: number
}

/** How often the sweep looks for covers whose room is gone. */
export const ORPHAN_SWEEP_MS = 10 * 60_000

export class RoomCovers implements RoomWatcher {
  private nextOrphanSweep = 0

  constructor(private readonly o: RoomCoversOptions) {}

  /** Makes the image the live room's cover (its creator only); its URL path. */
  async upload(caller: string, roomID: string, contentType: string | undefined, bytes: Buffer): Promise<string> {
    const type = checkUploadedImage(contentType, bytes, this.o.maxBytes, COVER_IMAGE_TYPES, COVER_UPLOAD_CODES)
    const room = await this.o.rooms.getRoom(roomID)
    if (!room || room.liveSince === null) throw new CodedError(ErrorCode.ROOM_NOT_FOUND)
    if (room.roomCreator !== caller) throw new CodedError(ErrorCode.NOT_ROOM_CREATOR)
    const name = `${roomID}.${contentHash(bytes)}.${type}`
    await this.o.images.put(name, bytes)
    const old = await this.o.covers.set(roomID, name)
    if (old && old !== name) await this.o.images.delete(old)
    return COVER_URL_PREFIX + name
  }

  /** The URL paths of those rooms' covers, by room. */
  async urls(roomIDs: readonly string[]): Promise<Map<string, string>> {
    const names = await this.o.covers.get(roomIDs)
    return new Map([...names].map(([roomID, name]) => [roomID, COVER_URL_PREFIX + name]))
  }

  /** The image by its file name (checked by the route), or null. */
  image(name: string): Promise<Buffer | null> {
    return this.o.images.get(name)
  }

  async ended(roomID: string): Promise<void> {
    await this.drop(roomID)
  }

  /**
   * Rooms gone without an end this instance saw (a crash, an upload racing the end) lose their cover
   * here: rare leftovers, so looked for every ORPHAN_SWEEP_MS rather than at every sweep.
   */
  async sweep(now: number): Promise<void> {
    if (now < this.nextOrphanSweep) return
    this.nextOrphanSweep = now + ORPHAN_SWEEP_MS
    for (const roomID of await this.o.covers.roomIDs()) {
      if (!(await this.o.rooms.getRoom(roomID))) await this.drop(roomID)
    }
  }

  private async drop(roomID: string): Promise<void> {
    const name = await this.o.covers.delete(roomID)
    if (name) await this.o.images.delete(name)
  }
}
