import { describe, expect, it, vi } from 'vitest'
import { keyedFlight, singleFlight } from './singleFlight'

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

describe('keyedFlight', () => {
  it('joins a run with the same key, and runs another key after the run under way', async () => {
    const flight = keyedFlight<string>()
    const order: string[] = []
    let finishA: () => void = () => undefined
    const a = flight('a', () => new Promise<string>((resolve) => (finishA = () => resolve('a'))).finally(() => order.push('a done')))
    expect(flight('a', async () => 'never')).toBe(a)
    const b = flight('b', async () => {
      order.push('b started')
      return 'b'
    })
    await Promise.resolve()
    expect(order).toEqual([])
    finishA()
    expect(await b).toBe('b')
    expect(await a).toBe('a')
    expect(order).toEqual(['a done', 'b started'])
  })

  it('runs the next key even when the run before it failed', async () => {
    const flight = keyedFlight<number>()
    const failed = flight('x', async () => Promise.reject(new Error('no')))
    const next = flight('y', async () => 1)
    await expect(failed).rejects.toThrow('no')
    expect(await next).toBe(1)
  })
})
