// Dialogs, toasts and navigation: the page-level uni APIs composables may use.
import { callUni } from './callback'

interface ModalResult {
  confirm: boolean
  cancel: boolean
  content?: string
}

export function alert(title: string, content: string): Promise<void> {
  return callUni<ModalResult>('showModal', uni.showModal, { title, content, showCancel: false }).then(
    () => undefined,
    () => undefined,
  )
}

export function confirm(title: string, content: string, confirmText = '确定', cancelText = '取消'): Promise<boolean> {
  return callUni<ModalResult>('showModal', uni.showModal, { title, content, confirmText, cancelText }).then(
    (r) => r.confirm,
    () => false,
  )
}

/** An editable modal: resolves the typed text, or null when cancelled. */
export function promptText(title: string, placeholderText: string): Promise<string | null> {
  return callUni<ModalResult>('showModal', uni.showModal, { title, editable: true, placeholderText, content: '' }).then(
    (r) => (r.confirm ? (r.content ?? '') : null),
    () => null,
  )
}

export function toast(title: string): void {
  uni.showToast({ title, icon: 'none', duration: 2000 })
}

// A second tap while a page is opening would open it twice (two live rooms on one set of stores).
let opening = false
const opened = () => {
  opening = false
}

export function navigateTo(url: string): void {
  if (opening) return
  opening = true
  uni.navigateTo({ url, complete: opened })
}

export function redirectTo(url: string): void {
  if (opening) return
  opening = true
  uni.redirectTo({ url, complete: opened })
}

export function navigateBack(): void {
  uni.navigateBack({ delta: 1 })
}

export function stopPullDownRefresh(): void {
  uni.stopPullDownRefresh()
}
