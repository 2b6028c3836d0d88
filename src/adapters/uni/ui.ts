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

/** An editable modal (its input holding `text` at first): resolves the typed text, or null when cancelled. */
export function promptText(title: string, placeholderText: string, text = ''): Promise<string | null> {
  return callUni<ModalResult>('showModal', uni.showModal, { title, editable: true, placeholderText, content: text }).then(
    (r) => (r.confirm ? (r.content ?? '') : null),
    () => null,
  )
}

/** An action sheet: resolves the tapped item's index, or null when dismissed. */
export function chooseAction(itemList: string[]): Promise<number | null> {
  return callUni<{ tapIndex: number }>('showActionSheet', uni.showActionSheet, { itemList }).then(
    (r) => r.tapIndex,
    () => null,
  )
}

export function toast(title: string): void {
  uni.showToast({ title, icon: 'none', duration: 2000 })
}

/** Opens a page; resolves once WeChat has finished opening it (or failed to). */
export function navigateTo(url: string): Promise<void> {
  return new Promise((resolve) => uni.navigateTo({ url, complete: () => resolve() }))
}

/** Replaces this page with another; resolves once done (or failed). */
export function redirectTo(url: string): Promise<void> {
  return new Promise((resolve) => uni.redirectTo({ url, complete: () => resolve() }))
}

export function navigateBack(): void {
  uni.navigateBack({ delta: 1 })
}

export function stopPullDownRefresh(): void {
  uni.stopPullDownRefresh()
}
