// The audience panel against the real room service (in-process) and the IM fake.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { uniLifecycleMock } from '../../test/support/uniLifecycle'
import { RoomWorld, until, type Phone } from '../../test/support/roomWorld'
import { audienceMember, useAudience } from './useAudience'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let world: RoomWorld
let anchor: Phone
let roomID: string

beforeEach(async () => {
  world = await RoomWorld.start()
  anchor = await world.anchor()
  roomID = anchor.visit.room.details!.roomID
})
afterEach(async () => {
  await world.close()
})

/** The anchor's panel, refreshing at most every 20 ms. */
const panel = () => anchor.run(() => useAudience({ roomService: anchor.client, im: anchor.im, roomID: () => roomID, refreshIntervalMs: 20 }))
const names = (audience: ReturnType<typeof panel>) => audience.members.value.map((m) => m.nickName).sort()
const audienceCalls = () => world.service.calls.filter((c) => c.endpoint === 'get_audiences').length

describe('audienceMember', () => {
  it('reads the name and avatar a viewer wrote, and falls back to its user ID', () => {
    expect(audienceMember({ userID: 'u1', userInfo: '{"userName":"小李","userAvatar":"https://a/1.png"}' })).toEqual({ userID: 'u1', nickName: '小李', avatar: 'https://a/1.png' })
    expect(audienceMember({ userID: 'u2', userInfo: 'not json' })).toEqual({ userID: 'u2', nickName: 'u2', avatar: '' })
    expect(audienceMember({ userID: 'u3', userInfo: '{"userName":7}' })).toEqual({ userID: 'u3', nickName: 'u3', avatar: '' })
  })
})

describe('useAudience', () => {
  it('holds nothing and asks nothing until opened, then lists the viewers with their nicknames and the total', async () => {
    const first = await world.viewer(roomID)
    await world.viewer(roomID)
    const audience = panel()
    expect(audience.members.value).toEqual([])
    expect(audienceCalls()).toBe(0)

    await audience.open()
    expect(audience.shown.value).toBe(true)
    expect(names(audience)).toEqual(['用户2', '用户3'])
    expect(audience.total.value).toBe(2)
    expect(audience.members.value.find((m) => m.userID === first.userID)?.nickName).toBe('用户2')
  })

  it('while open, follows viewers entering (one refresh per interval) and drops a viewer who leaves at once', async () => {
    const audience = panel()
    await audience.open()
    expect(audience.total.value).toBe(0)

    const viewer = await world.viewer(roomID)
    await world.viewer(roomID)
    await until(() => audience.total.value === 2, 'both viewers listed')
    expect(names(audience)).toEqual(['用户2', '用户3'])

    const calls = audienceCalls()
    await viewer.visit.leave()
    await until(() => audience.members.value.length === 1, 'the viewer gone from the list')
    expect(names(audience)).toEqual(['用户3'])
    expect(audience.total.value).toBe(1)
    expect(audienceCalls()).toBe(calls)
  })

  it('forgets the list when closed and does not refresh it for members coming and going', async () => {
    await world.viewer(roomID)
    const audience = panel()
    await audience.open()
    audience.close()
    expect(audience.shown.value).toBe(false)
    expect(audience.members.value).toEqual([])
    expect(audience.total.value).toBe(0)

    const calls = audienceCalls()
    await world.viewer(roomID)
    await new Promise((r) => setTimeout(r, 60))
    expect(audienceCalls()).toBe(calls)
    expect(audience.members.value).toEqual([])
  })

  it('says why the list could not be fetched', async () => {
    const audience = panel()
    await anchor.visit.leave()
    await audience.open()
    expect(audience.error.value).toMatch(/房间不存在|已结束/)
    expect(audience.members.value).toEqual([])
  })
})
