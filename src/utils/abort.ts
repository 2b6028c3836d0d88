// Cancellation for the app's long steps (entering a room, setting up a co-anchor link): an
// AbortController, or where the runtime has none (WeChat's JS engine is not a browser) one with
// the same surface the app uses.
export type AbortSignalLike = Pick<AbortSignal, 'aborted' | 'throwIfAborted'>

export interface AbortControllerLike {
  readonly signal: AbortSignalLike
  abort(): void
}

/** What a step throws once its work was aborted, where there is no native AbortSignal. */
export class AbortedError extends Error {
  override name = 'AbortError'
}

export function createAbortController(): AbortControllerLike {
  if (typeof AbortController === 'function') return new AbortController()
  let aborted = false
  const signal: AbortSignalLike = {
    get aborted() {
      return aborted
    },
    throwIfAborted() {
      if (aborted) throw new AbortedError('aborted')
    },
  }
  return {
    signal,
    abort() {
      aborted = true
    },
  }
}
