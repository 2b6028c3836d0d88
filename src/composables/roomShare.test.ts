import { describe, expect, it } from 'vitest'
import { DEFAULT_SHARE_TITLE, roomShareCard } from './roomShare'

describe('roomShareCard', () => {
  it("has the room's name and the viewer's path to it", () => {
    expect(roomShareCard({ roomID: 'room 1&x', roomName: '周五晚课' })).toEqual({ title: '周五晚课', path: 'live/room/room?roomID=room%201%26x' })
  })

  it('uses a default title for a room without a name', () => {
    expect(roomShareCard({ roomID: 'r1', roomName: '' })).toEqual({ title: DEFAULT_SHARE_TITLE, path: 'live/room/room?roomID=r1' })
  })

  it('carries the picture when there is one', () => {
    expect(roomShareCard({ roomID: 'r1', roomName: '周五晚课' }, 'https://svc.test/covers/r1.abc.jpg')).toEqual({
      title: '周五晚课',
      path: 'live/room/room?roomID=r1',
      imageUrl: 'https://svc.test/covers/r1.abc.jpg',
    })
  })

  it('opens the room list while the room is not there yet', () => {
    expect(roomShareCard(null)).toEqual({ title: DEFAULT_SHARE_TITLE, path: 'live/rooms/rooms' })
  })
})
