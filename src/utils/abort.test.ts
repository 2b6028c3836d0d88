import { afterEach, describe, expect, it, vi } from 'vitest'
import { createAbortController } from './abort'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe.each([
  ['the runtime’s AbortController', false],
  ['its stand-in where the runtime has none (WeChat)', true],
])('createAbortController: %s', (_name, withoutNative) => {
  it('lets a step go on until aborted, then stops it at its next check', () => {
    if (withoutNative) vi.stubGlobal('AbortController', undefined)
    const controller = createAbortController()
    expect(controller.signal.aborted).toBe(false)
    expect(() => controller.signal.throwIfAborted()).not.toThrow()
    controller.abort()
    expect(controller.signal.aborted).toBe(true)
    expect(() => controller.signal.throwIfAborted()).toThrow()
  })
})
