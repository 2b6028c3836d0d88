import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { streamIdFromUrl, streamNameFor } from '../streams/names.ts'
import { checkPublishToken, checkStreamToken, publishToken, RtmpStreamUrls, streamToken } from '../streams/rtmp.ts'
import { antiLeechQuery, TencentStreamUrls, txSecret, txTimeHex } from '../streams/tencent.ts'

describe('Tencent CSS anti-leech signature (txSecret = md5(key + stream + txTime))', () => {
  it('matches the published check value', () => {
    expect(txSecret('e12c46f2612d5106e2034781ab261ca3', 'test', '5C271099')).toBe('f85a2ab363fe4deaffef9754d79da6fe')
  })

  it('writes txTime as upper-case hex of the expiry', () => {
    expect(txTimeHex(0x5c271099)).toBe('5C271099')
    expect(antiLeechQuery('e12c46f2612d5106e2034781ab261ca3', 'test', 0x5c271099)).toBe(
      'txSecret=f85a2ab363fe4deaffef9754d79da6fe&txTime=5C271099',
    )
  })

  it('signs the push URL so that it expires URL_EXPIRE_S after now', () => {
    const urls = new TencentStreamUrls({
      mode: 'tencent',
      pushDomain: 'push.example.com',
      pushKey: 'e12c46f2612d5106e2034781ab261ca3',
      playDomain: 'play.example.com',
      urlExpireS: 3600,
    })
    const now = (0x5c271099 - 3600) * 1000 + 999
    expect(urls.urls('test', now)).toEqual({
      pushURL: 'rtmp://push.example.com/live/test?txSecret=f85a2ab363fe4deaffef9754d79da6fe&txTime=5C271099',
      accelerateURL: 'rtmp://play.example.com/live/test',
      rtmpPlayURL: 'rtmp://play.example.com/live/test',
      flvPlayURL: 'https://play.example.com/live/test.flv',
      hlsPlayURL: 'https://play.example.com/live/test.m3u8',
      defaultPlayURL: 'https://play.example.com/live/test.flv',
      streamID: 'test',
      expireAt: 0x5c271099,
    })
  })

  it('signs play URLs with PLAY_KEY when it is set', () => {
    const urls = new TencentStreamUrls({ mode: 'tencent', pushDomain: 'p', pushKey: 'k1', playDomain: 'play.example.com', playKey: 'k2', urlExpireS: 60 })
    const play = urls.play('s', 1_000_000)
    const txTime = (1000 + 60).toString(16).toUpperCase()
    const secret = createHash('md5').update(`k2s${txTime}`).digest('hex')
    expect(play.flvPlayURL).toBe(`https://play.example.com/live/s.flv?txSecret=${secret}&txTime=${txTime}`)
    expect(play.accelerateURL).toBe(`rtmp://play.example.com/live/s?txSecret=${secret}&txTime=${txTime}`)
  })
})

describe('stream names', () => {
  it('derives the stream name from SDKAppID and user ID', () => {
    expect(streamNameFor(1400000000, 'alice_1-x')).toBe('1400000000_alice_1-x')
    expect(() => streamNameFor(1400000000, 'a/b')).toThrow()
    expect(() => streamNameFor(1400000000, '')).toThrow()
  })

  it.each([
    ['rtmp://play.example.com/live/1400_alice?txSecret=a&txTime=B', '1400_alice'],
    ['https://play.example.com/live/1400_alice.flv?txSecret=a', '1400_alice'],
    ['https://play.example.com/live/1400_alice.m3u8', '1400_alice'],
    ['rtmp://x/live/name#frag', 'name'],
    ['1400_alice', '1400_alice'],
  ])('stream ID of %s is %s', (url, id) => {
    expect(streamIdFromUrl(url)).toBe(id)
  })
})

describe('generic RTMP URLs and publish tokens', () => {
  const cfg = {
    mode: 'rtmp' as const,
    pushBase: 'rtmp://media.example.com/live',
    playBase: 'rtmp://media.example.com/live',
    httpPlayBase: 'https://media.example.com/live',
    secret: '0123456789abcdef0123',
    urlExpireS: 600,
    playAuth: false,
    internalBase: 'rtmp://127.0.0.1/live',
  }

  it('builds push URLs with an expiring token and plain play URLs', () => {
    const u = new RtmpStreamUrls(cfg).urls('1_alice', 1_000_000)
    expect(u.pushURL).toBe(`rtmp://media.example.com/live/1_alice?expire=1600&token=${publishToken(cfg.secret, '1_alice', 1600)}`)
    expect(u.accelerateURL).toBe('rtmp://media.example.com/live/1_alice')
    expect(u.flvPlayURL).toBe('https://media.example.com/live/1_alice.flv')
    expect(u.defaultPlayURL).toBe('https://media.example.com/live/1_alice.flv')
    expect(new RtmpStreamUrls({ ...cfg, httpPlayBase: undefined }).play('s', 0).defaultPlayURL).toBe('rtmp://media.example.com/live/s')
    expect(u.hlsPlayURL).toBe('')
    const both = new RtmpStreamUrls({ ...cfg, hlsPlayBase: 'https://hls.example.com/live' }).play('s', 0)
    expect([both.flvPlayURL, both.hlsPlayURL]).toEqual(['https://media.example.com/live/s.flv', 'https://hls.example.com/live/s.m3u8'])
  })

  it('signs play URLs with a play token when play auth is on, which does not open a publish', () => {
    const u = new RtmpStreamUrls({ ...cfg, playAuth: true }).urls('1_alice', 1_000_000)
    const q = `?expire=1600&token=${streamToken(cfg.secret, 'play', '1_alice', 1600)}`
    expect(u.accelerateURL).toBe(`rtmp://media.example.com/live/1_alice${q}`)
    expect(u.flvPlayURL).toBe(`https://media.example.com/live/1_alice.flv${q}`)
    const playToken = streamToken(cfg.secret, 'play', '1_alice', 1600)
    expect(checkStreamToken(cfg.secret, 'play', '1_alice', '1600', playToken, 1000)).toBe('ok')
    expect(checkPublishToken(cfg.secret, '1_alice', '1600', playToken, 1000)).toBe('bad_signature')
  })

  it('checks tokens: stream-bound, expiring, unforgeable', () => {
    const tok = publishToken(cfg.secret, '1_alice', 2000)
    expect(checkPublishToken(cfg.secret, '1_alice', '2000', tok, 1999)).toBe('ok')
    expect(checkPublishToken(cfg.secret, '1_alice', '2000', tok, 2001)).toBe('expired')
    expect(checkPublishToken(cfg.secret, '1_bob', '2000', tok, 1000)).toBe('bad_signature')
    expect(checkPublishToken(cfg.secret, '1_alice', '9000', tok, 1000)).toBe('bad_signature')
    expect(checkPublishToken('another-secret-value', '1_alice', '2000', tok, 1000)).toBe('bad_signature')
    expect(checkPublishToken(cfg.secret, '1_alice', undefined, tok, 1000)).toBe('missing')
    expect(checkPublishToken(cfg.secret, '1_alice', '2000', undefined, 1000)).toBe('missing')
  })
})
