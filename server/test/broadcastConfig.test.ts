import { describe, expect, it } from 'vitest'
import { ConfigError } from '../config.ts'
import { testConfig } from './helpers.ts'

const problems = (env: Record<string, string>): string[] => {
  try {
    testConfig(env)
    return []
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
}

describe('broadcast configuration', () => {
  it('has defaults, and live notices only with a template and WeChat login', () => {
    const c = testConfig()
    expect(c.broadcast).toEqual({ summaryRetentionS: 86400, avatarMaxBytes: 262144, coverMaxBytes: 524288, liveNotice: undefined })
    const on = testConfig({ WX_APPID: 'a', WX_SECRET: 's', WECHAT_LIVE_TEMPLATE_ID: 'T', WECHAT_LIVE_TEMPLATE_DATA: 'thing4=roomName, phrase2=text:开播啦' })
    expect(on.broadcast.liveNotice).toMatchObject({
      templateId: 'T',
      page: 'live/room/room',
      state: 'formal',
      fields: [
        { key: 'thing4', source: 'roomName' },
        { key: 'phrase2', source: { text: '开播啦' } },
      ],
    })
  })

  it('reports each bad value on a line of its own', () => {
    expect(problems({ WECHAT_LIVE_TEMPLATE_ID: 'T' })).toEqual(['WECHAT_LIVE_TEMPLATE_ID needs WX_APPID and WX_SECRET (live notices go to WeChat users)'])
    expect(problems({ WECHAT_LIVE_TEMPLATE_DATA: 'thing1=roomTitle' })[0]).toMatch(/^WECHAT_LIVE_TEMPLATE_DATA: thing1: source must be one of/)
    expect(problems({ WECHAT_LIVE_TEMPLATE_DATA: 'nonsense' })[0]).toMatch(/is not key=source/)
    expect(problems({ WECHAT_LIVE_PAGE: 'live/room/room?x=1', AVATAR_MAX_BYTES: '10', SUMMARY_RETENTION_S: 'x', WECHAT_MINIPROGRAM_STATE: 'beta' })).toHaveLength(4)
  })
})
