// The room list over the real room service (in-process): paging without repeats, errors and retry.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { effectScope, type EffectScope } from 'vue'
import { RoomServiceClient } from '@/adapters/roomService/client'
import { firePageHook, uniLifecycleMock, clearPageHooks } from '../../test/support/uniLifecycle'
import { DEBUG_CONFIG, RoomWorld } from '../../test/support/roomWorld'
import { useProfile } from './useProfile'
import { useRoomList } from './useRoomList'
import { useSession } from './useSession'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let world: RoomWorld
let scope: EffectScope
beforeEach(async () => {
  world = await RoomWorld.start()
  scope = effectScope()
})
afterEach(async () => {
  scope.stop()
  clearPageHooks()
  await world.close()
})

/** `count` anchors go live one after the other; their room IDs, oldest first. */
async function liveRooms(count: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    ids.push((await world.anchor(`房间${i}`)).visit.room.details!.roomID)
    world.service.advance(1)
  }
  return ids
}

function openList() {
  clearPageHooks() // only the list's own page hooks from here on
  setActivePinia(createPinia())
  const client = new RoomServiceClient({ baseUrl: 'http://room-service.test', transport: world.service.transport, sleep: async () => undefined })
  return scope.run(() => useRoomList({ client, config: DEBUG_CONFIG }))!
}

describe('useRoomList', () => {
  it('adds the next page at the bottom without repeating a room that moved down meanwhile', async () => {
    const ids = await liveRooms(25)
    const list = openList()
    await firePageHook('onShow')
    expect(list.rooms.value.map((r) => r.roomID)).toEqual([...ids].reverse().slice(0, 20))

    // A new room goes live: every room moves one place down, so the next page starts with one already shown.
    const [newer] = await liveRooms(1)
    await firePageHook('onReachBottom')
    const shown = list.rooms.value.map((r) => r.roomID)
    expect(shown).toHaveLength(25)
    expect(new Set(shown).size).toBe(25)
    expect(shown).not.toContain(newer)
    expect(list.hasMore.value).toBe(false)

    await firePageHook('onPullDownRefresh')
    expect(list.rooms.value[0].roomID).toBe(newer)
    expect(world.shim.records.calls.filter((c) => c.api === 'stopPullDownRefresh')).toHaveLength(1)
  })

  it('shows why the next page cannot load, and recovers on a retry', async () => {
    await liveRooms(21)
    const list = openList()
    await firePageHook('onShow')
    world.service.setReachable(false)
    await firePageHook('onReachBottom')
    expect(list.error.value).toBe('无法连接房间服务，请检查网络或服务地址')
    expect(list.rooms.value).toHaveLength(20)

    world.service.setReachable(true)
    await list.refresh()
    expect(list.error.value).toBeNull()
    await firePageHook('onReachBottom')
    expect(list.rooms.value).toHaveLength(21)
  })

  it('shows each anchor’s avatar from their profile, asking about one page’s anchors in one call', async () => {
    const withAvatar = await world.anchor('有头像')
    const png = Uint8Array.from({ length: 256 }, (_, i) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a][i] ?? i).buffer
    const avatar = await withAvatar.client.uploadAvatar(png, 'image/png')
    await withAvatar.client.setProfile('小明', avatar)
    await liveRooms(2)

    const list = openList()
    await firePageHook('onShow')

    const pictured = list.rooms.value.find((r) => r.roomName === '有头像')!
    const plain = list.rooms.value.find((r) => r.roomName !== '有头像')!
    expect(list.avatarOf(pictured)).toBe(`http://room-service.test${avatar}`)
    expect(list.avatarOf(plain)).toBe('')
    expect(world.service.calls.filter((c) => c.endpoint === 'get_profiles')).toEqual([
      { endpoint: 'get_profiles', body: { userIDs: list.rooms.value.map((r) => r.roomCreator) } },
    ])
  })

  it('takes the avatar an anchor went live with from the room itself', async () => {
    const phone = world.phone()
    const png = Uint8Array.from({ length: 256 }, (_, i) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a][i] ?? i).buffer
    await phone.run(() => useSession({ client: phone.client, config: DEBUG_CONFIG }).ensureLoggedIn())
    const avatar = await phone.client.uploadAvatar(png, 'image/png')
    phone.run(() => useProfile().setAvatar(avatar))
    const live = phone.visit.goLive({ roomName: '有头像' })
    await world.pushConnects(phone)
    expect(await live).toBe(true)

    const list = openList()
    await firePageHook('onShow')

    expect(list.rooms.value[0].pushers[0].userAvatar).toBe(`http://room-service.test${avatar}`)
    expect(list.avatarOf(list.rooms.value[0])).toBe(`http://room-service.test${avatar}`)
    expect(world.service.calls.filter((c) => c.endpoint === 'get_profiles')).toEqual([])
  })
})
