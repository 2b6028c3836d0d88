// Layout of a co-anchor mix: the creator's stream fills the canvas; co-anchor windows are
// stacked upward from the bottom-right corner, in the order given, the lowest one lifted off the
// bottom edge as MLVB's clients place it (the first 120x180 window at x 240, y 400 on 360x640).
export const DEFAULT_CANVAS = { width: 360, height: 640 } as const

export interface MixWindow {
  streamId: string
  /** 1 is the background (the creator); co-anchors are 2, 3, ... */
  layer: number
  x: number
  y: number
  width: number
  height: number
  /** Its picture is mixed, its audio left out (the creator muted this co-anchor). */
  audioMuted?: boolean
}

export class MixLayoutError extends Error {}

/**
 * Window size of a co-anchor, and the gap under the lowest window: 120x180 above 60 px, or
 * 160x240 above 90 px when the canvas is at least 540x960.
 */
export function coAnchorWindowSize(canvasWidth: number, canvasHeight: number): { width: number; height: number; bottomGap: number } {
  return canvasWidth >= 540 && canvasHeight >= 960 ? { width: 160, height: 240, bottomGap: 90 } : { width: 120, height: 180, bottomGap: 60 }
}

/** The mix with every co-anchor in its stacked place; refuses a stack taller than the canvas. */
export function layoutMix(
  mainStream: string,
  coAnchorStreams: readonly string[],
  canvasWidth: number = DEFAULT_CANVAS.width,
  canvasHeight: number = DEFAULT_CANVAS.height,
): MixWindow[] {
  const { width, height, bottomGap } = coAnchorWindowSize(canvasWidth, canvasHeight)
  if (width > canvasWidth || bottomGap + height * coAnchorStreams.length > canvasHeight) {
    throw new MixLayoutError(
      `${coAnchorStreams.length} windows of ${width}x${height} do not fit a ${canvasWidth}x${canvasHeight} canvas`,
    )
  }
  return stackedWindows(mainStream, coAnchorStreams, canvasWidth, canvasHeight)
}

/**
 * The background and the co-anchor windows stacked upward from the bottom-right corner, unchecked:
 * past the canvas's height a window's y is negative (callers that place windows themselves clamp).
 */
export function stackedWindows(mainStream: string, coAnchorStreams: readonly string[], canvasWidth: number, canvasHeight: number): MixWindow[] {
  const { width, height, bottomGap } = coAnchorWindowSize(canvasWidth, canvasHeight)
  return [
    { streamId: mainStream, layer: 1, x: 0, y: 0, width: canvasWidth, height: canvasHeight },
    ...coAnchorStreams.map((streamId, i) => ({
      streamId,
      layer: i + 2,
      x: canvasWidth - width,
      y: canvasHeight - bottomGap - height * (i + 1),
      width,
      height,
    })),
  ]
}

/** A window moved and sized as asked, kept inside the canvas (at least 2x2 px). */
export function clampWindow(
  w: MixWindow,
  asked: { x?: number; y?: number; width?: number; height?: number },
  canvasWidth: number,
  canvasHeight: number,
): MixWindow {
  const width = Math.min(Math.max(2, Math.round(asked.width ?? w.width)), canvasWidth)
  const height = Math.min(Math.max(2, Math.round(asked.height ?? w.height)), canvasHeight)
  return {
    ...w,
    width,
    height,
    x: Math.min(Math.max(0, Math.round(asked.x ?? w.x)), canvasWidth - width),
    y: Math.min(Math.max(0, Math.round(asked.y ?? w.y)), canvasHeight - height),
  }
}
