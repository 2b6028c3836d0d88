// Synchronous key-value storage, typed per key by the caller.
export function readStorage<T>(key: string, isValid: (value: unknown) => value is T): T | null {
  try {
    const value: unknown = uni.getStorageSync(key)
    return isValid(value) ? value : null
  } catch {
    return null
  }
}

export function writeStorage(key: string, value: unknown): void {
  try {
    uni.setStorageSync(key, value)
  } catch {
    // Storage full or unavailable: the value lives for this launch only.
  }
}
