// Nickname rules, shared by the mini-program (to say so before sending) and the service (which decides).
import { NICKNAME_MAX_LENGTH, ROOM_NAME_FORBIDDEN_CHARS } from './limits'
import { visibleLength } from './text'

// Control characters, bidirectional overrides and isolates, line and paragraph separators.
const INVISIBLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u2028\u2029]/u

/** Why `nickName` is refused, or undefined when it is fine. */
export function nickNameProblem(nickName: string): string | undefined {
  if (nickName.trim() !== nickName) return 'no spaces at the start or end'
  if (INVISIBLE.test(nickName)) return 'no control characters'
  const forbidden = [...ROOM_NAME_FORBIDDEN_CHARS].find((c) => nickName.includes(c))
  if (forbidden !== undefined) return `no ${ROOM_NAME_FORBIDDEN_CHARS}`
  const visible = visibleLength(nickName)
  if (visible < 1 || visible > NICKNAME_MAX_LENGTH) return `1-${NICKNAME_MAX_LENGTH} characters`
  return undefined
}
