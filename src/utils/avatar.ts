// Avatars other users tell us of (chat messages, co-anchor requests, the pushers list) are shown
// only when they are web addresses: anything else would be a broken image, so it shows the placeholder.

/** The longest avatar address shown (the pushers list allows 1024). */
const MAX_AVATAR_URL = 1024

/** `url` when it can be an image's address (http or https), else '' (the neutral placeholder). */
export function avatarOrNone(url: string | undefined): string {
  return url && url.length <= MAX_AVATAR_URL && /^https?:\/\/[^\s/?#]+\/\S*$/.test(url) ? url : ''
}
