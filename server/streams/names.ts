// Stream names: one stream per user, derived from the SDKAppID and the user ID.
import { USER_ID_PATTERN } from '@liveroom/protocol/roomService'

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

/**
 * The stream a self-hosted mix of `mainStream` is published as. It cannot be the anchor's own
 * stream (that has a publisher), and `mix_` keeps it apart from every user's stream name.
 */
export function mixStreamName(mainStream: string): string {
  return `mix_${mainStream}`
}

/** Whether a stream name is one this service hands out: a user's, or a mix of one. */
export function isServiceStreamName(sdkAppId: number, name: string): boolean {
  const prefix = `${sdkAppId}_`
  return name.startsWith(prefix) || name.startsWith(`mix_${prefix}`)
}
