import { describe, expect, it } from 'vitest'
import { parseConfig } from './index'

describe('parseConfig', () => {
  it('accepts a complete configuration and trims the URL', () => {
    const config = parseConfig({ VITE_SDKAPPID: '1400000000', VITE_ROOM_SERVICE_URL: 'https://live.example.com/', debugBuild: false })
    expect(config).toMatchObject({ sdkAppId: 1400000000, roomServiceUrl: 'https://live.example.com', problems: [] })
  })

  it('lists every missing value in words a person can act on', () => {
    const config = parseConfig({ debugBuild: false })
    expect(config.sdkAppId).toBeNull()
    expect(config.roomServiceUrl).toBeNull()
    expect(config.problems).toEqual([expect.stringContaining('VITE_SDKAPPID'), expect.stringContaining('VITE_ROOM_SERVICE_URL')])
  })

  it.each([
    ['abc', 'VITE_SDKAPPID'],
    ['-5', 'VITE_SDKAPPID'],
    ['0', 'VITE_SDKAPPID'],
  ])('rejects SDKAppID %s', (value, name) => {
    const config = parseConfig({ VITE_SDKAPPID: value, VITE_ROOM_SERVICE_URL: 'http://127.0.0.1:8787', debugBuild: false })
    expect(config.sdkAppId).toBeNull()
    expect(config.problems[0]).toContain(name)
  })

  it.each(['ftp://x', 'live.example.com', 'http://'])('rejects room-service URL %s', (url) => {
    const config = parseConfig({ VITE_SDKAPPID: '1', VITE_ROOM_SERVICE_URL: url, debugBuild: false })
    expect(config.roomServiceUrl).toBeNull()
    expect(config.problems[0]).toContain('VITE_ROOM_SERVICE_URL')
  })

  it("waits with the room service's image unless VITE_WAITING_IMAGE_URL names another", () => {
    const base = { VITE_SDKAPPID: '1', VITE_ROOM_SERVICE_URL: 'https://live.example.com/', debugBuild: false }
    expect(parseConfig(base).waitingImageUrl).toBe('https://live.example.com/static/waiting.png')
    expect(parseConfig({ ...base, VITE_WAITING_IMAGE_URL: ' https://cdn.example.com/wait.jpg ' })).toMatchObject({ waitingImageUrl: 'https://cdn.example.com/wait.jpg', problems: [] })
    const bad = parseConfig({ ...base, VITE_WAITING_IMAGE_URL: 'wait.png' })
    expect(bad.waitingImageUrl).toBe('https://live.example.com/static/waiting.png')
    expect(bad.problems).toEqual([expect.stringContaining('VITE_WAITING_IMAGE_URL')])
    expect(parseConfig({ debugBuild: false }).waitingImageUrl).toBeNull()
  })

  it('takes the 开播提醒 template ID when given, and says what is wrong with a malformed one', () => {
    const base = { VITE_SDKAPPID: '1', VITE_ROOM_SERVICE_URL: 'http://127.0.0.1:8787', debugBuild: false }
    expect(parseConfig(base)).toMatchObject({ liveTemplateId: null, problems: [] })
    expect(parseConfig({ ...base, VITE_LIVE_TEMPLATE_ID: ' aB3_x-Y9 ' })).toMatchObject({ liveTemplateId: 'aB3_x-Y9', problems: [] })
    const bad = parseConfig({ ...base, VITE_LIVE_TEMPLATE_ID: 'a b' })
    expect(bad.liveTemplateId).toBeNull()
    expect(bad.problems).toEqual([expect.stringContaining('VITE_LIVE_TEMPLATE_ID')])
  })

  it('keeps the secret key in debug builds only', () => {
    expect(parseConfig({ secretKey: 'k', debugBuild: true }).debugSecretKey).toBe('k')
    expect(parseConfig({ secretKey: 'k', debugBuild: false }).debugSecretKey).toBeNull()
  })
})
