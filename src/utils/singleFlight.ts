// One run of an async task at a time: a call made while a run is under way gets that run's
// promise (a double tap, two pages asking to log in, entering a room twice), not a second run.
export type SingleFlight<T> = (task: () => Promise<T>) => Promise<T>

export function singleFlight<T>(): SingleFlight<T> {
  let running: Promise<T> | null = null
  return (task) =>
    (running ??= task().finally(() => {
      running = null
    }))
}

/**
 * One run at a time, per key: a call with the key of the run under way gets that run's promise
 * (a double tap on play); a call with another key runs once that run has settled (play another
 * stream), instead of being answered with the first one's outcome.
 */
export type KeyedFlight<T> = (key: string, task: () => Promise<T>) => Promise<T>

export function keyedFlight<T>(): KeyedFlight<T> {
  let current: { key: string; run: Promise<T> } | null = null
  const ignore = () => undefined
  return (key, task) => {
    if (current?.key === key) return current.run
    const run = (current ? current.run.then(ignore, ignore) : Promise.resolve()).then(task)
    const entry = { key, run }
    current = entry
    run
      .finally(() => {
        if (current === entry) current = null
      })
      .catch(ignore)
    return run
  }
}
