// Stream names: one stream per user, derived from the SDKAppID and the user ID.
import { USER_ID_PATTERN } from '../../src/protocol/roomService.ts'

const USER_ID_RE = new RegExp(USER_ID_PATTERN)

/**
 * `<sdkAppID>_<userID>`. User IDs are limited to letters, digits, `_` and `-` at login, so the
 * name is safe in a URL path; the SDKAppID has no `_`, so the first `_` separates the two.
 */
export function streamNameFor(sdkAppId: number, userID: string): string {
  if (!USER_ID_RE.test(userID)) throw new Error(`user ID not usable in a stream name: ${JSON.stringify(userID)}`)
  return `${sdkAppId}_${userID}`
}

/** Stream ID of a play or push URL: its last path segment, cut at `?` and at the first `.`. */
export function streamIdFromUrl(url: string): string {
  const beforeQuery = url.split(/[?#]/, 1)[0]
  const segment = beforeQuery.slice(beforeQuery.lastIndexOf('/') + 1)
  const dot = segment.indexOf('.')
  return dot >= 0 ? segment.slice(0, dot) : segment
}
