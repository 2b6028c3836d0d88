import { describe, expect, it } from 'vitest'
import { ImError, isAlreadyMember, isAlreadyOutOfGroup, isOwnGroupAlreadyCreated, toImError, truncateUtf8 } from './errors'

describe('toImError', () => {
  it('maps SDK codes to stable codes with a Chinese message', () => {
    const e = toImError({ code: 10010, message: 'group not found' })
    expect(e).toBeInstanceOf(ImError)
    expect(e.code).toBe('GROUP_NOT_FOUND')
    expect(e.sdkCode).toBe(10010)
    expect(e.message).toBe('直播间不存在或已结束')
    expect(toImError({ code: '70001' }).code).toBe('USERSIG_INVALID')
    expect(toImError({ code: 3003 }).code).toBe('KICKED_OUT')
  })

  it('uses the fallback for unknown codes and non-SDK errors', () => {
    expect(toImError({ code: 99999 }, 'SEND_FAILED')).toMatchObject({ code: 'SEND_FAILED', sdkCode: 99999 })
    expect(toImError(new Error('x'))).toMatchObject({ code: 'UNKNOWN', sdkCode: undefined })
    expect(toImError(null).code).toBe('UNKNOWN')
  })

  it('keeps the text the room service wrote for a refused message, with a default when it wrote none', () => {
    expect(toImError({ code: 120002, message: '你已被主播拉黑，消息未发出' }, 'SEND_FAILED')).toMatchObject({
      code: 'REFUSED',
      sdkCode: 120002,
      message: '你已被主播拉黑，消息未发出',
    })
    expect(toImError({ code: 120001, message: ' ' })).toMatchObject({ code: 'REFUSED', message: '消息未能发出' })
    expect(toImError({ code: 120004, message: 'other' }, 'SEND_FAILED').code).toBe('SEND_FAILED')
  })

  it('passes an ImError through', () => {
    const e = new ImError('MUTED')
    expect(toImError(e)).toBe(e)
  })
})

describe('group rules', () => {
  it('treats 10025 on create and 10013 on join as success, and nothing else', () => {
    expect(isOwnGroupAlreadyCreated({ code: 10025 })).toBe(true)
    expect(isOwnGroupAlreadyCreated({ code: 10021 })).toBe(false)
    expect(isAlreadyMember({ code: 10013 })).toBe(true)
    expect(isAlreadyMember({ code: 10010 })).toBe(false)
    expect(isAlreadyOutOfGroup({ code: 10010 })).toBe(true)
    expect(isAlreadyOutOfGroup({ code: 2623 })).toBe(true)
    expect(isAlreadyOutOfGroup({ code: 10007 })).toBe(false)
  })
})

describe('truncateUtf8', () => {
  it('keeps names within 30 bytes without splitting characters', () => {
    expect(truncateUtf8('新建直播间')).toBe('新建直播间')
    const long = '这是一个非常非常长的直播间名字啊'
    const cut = truncateUtf8(long)
    expect(new TextEncoder().encode(cut).length).toBeLessThanOrEqual(30)
    expect(cut).toBe('这是一个非常非常长的')
    expect(truncateUtf8('ab😀c', 5)).toBe('ab')
    expect(truncateUtf8('a'.repeat(40))).toHaveLength(30)
  })
})
