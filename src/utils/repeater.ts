// A task run after a first delay, then at a steady interval, one run at a time, until stopped.
// (The room heartbeat: 3 s, then every 7 s.)
export interface Repeater {
  start(): void
  stop(): void
  /** Resolves once the run under way, if any, has finished (a stop does not cut a run short). */
  settled(): Promise<void>
  readonly running: boolean
}

export function createRepeater(firstMs: number, everyMs: number, task: () => Promise<void> | void): Repeater {
  let timer: ReturnType<typeof setTimeout> | null = null
  let generation = 0
  let run: Promise<void> = Promise.resolve()

  async function runOnce(gen: number): Promise<void> {
    try {
      await task()
    } catch {
      // The task reports its own failures; one failed run must not end the rhythm.
    } finally {
      // A stop (or restart) during the run wins: only the current generation reschedules.
      if (gen === generation && timer !== null) schedule(everyMs, gen)
    }
  }

  function schedule(delay: number, gen: number) {
    timer = setTimeout(() => (run = runOnce(gen)), delay)
  }

  return {
    start() {
      this.stop()
      schedule(firstMs, ++generation)
    },
    stop() {
      generation++
      if (timer) clearTimeout(timer)
      timer = null
    },
    settled: () => run,
    get running() {
      return timer !== null
    },
  }
}
