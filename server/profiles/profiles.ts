// Profiles: nickname rules, avatars stored by content hash, reads of many users at once.
import { ErrorCode } from '@liveroom/protocol/errors'
import { nickNameProblem } from '@liveroom/protocol/nickname'
import type { ProfileInfo } from '@liveroom/protocol/roomService'
import type { Clock } from '../clock.ts'
import { CodedError } from '../errors.ts'
import type { AvatarStore, ProfileStore } from '../store/profile.ts'
import { ALL_IMAGE_TYPES, AVATAR_UPLOAD_CODES, checkUploadedImage, contentHash } from './imageType.ts'

export const AVATAR_URL_PREFIX = '/avatars/'

export class Profiles {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly avatars: AvatarStore,
    private readonly clock: Clock,
    private readonly avatarMaxBytes: number,
  ) {}

  /** Keeps the image when it is what its Content-Type says and small enough; its URL path. */
  async uploadAvatar(contentType: string | undefined, bytes: Buffer): Promise<string> {
    const type = checkUploadedImage(contentType, bytes, this.avatarMaxBytes, ALL_IMAGE_TYPES, AVATAR_UPLOAD_CODES)
    const name = `${contentHash(bytes)}.${type}`
    await this.avatars.put(name, bytes)
    return AVATAR_URL_PREFIX + name
  }

  /** `avatar` undefined keeps the current one; '' removes it. */
  async set(userID: string, nickName: string, avatar: string | undefined): Promise<ProfileInfo> {
    const problem = nickNameProblem(nickName)
    if (problem) throw new CodedError(ErrorCode.BAD_NICKNAME, problem)
    if (avatar && !(await this.avatars.has(avatar.slice(AVATAR_URL_PREFIX.length)))) throw new CodedError(ErrorCode.AVATAR_NOT_FOUND)
    const kept = avatar ?? (await this.profiles.get([userID]))[0]?.avatar ?? ''
    const profile = { userID, nickName, avatar: kept, updatedAt: this.clock.now() }
    await this.profiles.set(profile)
    return profile
  }

  async get(userIDs: readonly string[]): Promise<ProfileInfo[]> {
    return this.profiles.get([...new Set(userIDs)])
  }

  /** The image by its file name (`<hash>.<ext>`, checked by the route), or null. */
  avatar(name: string): Promise<Buffer | null> {
    return this.avatars.get(name)
  }
}
