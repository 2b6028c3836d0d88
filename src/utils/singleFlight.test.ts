import { describe, expect, it, vi } from 'vitest'
import { singleFlight } from './singleFlight'

describe('singleFlight', () => {
  it('gives a call made during a run the same promise, and runs the task once', async () => {
    const once = singleFlight<number>()
    const task = vi.fn(async () => 7)
    const [a, b] = [once(task), once(task)]
    expect(a).toBe(b)
    expect(await a).toBe(7)
    expect(task).toHaveBeenCalledTimes(1)
  })

  it('runs again once the previous run has settled, failed or not', async () => {
    const once = singleFlight<number>()
    await expect(once(async () => Promise.reject(new Error('no')))).rejects.toThrow('no')
    expect(await once(async () => 2)).toBe(2)
  })
})
