// Opening pages from a page. WeChat animates a new page in, and a second tap that lands meanwhile
// would open it a second time: until the page being opened is open, this page opens nothing more.
import * as ui from '@/adapters/uni/ui'

export interface UseNavigationReturn {
  navigateTo(url: string): void
  redirectTo(url: string): void
}

export function useNavigation(): UseNavigationReturn {
  let opening = false
  function once(go: (url: string) => Promise<void>) {
    return (url: string): void => {
      if (opening) return
      opening = true
      void go(url).then(() => {
        opening = false
      })
    }
  }
  return { navigateTo: once(ui.navigateTo), redirectTo: once(ui.redirectTo) }
}
