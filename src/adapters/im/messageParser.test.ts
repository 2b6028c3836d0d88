import { describe, expect, it } from 'vitest'
import { createMessageParser } from './messageParser'

// Messages shaped as tim-wx-sdk 2.27 hands them to MESSAGE_RECEIVED listeners:
// `type`/`payload` of the first element, all elements behind getElements().
function sdkMessage(init: {
  conversationType: string
  from: string
  to: string
  elements: Array<{ type: string; content: unknown }>
  nick?: string
  avatar?: string
  ID?: string
  time?: number
}) {
  const elements = init.elements
  return {
    ID: init.ID ?? 'm1',
    type: elements[0]?.type,
    payload: elements[0]?.content,
    from: init.from,
    to: init.to,
    nick: init.nick ?? '',
    avatar: init.avatar ?? '',
    conversationType: init.conversationType,
    conversationID: `${init.conversationType}${init.to}`,
    time: init.time ?? 1_700_000_000,
    flow: 'in',
    getElements: () => elements,
  }
}

const header = (nickName: string, headPic = '') => ({
  type: 'TIMCustomElem',
  content: { data: JSON.stringify({ cmd: 'CustomTextMsg', data: { nickName, headPic } }), description: '', extension: '' },
})
const text = (t: string) => ({ type: 'TIMTextElem', content: { text: t } })
const custom = (data: string) => ({ type: 'TIMCustomElem', content: { data, description: '', extension: '' } })

