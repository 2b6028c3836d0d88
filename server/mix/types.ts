import type { MixWindow } from './layout.ts'

/**
 * Co-anchor stream mixing, by Tencent Cloud or by our own ffmpeg. The audience plays
 * `outputStream(main)`: Tencent replaces the creator's stream in place; ffmpeg publishes a stream
 * of its own while it mixes.
 */
export interface StreamMixer {
  /** Starts or updates the mix of `windows` over `mainStream` (the creator's stream). */
  mix(mainStream: string, windows: readonly MixWindow[]): Promise<void>
  /** Stops mixing over `mainStream`. */
  cancel(mainStream: string): Promise<void>
  /** The stream the audience should play for `mainStream` now. */
  outputStream(mainStream: string): string
  /** The windows last mixed over `mainStream`, while that mix is on; undefined otherwise. */
  windowsOf(mainStream: string): readonly MixWindow[] | undefined
}

export class MixUpstreamError extends Error {
  constructor(
    message: string,
    readonly upstreamCode?: string,
  ) {
    super(message)
    this.name = 'MixUpstreamError'
  }
}
