import { describe, expect, it } from 'vitest'
import {
  decodeC2CCommand,
  decodeGroupCustom,
  encodeC2CCommand,
  encodeGroupCustom,
  isRequestCurrent,
  roomCmdKind,
  ROOM_CMD,
  type C2CCommand,
  type GroupCustomMessage,
} from './im'

// Wire documents in the MLVB apps' field order, written out by hand.
const GROUP_WIRE: Array<[string, string, GroupCustomMessage]> = [
  [
    'CustomTextMsg',
    '{"cmd":"CustomTextMsg","data":{"nickName":"小明","headPic":"https://a.example/h.png"}}',
    { cmd: 'CustomTextMsg', data: { nickName: '小明', headPic: 'https://a.example/h.png' } },
  ],
  [
    'CustomCmdMsg (like)',
    '{"cmd":"CustomCmdMsg","data":{"userName":"小红","userAvatar":"","cmd":"4","msg":""}}',
    { cmd: 'CustomCmdMsg', data: { userName: '小红', userAvatar: '', cmd: '4', msg: '' } },
  ],
  [
    'notifyPusherChange',
    '{"cmd":"notifyPusherChange","data":{"userID":"u_1"}}',
    { cmd: 'notifyPusherChange', data: { userID: 'u_1' } },
  ],
  ['anchorAway (gone)', '{"cmd":"anchorAway","data":{"away":true}}', { cmd: 'anchorAway', data: { away: true } }],
  ['anchorAway (back)', '{"cmd":"anchorAway","data":{"away":false}}', { cmd: 'anchorAway', data: { away: false } }],
]

const C2C_WIRE: Array<[string, string, C2CCommand]> = [
  [
    'linkmic request',
    '{"cmd":"linkmic","data":{"type":"request","roomID":"room_1","userID":"aud_2","userName":"观众","userAvatar":"a.png","timestamp":1700000000123}}',
    {
      cmd: 'linkmic',
      data: { type: 'request', roomID: 'room_1', userID: 'aud_2', userName: '观众', userAvatar: 'a.png', timestamp: 1700000000123 },
    },
  ],
  [
    'linkmic response accept',
    '{"cmd":"linkmic","data":{"type":"response","result":"accept","reason":"","roomID":"room_1","timestamp":1700000001000}}',
    { cmd: 'linkmic', data: { type: 'response', result: 'accept', reason: '', roomID: 'room_1', timestamp: 1700000001000 } },
  ],
  [
    'linkmic response reject',
    '{"cmd":"linkmic","data":{"type":"response","result":"reject","reason":"主播拒绝了你的连麦请求","roomID":"room_1","timestamp":1700000001000}}',
    {
      cmd: 'linkmic',
      data: { type: 'response', result: 'reject', reason: '主播拒绝了你的连麦请求', roomID: 'room_1', timestamp: 1700000001000 },
    },
  ],
  [
    'linkmic kickout',
    '{"cmd":"linkmic","data":{"type":"kickout","roomID":"room_1","timestamp":1700000002000}}',
    { cmd: 'linkmic', data: { type: 'kickout', roomID: 'room_1', timestamp: 1700000002000 } },
  ],
  [
    'removed kick',
    '{"cmd":"removed","data":{"type":"kick","roomID":"room_1","timestamp":1700000005000}}',
    { cmd: 'removed', data: { type: 'kick', roomID: 'room_1', timestamp: 1700000005000 } },
  ],
  [
    'removed ban',
    '{"cmd":"removed","data":{"type":"ban","roomID":"room_1","timestamp":1700000006000}}',
    { cmd: 'removed', data: { type: 'ban', roomID: 'room_1', timestamp: 1700000006000 } },
  ],
  [
    'pk request start',
    '{"cmd":"pk","data":{"type":"request","action":"start","roomID":"room_1","userID":"anchor_1","userName":"主播","userAvatar":"","accelerateURL":"rtmp://acc.example/live/s1?bizid=1","timestamp":1700000003000}}',
    {
      cmd: 'pk',
      data: {
        type: 'request',
        action: 'start',
        roomID: 'room_1',
        userID: 'anchor_1',
        userName: '主播',
        userAvatar: '',
        accelerateURL: 'rtmp://acc.example/live/s1?bizid=1',
        timestamp: 1700000003000,
      },
    },
  ],
  [
    'pk request stop',
    '{"cmd":"pk","data":{"type":"request","action":"stop","roomID":"room_1","userID":"anchor_1","userName":"主播","userAvatar":"","accelerateURL":"","timestamp":1700000004000}}',
    {
      cmd: 'pk',
      data: {
        type: 'request',
        action: 'stop',
        roomID: 'room_1',
        userID: 'anchor_1',
        userName: '主播',
        userAvatar: '',
        accelerateURL: '',
        timestamp: 1700000004000,
      },
    },
  ],
  [
    'pk response',
    '{"cmd":"pk","data":{"type":"response","result":"accept","reason":"","roomID":"room_2","accelerateURL":"rtmp://acc.example/live/s2","timestamp":1700000005000}}',
    {
      cmd: 'pk',
      data: {
        type: 'response',
        result: 'accept',
        reason: '',
        roomID: 'room_2',
        accelerateURL: 'rtmp://acc.example/live/s2',
        timestamp: 1700000005000,
      },
    },
  ],
]

