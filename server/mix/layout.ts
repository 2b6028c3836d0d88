// Layout of a co-anchor mix: the creator's stream fills the canvas; co-anchor windows are
// stacked upward from the bottom-right corner, in the order given.
export const DEFAULT_CANVAS = { width: 360, height: 640 } as const

export interface MixWindow {
  streamId: string
  /** 1 is the background (the creator); co-anchors are 2, 3, ... */
  layer: number
  x: number
  y: number
  width: number
  height: number
}

export class MixLayoutError extends Error {}

/** Window size of a co-anchor: 120x180, or 160x240 when the canvas is at least 540x960. */
export function coAnchorWindowSize(canvasWidth: number, canvasHeight: number): { width: number; height: number } {
  return canvasWidth >= 540 && canvasHeight >= 960 ? { width: 160, height: 240 } : { width: 120, height: 180 }
}

export function layoutMix(
  mainStream: string,
  coAnchorStreams: readonly string[],
  canvasWidth: number = DEFAULT_CANVAS.width,
  canvasHeight: number = DEFAULT_CANVAS.height,
): MixWindow[] {
  const { width, height } = coAnchorWindowSize(canvasWidth, canvasHeight)
  if (width > canvasWidth || height * coAnchorStreams.length > canvasHeight) {
    throw new MixLayoutError(
      `${coAnchorStreams.length} windows of ${width}x${height} do not fit a ${canvasWidth}x${canvasHeight} canvas`,
    )
  }
  const windows: MixWindow[] = [
    { streamId: mainStream, layer: 1, x: 0, y: 0, width: canvasWidth, height: canvasHeight },
  ]
  coAnchorStreams.forEach((streamId, i) => {
    windows.push({
      streamId,
      layer: i + 2,
      x: canvasWidth - width,
      y: canvasHeight - height * (i + 1),
      width,
      height,
    })
  })
  return windows
}