describe('group chat', () => {
  it('reads the native two-element message: header then text', () => {
    const parser = createMessageParser()
    const events = parser.parse(
      sdkMessage({
        conversationType: 'GROUP',
        from: 'u1',
        to: 'room1',
        nick: 'imNick',
        elements: [header('小明', 'https://h/1.png'), text('大家好')],
      }),
    )
    expect(events).toEqual([
      {
        event: 'groupText',
        payload: {
          roomID: 'room1',
          messageID: 'm1#1',
          userID: 'u1',
          nickName: '小明',
          headPic: 'https://h/1.png',
          text: '大家好',
          time: 1_700_000_000_000,
        },
      },
    ])
  })

  it('pairs a header message with the same sender’s next text message', () => {
    const parser = createMessageParser()
    expect(parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u1', to: 'r', elements: [header('小明')] }))).toEqual([])
    // Another sender's text in between keeps its own identity.
    const other = parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u2', to: 'r', nick: '阿红', elements: [text('插话')] }))
    expect(other[0]).toMatchObject({ event: 'groupText', payload: { userID: 'u2', nickName: '阿红' } })
    const mine = parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u1', to: 'r', ID: 'm2', elements: [text('你好')] }))
    expect(mine).toMatchObject([{ event: 'groupText', payload: { userID: 'u1', nickName: '小明', text: '你好', messageID: 'm2' } }])
    // The header is used once.
    const again = parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u1', to: 'r', elements: [text('再说')] }))
    expect(again[0]).toMatchObject({ payload: { nickName: 'u1' } })
  })

  it('drops a lone header that waited too long', () => {
    let t = 0
    const parser = createMessageParser({ headerTtlMs: 1000, now: () => t })
    parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u1', to: 'r', elements: [header('小明')] }))
    t = 5000
    const events = parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u1', to: 'r', elements: [text('迟到')] }))
    expect(events[0]).toMatchObject({ payload: { nickName: 'u1' } })
  })

  it('keeps headers per room', () => {
    const parser = createMessageParser()
    parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u1', to: 'roomA', elements: [header('A 里的名字')] }))
    const events = parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u1', to: 'roomB', elements: [text('hi')] }))
    expect(events[0]).toMatchObject({ payload: { roomID: 'roomB', nickName: 'u1' } })
  })

  it('falls back to the IM nick, then the user ID, for a text without header', () => {
    const parser = createMessageParser()
    const withNick = parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u9', to: 'r', nick: '网页用户', elements: [text('a')] }))
    expect(withNick[0]).toMatchObject({ payload: { nickName: '网页用户' } })
    const bare = parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u9', to: 'r', elements: [text('b')] }))
    expect(bare[0]).toMatchObject({ payload: { nickName: 'u9' } })
  })

  it('uses an empty header nick name as absent', () => {
    const parser = createMessageParser()
    const events = parser.parse(
      sdkMessage({ conversationType: 'GROUP', from: 'u1', to: 'r', nick: 'imNick', elements: [header(''), text('x')] }),
    )
    expect(events[0]).toMatchObject({ payload: { nickName: 'imNick' } })
  })

  it('reads a message that only has type and payload (no getElements)', () => {
    const parser = createMessageParser()
    const events = parser.parse({
      ID: 'x',
      type: 'TIMTextElem',
      payload: { text: 'plain' },
      from: 'u1',
      to: 'r',
      conversationType: 'GROUP',
      time: 10,
    })
    expect(events).toEqual([
      { event: 'groupText', payload: { roomID: 'r', messageID: 'x', userID: 'u1', nickName: 'u1', headPic: '', text: 'plain', time: 10_000 } },
    ])
  })
})

describe('group commands', () => {
  it('turns CustomCmdMsg into a groupCommand', () => {
    const parser = createMessageParser()
    const data = '{"cmd":"CustomCmdMsg","data":{"userName":"小红","userAvatar":"","cmd":"4","msg":""}}'
    const events = parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u2', to: 'r', elements: [custom(data)] }))
    expect(events).toEqual([
      {
        event: 'groupCommand',
        payload: {
          roomID: 'r',
          messageID: 'm1',
          userID: 'u2',
          data: { userName: '小红', userAvatar: '', cmd: '4', msg: '' },
          time: 1_700_000_000_000,
        },
      },
    ])
  })

  it('turns notifyPusherChange into pusherChanged', () => {
    const parser = createMessageParser()
    const events = parser.parse(
      sdkMessage({ conversationType: 'GROUP', from: 'a', to: 'r', elements: [custom('{"cmd":"notifyPusherChange","data":{"userID":"co1"}}')] }),
    )
    expect(events).toEqual([{ event: 'pusherChanged', payload: { roomID: 'r', userID: 'co1' } }])
  })

  it('turns anchorAway into anchorAway from its sender', () => {
    const parser = createMessageParser()
    const events = parser.parse(
      sdkMessage({ conversationType: 'GROUP', from: 'anchor1', to: 'r', elements: [custom('{"cmd":"anchorAway","data":{"away":true}}')] }),
    )
    expect(events).toEqual([{ event: 'anchorAway', payload: { roomID: 'r', userID: 'anchor1', away: true } }])
  })

  it('ignores foreign custom data, images and unknown commands', () => {
    const parser = createMessageParser()
    for (const elements of [
      [custom('not json')],
      [custom('{"cmd":"gift","data":{}}')],
      [custom('{"cmd":"CustomCmdMsg","data":"x"}')],
      [{ type: 'TIMCustomElem', content: { data: 42 } }],
      [{ type: 'TIMImageElem', content: { imageInfoArray: [] } }],
      [{ type: 'TIMTextElem', content: { text: 5 } }],
      [{ type: 'TIMTextElem', content: null }],
    ]) {
      expect(parser.parse(sdkMessage({ conversationType: 'GROUP', from: 'u', to: 'r', elements }))).toEqual([])
    }
  })
})

describe('member tips', () => {
  it('reports the online count from a join tip', () => {
    const parser = createMessageParser()
    const events = parser.parse(
      sdkMessage({
        conversationType: 'GROUP',
        from: '@TIM#SYSTEM',
        to: 'r',
        elements: [{ type: 'TIMGroupTipElem', content: { operationType: 1, userIDList: ['u3'], memberNum: 12 } }],
      }),
    )
    expect(events).toEqual([
      { event: 'memberCountChanged', payload: { roomID: 'r', count: 12 } },
      { event: 'membersChanged', payload: { roomID: 'r', change: 'joined', members: [{ userID: 'u3', nickName: '' }] } },
    ])
  })

  it('reports who left, with the nicks the tip carries', () => {
    const parser = createMessageParser()
    const tip = (content: unknown) =>
      parser.parse(sdkMessage({ conversationType: 'GROUP', from: '@TIM#SYSTEM', to: 'r', elements: [{ type: 'TIMGroupTipElem', content }] }))
    expect(tip({ operationType: 2, userIDList: ['u3', 'u4', 'u3', 7], memberList: [{ userID: 'u4', nick: '小李' }] })).toEqual([
      {
        event: 'membersChanged',
        payload: {
          roomID: 'r',
          change: 'left',
          members: [
            { userID: 'u3', nickName: '' },
            { userID: 'u4', nickName: '小李' },
          ],
        },
      },
    ])
    expect(tip({ operationType: 1, memberList: [{ userID: 'u5', nick: '小张' }] })).toEqual([
      { event: 'membersChanged', payload: { roomID: 'r', change: 'joined', members: [{ userID: 'u5', nickName: '小张' }] } },
    ])
    expect(tip({ operationType: 1, userIDList: [] })).toEqual([])
  })

  it('ignores a tip without a count', () => {
    const parser = createMessageParser()
    const events = parser.parse(
      sdkMessage({ conversationType: 'GROUP', from: '@TIM#SYSTEM', to: 'r', elements: [{ type: 'TIMGroupTipElem', content: { operationType: 6 } }] }),
    )
    expect(events).toEqual([])
  })
})

describe('system notices', () => {
  const notice = (content: unknown) =>
    sdkMessage({ conversationType: '@TIM#SYSTEM', from: '@TIM#SYSTEM', to: 'me', elements: [{ type: 'TIMGroupSystemNoticeElem', content }] })

  it('reports operationType 5 as the room dismissed', () => {
    const parser = createMessageParser()
    expect(parser.parse(notice({ operationType: 5, operatorID: 'anchor', groupProfile: { groupID: 'r', name: '房间' } }))).toEqual([
      { event: 'groupDismissed', payload: { roomID: 'r', operatorID: 'anchor' } },
    ])
  })

  it('reads notifyPusherChange from a custom notice', () => {
    const parser = createMessageParser()
    const events = parser.parse(
      notice({ operationType: 255, groupProfile: { groupID: 'r' }, userDefinedField: '{"cmd":"notifyPusherChange","data":{"userID":"x"}}' }),
    )
    expect(events).toEqual([{ event: 'pusherChanged', payload: { roomID: 'r', userID: 'x' } }])
  })

  it('ignores other notices and notices without a group', () => {
    const parser = createMessageParser()
    expect(parser.parse(notice({ operationType: 1, groupProfile: { groupID: 'r' } }))).toEqual([])
    expect(parser.parse(notice({ operationType: 5 }))).toEqual([])
    expect(parser.parse(notice('garbage'))).toEqual([])
  })
})

describe('C2C', () => {
  it('decodes a linkmic request', () => {
    const parser = createMessageParser()
    const data =
      '{"cmd":"linkmic","data":{"type":"request","roomID":"r","userID":"aud","userName":"观众","userAvatar":"","timestamp":1700000000000}}'
    const events = parser.parse(sdkMessage({ conversationType: 'C2C', from: 'aud', to: 'anchor', elements: [custom(data)] }))
    expect(events).toEqual([
      {
        event: 'c2cCommand',
        payload: {
          fromUserID: 'aud',
          messageID: 'm1',
          time: 1_700_000_000_000,
          command: {
            cmd: 'linkmic',
            data: { type: 'request', roomID: 'r', userID: 'aud', userName: '观众', userAvatar: '', timestamp: 1700000000000 },
          },
        },
      },
    ])
  })

  it('ignores C2C text and malformed commands', () => {
    const parser = createMessageParser()
    expect(parser.parse(sdkMessage({ conversationType: 'C2C', from: 'a', to: 'b', elements: [text('hi')] }))).toEqual([])
    expect(parser.parse(sdkMessage({ conversationType: 'C2C', from: 'a', to: 'b', elements: [custom('{"cmd":"linkmic","data":{}}')] }))).toEqual([])
  })
})

describe('foreign input', () => {
  it('never throws and yields nothing for junk', () => {
    const parser = createMessageParser()
    const throwing = {
      conversationType: 'GROUP',
      from: 'u',
      to: 'r',
      getElements() {
        throw new Error('boom')
      },
      type: 'TIMTextElem',
      payload: { text: 'still read' },
    }
    expect(parser.parse(throwing)).toMatchObject([{ event: 'groupText', payload: { text: 'still read' } }])
    for (const junk of [null, undefined, 1, 'x', [], {}, { conversationType: 'GROUP' }, { conversationType: 'GROUP', from: 'u' }]) {
      expect(parser.parse(junk)).toEqual([])
    }
  })
})
