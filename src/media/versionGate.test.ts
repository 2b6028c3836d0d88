import { describe, expect, it } from 'vitest'
import { clientGate, compareVersions, MIN_BASE_LIBRARY } from './versionGate'

describe('compareVersions', () => {
  it('orders dotted versions numerically, not as text', () => {
    expect(compareVersions('2.15.0', '2.9.1')).toBeGreaterThan(0)
    expect(compareVersions('2.9.1', '2.15.0')).toBeLessThan(0)
    expect(compareVersions('2.15', '2.15.0')).toBe(0)
    expect(compareVersions('3.0.0', '2.99.99')).toBeGreaterThan(0)
  })
})

describe('the home page gate', () => {
  it('lets a client at the minimum base library with live components in', () => {
    expect(clientGate(true, MIN_BASE_LIBRARY).ok).toBe(true)
    expect(clientGate(true, '3.4.0').ok).toBe(true)
  })

  it('stops a client whose base library predates the minimum, naming the versions to update to', () => {
    const gate = clientGate(true, '2.14.4')
    expect(gate.ok).toBe(false)
    expect(gate.message).toContain('基础库 2.15.0')
    expect(gate.message).toContain('iOS 7.0.20')
    expect(gate.message).toContain('Android 7.0.22')
  })

  it('stops a client without the live components whatever its version', () => {
    expect(clientGate(false, '3.4.0').ok).toBe(false)
  })

  it('does not hold an unknown version against a client that has the live components', () => {
    expect(clientGate(true, '').ok).toBe(true)
  })
})