describe('group custom messages', () => {
  it.each(GROUP_WIRE)('%s encodes to the exact wire JSON', (_name, wire, value) => {
    expect(encodeGroupCustom(value)).toBe(wire)
  })

  it.each(GROUP_WIRE)('%s decodes from the wire JSON', (_name, wire, value) => {
    expect(decodeGroupCustom(wire)).toEqual({ ok: true, value })
  })

  it('writes only the documented fields, in order, whatever the input carries', () => {
    const withExtras = {
      cmd: 'CustomCmdMsg',
      data: { msg: 'hi', cmd: '5', userAvatar: 'x', userName: 'n', extra: true },
      more: 1,
    } as unknown as GroupCustomMessage
    expect(encodeGroupCustom(withExtras)).toBe(
      '{"cmd":"CustomCmdMsg","data":{"userName":"n","userAvatar":"x","cmd":"5","msg":"hi"}}',
    )
  })

  it('treats missing display fields as empty and ignores unknown ones', () => {
    expect(decodeGroupCustom('{"cmd":"CustomTextMsg","data":{"nickName":"n","vip":3}}')).toEqual({
      ok: true,
      value: { cmd: 'CustomTextMsg', data: { nickName: 'n', headPic: '' } },
    })
    expect(decodeGroupCustom('{"cmd":"notifyPusherChange","data":{}}')).toEqual({
      ok: true,
      value: { cmd: 'notifyPusherChange', data: { userID: '' } },
    })
  })

  it('accepts an already parsed document', () => {
    const r = decodeGroupCustom({ cmd: 'CustomCmdMsg', data: { userName: 'a', userAvatar: '', cmd: '4', msg: '' } })
    expect(r.ok && r.value.cmd).toBe('CustomCmdMsg')
  })

  it.each([
    ['not JSON', '{"cmd":', 'NOT_JSON', undefined],
    ['empty string', '', 'NOT_JSON', undefined],
    ['JSON array', '[1,2]', 'NOT_OBJECT', undefined],
    ['JSON null', 'null', 'NOT_OBJECT', undefined],
    ['JSON number', '42', 'NOT_OBJECT', undefined],
    ['no cmd', '{"data":{}}', 'BAD_FIELD', 'cmd'],
    ['numeric cmd', '{"cmd":7,"data":{}}', 'BAD_FIELD', 'cmd'],
    ['data missing', '{"cmd":"CustomTextMsg"}', 'BAD_FIELD', 'data'],
    ['data a string', '{"cmd":"CustomTextMsg","data":"{}"}', 'BAD_FIELD', 'data'],
    ['nickName an object', '{"cmd":"CustomTextMsg","data":{"nickName":{}}}', 'BAD_FIELD', 'data.nickName'],
    ['command without cmd', '{"cmd":"CustomCmdMsg","data":{"userName":"a","msg":""}}', 'BAD_FIELD', 'data.cmd'],
    ['unknown cmd', '{"cmd":"gift","data":{}}', 'UNKNOWN_CMD', 'cmd'],
    ['anchorAway without away', '{"cmd":"anchorAway","data":{}}', 'BAD_FIELD', 'data.away'],
    ['anchorAway with away as text', '{"cmd":"anchorAway","data":{"away":"true"}}', 'BAD_FIELD', 'data.away'],
    ['a C2C command on the group', '{"cmd":"linkmic","data":{"type":"kickout","roomID":"r","timestamp":1}}', 'UNKNOWN_CMD', 'cmd'],
  ])('rejects %s', (_name, input, code, field) => {
    const r = decodeGroupCustom(input)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe(code)
      expect(r.error.field).toBe(field)
    }
  })

  it('never throws on values that are not strings', () => {
    for (const v of [undefined, null, 0, true, Symbol('x'), () => 1, new Date(0)]) {
      expect(decodeGroupCustom(v).ok).toBe(false)
    }
  })
})

