// Room names the new-room page accepts: at most 20 characters, none of <>*{}()^%$#@!~&= and no spaces.
import { ROOM_NAME_FORBIDDEN_CHARS, ROOM_NAME_MAX_LENGTH } from '@liveroom/protocol/roomService'

export const DEFAULT_ROOM_NAME = '新建直播间'

/** Returns why the name cannot be used, or null when it can. */
export function validateRoomName(name: string): string | null {
  if (!name) return '请输入直播间名称'
  if (/\s/.test(name)) return '直播间名称不能包含空格'
  const bad = [...new Set([...name].filter((c) => ROOM_NAME_FORBIDDEN_CHARS.includes(c)))]
  if (bad.length) return `直播间名称不能包含 ${bad.join(' ')}`
  if ([...name].length > ROOM_NAME_MAX_LENGTH) return `直播间名称最多 ${ROOM_NAME_MAX_LENGTH} 个字`
  return null
}
