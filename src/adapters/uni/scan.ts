// QR/bar-code scanning; a cancelled scan resolves null rather than failing.
import { callUni } from './callback'

export async function scanText(): Promise<string | null> {
  try {
    const { result } = await callUni<{ result: string }>('scanCode', uni.scanCode, { onlyFromCamera: false })
    return result?.trim() || null
  } catch {
    return null
  }
}