describe('C2C commands', () => {
  it.each(C2C_WIRE)('%s encodes to the exact wire JSON', (_name, wire, value) => {
    expect(encodeC2CCommand(value)).toBe(wire)
  })

  it.each(C2C_WIRE)('%s decodes from the wire JSON', (_name, wire, value) => {
    expect(decodeC2CCommand(wire)).toEqual({ ok: true, value })
  })

  it('accepts a timestamp sent as a string of digits', () => {
    const r = decodeC2CCommand('{"cmd":"linkmic","data":{"type":"kickout","roomID":"r","timestamp":"1700000000000"}}')
    expect(r).toEqual({ ok: true, value: { cmd: 'linkmic', data: { type: 'kickout', roomID: 'r', timestamp: 1700000000000 } } })
  })

  it('defaults a missing reason to empty', () => {
    const r = decodeC2CCommand('{"cmd":"linkmic","data":{"type":"response","result":"accept","roomID":"r","timestamp":5}}')
    expect(r.ok && r.value.data).toEqual({ type: 'response', result: 'accept', reason: '', roomID: 'r', timestamp: 5 })
  })

  it.each([
    ['not JSON', 'linkmic', 'NOT_JSON', undefined],
    ['unknown cmd', '{"cmd":"CustomTextMsg","data":{"nickName":"a"}}', 'UNKNOWN_CMD', 'cmd'],
    ['unknown type', '{"cmd":"linkmic","data":{"type":"cancel","roomID":"r","timestamp":1}}', 'BAD_FIELD', 'data.type'],
    ['request without userID', '{"cmd":"linkmic","data":{"type":"request","roomID":"r","timestamp":1}}', 'BAD_FIELD', 'data.userID'],
    ['request with empty roomID', '{"cmd":"linkmic","data":{"type":"request","roomID":"","userID":"u","timestamp":1}}', 'BAD_FIELD', 'data.roomID'],
    ['response with result "ok"', '{"cmd":"linkmic","data":{"type":"response","result":"ok","roomID":"r","timestamp":1}}', 'BAD_FIELD', 'data.result'],
    ['kickout without timestamp', '{"cmd":"linkmic","data":{"type":"kickout","roomID":"r"}}', 'BAD_FIELD', 'data.timestamp'],
    ['negative timestamp', '{"cmd":"linkmic","data":{"type":"kickout","roomID":"r","timestamp":-1}}', 'BAD_FIELD', 'data.timestamp'],
    ['timestamp text', '{"cmd":"linkmic","data":{"type":"kickout","roomID":"r","timestamp":"soon"}}', 'BAD_FIELD', 'data.timestamp'],
    ['pk without action', '{"cmd":"pk","data":{"type":"request","roomID":"r","userID":"u","timestamp":1}}', 'BAD_FIELD', 'data.action'],
    ['pk kickout', '{"cmd":"pk","data":{"type":"kickout","roomID":"r","timestamp":1}}', 'BAD_FIELD', 'data.type'],
    ['removed of an unknown kind', '{"cmd":"removed","data":{"type":"mute","roomID":"r","timestamp":1}}', 'BAD_FIELD', 'data.type'],
    ['removed without roomID', '{"cmd":"removed","data":{"type":"ban","timestamp":1}}', 'BAD_FIELD', 'data.roomID'],
    ['userName a number array', '{"cmd":"linkmic","data":{"type":"request","roomID":"r","userID":"u","userName":[1],"timestamp":1}}', 'BAD_FIELD', 'data.userName'],
  ])('rejects %s', (_name, input, code, field) => {
    const r = decodeC2CCommand(input)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe(code)
      expect(r.error.field).toBe(field)
    }
  })

  it('round-trips every command', () => {
    for (const [, , value] of C2C_WIRE) expect(decodeC2CCommand(encodeC2CCommand(value))).toEqual({ ok: true, value })
  })
})

describe('room commands', () => {
  it('uses the numeric commands of the native apps', () => {
    expect(ROOM_CMD.like).toBe('4')
    expect(roomCmdKind('4')).toBe('like')
    expect(roomCmdKind('5')).toBe('danmaku')
    expect(roomCmdKind('like')).toBeNull()
    expect(roomCmdKind('99')).toBeNull()
  })
})

describe('isRequestCurrent', () => {
  it('accepts a request within its timeout and ignores an older one', () => {
    expect(isRequestCurrent(1000, 11_000, 10_000)).toBe(true)
    expect(isRequestCurrent(1000, 11_001, 10_000)).toBe(false)
    expect(isRequestCurrent(5000, 4000, 10_000)).toBe(true)
  })
})
