// Scanning a URL into a text field: one scan at a time.
import { ref, type Ref } from 'vue'
import { scanText } from '@/adapters/uni/scan'

export function useScanCode(target: Ref<string>) {
  const scanning = ref(false)
  async function scan(): Promise<void> {
    if (scanning.value) return
    scanning.value = true
    try {
      const text = await scanText()
      if (text) target.value = text
    } finally {
      scanning.value = false
    }
  }
  return { scanning, scan }
}
