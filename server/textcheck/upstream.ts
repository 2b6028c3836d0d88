// Calls to WeChat under one deadline: every fetch is aborted when the time left runs out.

/** Why WeChat gave no verdict; the checker then decides with the word list. */
export type UpstreamFailure = 'timeout' | 'unreachable' | 'rate_limited' | 'errcode' | 'bad_reply'

export class UpstreamError extends Error {
  constructor(
    readonly failure: UpstreamFailure,
    /** For logs: never a URL, a token or a secret. */
    readonly detail: string,
  ) {
    super(`${failure}: ${detail}`)
    this.name = 'UpstreamError'
  }
}

/** WeChat errcodes that say "busy" or "over quota", not "this request is wrong". */
const BUSY_ERRCODES: ReadonlySet<number> = new Set([-1, 45009, 45011])

export function errcodeFailure(errcode: number, what: string): UpstreamError {
  return new UpstreamError(BUSY_ERRCODES.has(errcode) ? 'rate_limited' : 'errcode', `${what} errcode ${errcode}`)
}

/** A moment by which a call must be answered (ms on the monotonic clock). */
export class Deadline {
  private readonly at: number

  constructor(ms: number) {
    this.at = performance.now() + ms
  }

  get left(): number {
    return Math.max(0, Math.floor(this.at - performance.now()))
  }

  /** JSON from `url`, or an UpstreamError (timeout, unreachable, HTTP error, not JSON). */
  async fetchJson(url: URL, init: RequestInit, what: string): Promise<Record<string, unknown>> {
    if (this.left <= 0) throw new UpstreamError('timeout', `${what}: no time left`)
    let body: unknown
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(this.left) })
      if (!res.ok) throw new UpstreamError(res.status === 429 ? 'rate_limited' : 'unreachable', `${what} HTTP ${res.status}`)
      body = await res.json()
    } catch (err) {
      if (err instanceof UpstreamError) throw err
      const name = err instanceof Error ? err.name : 'error'
      if (name === 'TimeoutError' || name === 'AbortError') throw new UpstreamError('timeout', `${what} took too long`)
      if (name === 'SyntaxError') throw new UpstreamError('bad_reply', `${what} answered no JSON`)
      throw new UpstreamError('unreachable', `${what} failed (${name})`)
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new UpstreamError('bad_reply', `${what} answered no object`)
    return body as Record<string, unknown>
  }

  /** `promise`, or a timeout UpstreamError once the time left runs out. */
  async race<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UpstreamError('timeout', `${what} took too long`)), this.left)
    })
    try {
      return await Promise.race([promise, expired])
    } finally {
      clearTimeout(timer)
    }
  }
}
