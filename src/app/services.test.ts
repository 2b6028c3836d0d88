import { describe, expect, it } from 'vitest'
import { createApp } from 'vue'
import { parseConfig } from '@/config'
import { FakeImServer } from '../../test/support/fakeIm'
import { createServices, provideServices, useServices, type Services } from './services'

const CONFIGURED = parseConfig({ VITE_SDKAPPID: '1400000000', VITE_ROOM_SERVICE_URL: 'https://live.example.com', debugBuild: false })
const UNCONFIGURED = parseConfig({ debugBuild: false })

/** What a page's setup gets from useServices() in an app that provided `provided` (or nothing). */
function servicesSeenByAPage(provided: Services | null): Services {
  const app = createApp({})
  if (provided) provideServices(app, provided)
  return app.runWithContext(useServices)
}

describe('services', () => {
  it('gives pages the clients made once at startup; the IM client is made on first use, once', () => {
    const services = createServices(CONFIGURED)
    expect(servicesSeenByAPage(services)).toBe(services)
    const server = new FakeImServer()
    let made = 0
    const connect = () => (made++, server.createClient())
    const first = services.im(connect)
    expect(services.im(connect)).toBe(first)
    expect(made).toBe(1)
  })

  it('uses the clients a test passes in', () => {
    const im = new FakeImServer().createClient()
    const services = createServices(CONFIGURED, { im })
    expect(services.im(() => new FakeImServer().createClient())).toBe(im)
  })

  it('says what to configure when the build has no room-service address', async () => {
    const { roomService } = createServices(UNCONFIGURED)
    await expect(roomService.loginForDevelopment('u_1')).rejects.toMatchObject({ userMessage: expect.stringContaining('VITE_ROOM_SERVICE_URL') })
  })

  it('says the app is miswired when a page asks for services nobody provided', () => {
    expect(() => servicesSeenByAPage(null)).toThrow(/No services provided/)
  })
})
