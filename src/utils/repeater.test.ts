import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRepeater } from './repeater'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('createRepeater', () => {
  it('runs first after the first delay, then every interval', async () => {
    const task = vi.fn()
    const r = createRepeater(3000, 7000, task)
    r.start()
    await vi.advanceTimersByTimeAsync(2999)
    expect(task).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(task).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(14000)
    expect(task).toHaveBeenCalledTimes(3)
  })

  it('stops, including from inside a run', async () => {
    const r = createRepeater(10, 10, () => r.stop())
    const spy = vi.spyOn(globalThis, 'setTimeout')
    r.start()
    await vi.advanceTimersByTimeAsync(100)
    expect(spy).toHaveBeenCalledTimes(1)
    expect(r.running).toBe(false)
  })

  it('settles once the run under way has finished, even when stopped during it', async () => {
    let finish: () => void = () => undefined
    const r = createRepeater(10, 10, () => new Promise<void>((resolve) => (finish = resolve)))
    r.start()
    await vi.advanceTimersByTimeAsync(10)
    r.stop()
    let settled = false
    void r.settled().then(() => (settled = true))
    await vi.advanceTimersByTimeAsync(100)
    expect(settled).toBe(false)
    finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(settled).toBe(true)
    expect(r.running).toBe(false)
  })

  it('keeps going after a failing run', async () => {
    let n = 0
    const r = createRepeater(10, 10, async () => {
      n++
      throw new Error('boom')
    })
    r.start()
    await vi.advanceTimersByTimeAsync(35).catch(() => undefined)
    expect(n).toBeGreaterThanOrEqual(3)
    r.stop()
  })
})
