// The pushed picture, and its frame number drawn as 16 black/white stripes (bit k in stripe k):
// the pusher draws it, the player reads it back.

export const FPS = 15
export const WIDTH = 360
export const HEIGHT = 640
const CODE_BITS = 16
/** The stripes band: rows CODE_Y .. CODE_Y + CODE_HEIGHT of the picture (above the co-anchor window of a mix). */
export const CODE_Y = 304
const CODE_HEIGHT = 32
/** Players decode only the middle of the band, as 8-bit gray. */
export const CROP_Y = CODE_Y + 8
export const CROP_HEIGHT = 16
export const CROP_BYTES = WIDTH * CROP_HEIGHT

/** geq draws bit k of the frame number N in stripe k, white for 1, black for 0. */
export function stripesFilter(): string {
  const bit = `mod(floor(N/pow(2,floor(X*${CODE_BITS}/W))),2)`
  return `color=c=black:s=${WIDTH}x${CODE_HEIGHT}:r=${FPS},format=gray,geq=lum='if(${bit},235,16)',format=yuv420p`
}

/** The frame number in a band of stripes, or undefined when a stripe is neither clearly black nor white. */
export function readFrameNumber(band: Buffer): number | undefined {
  let n = 0
  for (let k = 0; k < CODE_BITS; k++) {
    const cx = Math.floor(((k + 0.5) * WIDTH) / CODE_BITS)
    let sum = 0
    let count = 0
    for (let y = 3; y < CROP_HEIGHT - 3; y++) {
      for (let x = cx - 4; x <= cx + 4; x++) {
        sum += band[y * WIDTH + x]
        count++
      }
    }
    const mean = sum / count
    if (mean > 64 && mean < 192) return undefined
    if (mean >= 192) n |= 1 << k
  }
  return n
}
