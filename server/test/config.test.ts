import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, type Env } from '../config.ts'

const MIN: Env = {
  SDKAPPID: '1400000000',
  SECRET_KEY: 'k',
  PUSH_DOMAIN: 'push.example.com',
  PUSH_KEY: 'pk',
  PLAY_DOMAIN: 'play.example.com',
}

function problems(env: Env): string[] {
  try {
    loadConfig(env, '/srv/app')
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig(MIN, '/srv/app')
    expect(c).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      dataDir: path.resolve('/srv/app', '.data'),
      redisUrl: undefined,
      sdkAppId: 1400000000,
      anchorTimeoutS: 30,
      anchorAwayLimitS: 180,
      devLogin: false,
      wechat: undefined,
      mix: undefined,
      userSigExpireS: 604800,
      admission: 'room',
      rateLimit: { userMax: 300, addressMax: 3000, loginMax: 600, windowS: 60 },
      trustProxy: false,
      streams: { mode: 'tencent', pushDomain: 'push.example.com', pushKey: 'pk', playDomain: 'play.example.com', playKey: undefined, urlExpireS: 86400 },
    })
  })

  it('is a pure function of the env object it is given', () => {
    expect(loadConfig(MIN, '/a')).toEqual(loadConfig({ ...MIN }, '/a'))
    expect(loadConfig({ ...MIN, PORT: '9000' }, '/a').port).toBe(9000)
    expect(loadConfig(MIN, '/a').port).toBe(8787)
  })

  it('reports every missing value at once, each with its name', () => {
    const p = problems({})
    expect(p.join('\n')).toMatch(/SDKAPPID is required/)
    expect(p.join('\n')).toMatch(/SECRET_KEY is required/)
    // Neither Tencent CSS nor an RTMP server: the embedded media server, whose tokens need a key.
    expect(p.join('\n')).toMatch(/RTMP_SECRET is required/)
    expect(p).toHaveLength(3)
    const css = problems({ PUSH_DOMAIN: 'push.example.com' })
    expect(css.join('\n')).toMatch(/PUSH_KEY is required/)
    expect(css.join('\n')).toMatch(/PLAY_DOMAIN is required/)
  })

  it('runs the embedded media server without CSS or RTMP_PUSH_BASE, on the LAN address when HOST is 0.0.0.0', () => {
    const env = { SDKAPPID: '1', SECRET_KEY: 'k', RTMP_SECRET: '0123456789abcdef0123' }
    const local = loadConfig(env, '/srv', '192.168.1.20')
    expect(local.media).toEqual({ bind: '127.0.0.1', rtmpPort: 1935, httpPort: 8000, publicHost: '127.0.0.1', dataDir: '/srv/.data/media' })
    expect(local.streams).toMatchObject({
      mode: 'rtmp',
      pushBase: 'rtmp://127.0.0.1:1935/live',
      httpPlayBase: 'http://127.0.0.1:8000/live',
      internalBase: 'rtmp://127.0.0.1:1935/live',
    })
    expect(local.recording).toMatchObject({ dir: '/srv/.data/recordings', playBase: 'http://127.0.0.1:8000/recordings', retentionDays: 7 })
    const lan = loadConfig({ ...env, HOST: '0.0.0.0', MEDIA_RTMP_PORT: '1936' }, '/srv', '192.168.1.20')
    expect(lan.streams).toMatchObject({ pushBase: 'rtmp://192.168.1.20:1936/live', internalBase: 'rtmp://127.0.0.1:1936/live' })
    expect(loadConfig({ ...env, HOST: '0.0.0.0', MEDIA_PUBLIC_HOST: 'live.lan' }, '/srv', '10.0.0.2').streams).toMatchObject({
      pushBase: 'rtmp://live.lan:1935/live',
    })
    expect(loadConfig({ ...env, PUSH_DOMAIN: 'p.example.com', PUSH_KEY: 'k', PLAY_DOMAIN: 'q.example.com' }).media).toBeUndefined()
  })

  it.each([
    [{ PORT: 'http' }, /PORT must be an integer from 0 to 65535 \(got "http"\)/],
    [{ PORT: '70000' }, /PORT must be an integer/],
    [{ SDKAPPID: '14e8' }, /SDKAPPID must be a positive integer/],
    [{ ANCHOR_TIMEOUT_S: '0' }, /ANCHOR_TIMEOUT_S must be an integer from 5/],
    [{ ANCHOR_AWAY_LIMIT_S: 'long' }, /ANCHOR_AWAY_LIMIT_S must be an integer from 5/],
    [{ ANCHOR_TIMEOUT_S: '60', ANCHOR_AWAY_LIMIT_S: '30' }, /ANCHOR_AWAY_LIMIT_S must be at least ANCHOR_TIMEOUT_S \(60\)/],
    [{ DEV_LOGIN: 'maybe' }, /DEV_LOGIN must be 1 or 0/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must/],
    [{ REDIS_URL: 'http://localhost:6379' }, /REDIS_URL must use redis: or rediss:/],
    [{ WX_APPID: 'wx1' }, /WX_APPID and WX_SECRET must be set together \(only WX_APPID is set\)/],
    [{ TENCENTCLOUD_SECRET_KEY: 's' }, /TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY must be set together/],
    [{ TENCENTCLOUD_LIVE_ENDPOINT: 'ftp://x/y' }, /TENCENTCLOUD_LIVE_ENDPOINT must be a host/],
    [{ PUSH_DOMAIN: 'rtmp://push.example.com/live' }, /PUSH_DOMAIN must be a host name/],
    [{ WX_API_BASE: 'not a url' }, /WX_API_BASE must be a URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
    [{ RTMP_PUSH_BASE: 'rtmp://m/live' }, /either PUSH_DOMAIN .* or RTMP_PUSH_BASE/],
    [{ TRUST_PROXY: 'yes' }, /TRUST_PROXY must be a number of proxy hops .* \(got "yes"\)/],
    [{ TRUST_PROXY: '10.0.0.1, nginx' }, /TRUST_PROXY must be/],
    [{ TRUST_PROXY: 'cafe' }, /TRUST_PROXY must be/],
    [{ TRUST_PROXY: '11' }, /TRUST_PROXY must be a number of proxy hops \(0 to 10/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be/],
    [{ CO_ANCHOR_ADMISSION: '1' }, /CO_ANCHOR_ADMISSION must be one of room, all \(got "1"\)/],
    [{ RATE_LIMIT_ADDRESS_MAX: '0' }, /RATE_LIMIT_ADDRESS_MAX must be an integer from 1/],
  ])('rejects %o', (extra, message) => {
    const p = problems({ ...MIN, ...extra })
    expect(p.some((line) => message.test(line))).toBe(true)
  })

  it('never echoes secret values in its messages', () => {
    const p = problems({ SECRET_KEY: 'super-secret-value', TENCENTCLOUD_SECRET_KEY: 'tc-secret-value', RTMP_PUSH_BASE: 'rtmp://m/live', RTMP_SECRET: 'short-secret' })
    expect(p.join('\n')).not.toMatch(/super-secret-value|tc-secret-value|short-secret/)
    expect(p.join('\n')).toMatch(/RTMP_SECRET must be at least 16 characters/)
    const redis = problems({ ...MIN, REDIS_URL: 'http://:redis-password@cache:6379' })
    expect(redis.join('\n')).toMatch(/REDIS_URL must use redis: or rediss: \(got "http:\/\/\*\*\*@cache:6379"\)/)
    expect(redis.join('\n')).not.toContain('redis-password')
    const slashed = problems({ ...MIN, REDIS_URL: 'http://:pa/ss@w0rd@cache:6379' })
    expect(slashed.join('\n')).toMatch(/\(got "http:\/\/\*\*\*@cache:6379"\)/)
    expect(slashed.join('\n')).not.toMatch(/pa\/ss|w0rd/)
  })

  it('reads WeChat, mixing and DEV_LOGIN settings', () => {
    const c = loadConfig({
      ...MIN,
      WX_APPID: 'wxa',
      WX_SECRET: 'wxs',
      WX_API_BASE: 'http://127.0.0.1:9/',
      TENCENTCLOUD_SECRET_ID: 'id',
      TENCENTCLOUD_SECRET_KEY: 'key',
      TENCENTCLOUD_LIVE_ENDPOINT: 'http://127.0.0.1:4567',
      DEV_LOGIN: '1',
      REDIS_URL: 'redis://127.0.0.1:6380/2',
    })
    expect(c.wechat).toEqual({ appId: 'wxa', secret: 'wxs', apiBase: 'http://127.0.0.1:9' })
    expect(c.mix).toEqual({ secretId: 'id', secretKey: 'key', endpoint: '127.0.0.1:4567', protocol: 'http://', region: 'ap-guangzhou' })
    expect(c.devLogin).toBe(true)
    expect(c.redisUrl).toBe('redis://127.0.0.1:6380/2')
    expect(loadConfig({ ...MIN, TENCENTCLOUD_SECRET_ID: 'i', TENCENTCLOUD_SECRET_KEY: 'k' }).mix).toMatchObject({
      endpoint: 'live.tencentcloudapi.com',
      protocol: 'https://',
    })
  })

  it('trusts only the proxies TRUST_PROXY names: a hop count or their addresses', () => {
    expect(loadConfig({ ...MIN, TRUST_PROXY: '1' }).trustProxy).toBe(1)
    expect(loadConfig({ ...MIN, TRUST_PROXY: '0' }).trustProxy).toBe(false)
    expect(loadConfig({ ...MIN, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1'])
    expect(loadConfig({ ...MIN, CO_ANCHOR_ADMISSION: 'all' }).admission).toBe('all')
  })

  it('selects the generic RTMP mode from RTMP_PUSH_BASE', () => {
    const c = loadConfig({
      SDKAPPID: '1',
      SECRET_KEY: 'k',
      RTMP_PUSH_BASE: 'rtmp://media.example.com/live/',
      RTMP_HTTP_PLAY_BASE: 'https://media.example.com/live',
      RTMP_SECRET: '0123456789abcdef0123',
    })
    expect(c.streams).toEqual({
      mode: 'rtmp',
      pushBase: 'rtmp://media.example.com/live',
      playBase: 'rtmp://media.example.com/live',
      httpPlayBase: 'https://media.example.com/live',
      secret: '0123456789abcdef0123',
      urlExpireS: 86400,
      playAuth: false,
      hlsPlayBase: 'https://media.example.com/live',
      internalBase: 'rtmp://media.example.com/live',
    })
    expect(problems({ SDKAPPID: '1', SECRET_KEY: 'k', RTMP_PUSH_BASE: 'rtmp://m/live' })).toEqual([
      'RTMP_SECRET is required (key that signs publish tokens for the RTMP server)',
    ])
    expect(problems({ SDKAPPID: '1', SECRET_KEY: 'k', RTMP_PUSH_BASE: 'rtmp://m/live', RTMP_SECRET: '0123456789abcdef0123', RECORD_DIR: '/r' })).toEqual([
      'RECORD_DIR and RECORD_PLAY_BASE must be set together (where recordings go, and the HTTP base that serves that folder)',
    ])
  })
})
