// How composables find the app's ImClient without importing the SDK: the app
// provides it once (`app.provide(IM_CLIENT_KEY, client)` or
// `setDefaultImClient(client)` in main.ts), tests pass their own.
import { getCurrentInstance, inject, type InjectionKey } from 'vue'
import type { ImClient } from './types'

export const IM_CLIENT_KEY: InjectionKey<ImClient> = Symbol('ImClient')

let defaultClient: ImClient | null = null

/** Registers the client used when none is passed or provided. Pass null to clear it. */
export function setDefaultImClient(client: ImClient | null): void {
  defaultClient = client
}

/**
 * The client to use: the explicit one, else the one provided to the current
 * component tree, else the registered default. Throws when there is none: that
 * is a wiring mistake, not a runtime condition.
 */
export function resolveImClient(explicit?: ImClient | null): ImClient {
  if (explicit) return explicit
  const provided = getCurrentInstance() ? inject(IM_CLIENT_KEY, null) : null
  const client = provided ?? defaultClient
  if (!client) throw new Error('No ImClient: pass one, provide IM_CLIENT_KEY, or call setDefaultImClient() at startup')
  return client
}
