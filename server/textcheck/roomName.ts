// Room names pass the text check before a room is made with one.
import { ErrorCode } from '@liveroom/protocol/errors'
import { CodedError } from '../errors.ts'
import type { TextChecker } from './types.ts'

export async function checkRoomName(texts: TextChecker, roomName: string, userID: string): Promise<void> {
  const v = await texts.check(roomName, { userID, scene: 'profile' })
  if (v.verdict === 'block') throw new CodedError(ErrorCode.TEXT_BLOCKED)
}
