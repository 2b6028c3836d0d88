import type { MixWindow } from './layout.ts'

/** Cloud stream mixing: the output replaces the creator's stream. */
export interface StreamMixer {
  /** Starts or updates the mix of `windows` into `outputStream`. */
  mix(outputStream: string, windows: readonly MixWindow[]): Promise<void>
  /** Stops mixing into `outputStream`. */
  cancel(outputStream: string): Promise<void>
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
