// The app's clients, made once by the composition root (main.ts) and provided to every page:
// the room-service client and the IM client. Composables take them from their options (tests
// pass their own) or from here.
import { hasInjectionContext, inject, type App, type InjectionKey } from 'vue'
import type { AppConfig } from '@/config'
import { RoomServiceClient } from '@/adapters/roomService/client'
import { unconfiguredTransport } from '@/adapters/roomService/transport'
import type { ImClient } from '@/adapters/im/types'

export interface Services {
  readonly roomService: RoomServiceClient
  /**
   * The app's one IM client, made by `connect` on first use. tim-wx-sdk is hundreds of KB, so only
   * the live subpackage imports it (src/live/im.ts) and hands its factory in here.
   */
  im(connect: () => ImClient): ImClient
}

export interface GivenClients {
  roomService?: RoomServiceClient
  im?: ImClient
}

export const SERVICES_KEY: InjectionKey<Services> = Symbol('Services')

export function createServices(config: AppConfig, given: GivenClients = {}): Services {
  // Without an address every call fails with a message that says what to configure.
  const roomService =
    given.roomService ??
    (config.roomServiceUrl ? new RoomServiceClient({ baseUrl: config.roomServiceUrl }) : new RoomServiceClient({ baseUrl: '', transport: unconfiguredTransport }))
  let im = given.im ?? null
  return { roomService, im: (connect) => (im ??= connect()) }
}

export function provideServices(app: App, services: Services): void {
  app.provide(SERVICES_KEY, services)
}

/** The provided services; throws when none were provided, which is a wiring mistake. */
export function useServices(): Services {
  const services = hasInjectionContext() ? inject(SERVICES_KEY, null) : null
  if (!services) throw new Error('No services provided: main.ts provides them with provideServices(); outside a page, pass the clients in the options')
  return services
}
