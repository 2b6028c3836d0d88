// Stand-in for `@dcloudio/uni-app` page hooks in unit tests, where the real ones throw under plain Vue.
// Use: vi.mock('@dcloudio/uni-app', () => uniLifecycleMock) and fire hooks with `firePageHook`.
type Hook = (...args: unknown[]) => unknown

const hooks = new Map<string, Hook[]>()

function register(name: string) {
  return (hook: Hook) => {
    hooks.set(name, [...(hooks.get(name) ?? []), hook])
  }
}

export const uniLifecycleMock = {
  onLoad: register('onLoad'),
  onShow: register('onShow'),
  onReady: register('onReady'),
  onHide: register('onHide'),
  onUnload: register('onUnload'),
  onLaunch: register('onLaunch'),
  onPullDownRefresh: register('onPullDownRefresh'),
  onReachBottom: register('onReachBottom'),
}

export async function firePageHook(name: keyof typeof uniLifecycleMock, ...args: unknown[]): Promise<void> {
  for (const hook of hooks.get(name) ?? []) await hook(...args)
}

export function clearPageHooks(): void {
  hooks.clear()
}
