import { describe, expect, it } from 'vitest'
import { ROOM_NAME_PATTERN } from '@liveroom/protocol/roomService'
import { DEFAULT_ROOM_NAME, validateRoomName } from './roomName'

describe('validateRoomName', () => {
  it.each([DEFAULT_ROOM_NAME, '周五晚课', 'a'.repeat(20), '🎥直播间', '数学-第3讲'])('accepts %s', (name) => {
    expect(validateRoomName(name)).toBeNull()
    expect(new RegExp(ROOM_NAME_PATTERN, 'u').test(name)).toBe(true)
  })

  it.each([
    ['', '请输入'],
    ['周五 晚课', '空格'],
    ['a<b>', '< >'],
    ['打折!!&', '! &'],
    ['a'.repeat(21), '20'],
  ])('rejects %j with a reason', (name, reason) => {
    expect(validateRoomName(name)).toContain(reason)
  })

  it('agrees with the service on every forbidden character', () => {
    for (const c of '<>*{}()^%$#@!~&=') {
      expect(validateRoomName(`x${c}`)).not.toBeNull()
      expect(new RegExp(ROOM_NAME_PATTERN, 'u').test(`x${c}`)).toBe(false)
    }
  })
})
