// Time source of the service. Tests pass their own so that expiry can be checked without waiting.
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
