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
