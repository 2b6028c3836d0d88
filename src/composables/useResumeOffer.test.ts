// 继续直播 over the real room service (in-process): an anchor whose page died without leaving is
// offered its room on launch and goes back into it; the audience keeps the room.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useProfileStore } from '@/stores/profile'
import { firePageHook, clearPageHooks, uniLifecycleMock } from '../../test/support/uniLifecycle'
import { DEBUG_CONFIG, RoomWorld, type Device } from '../../test/support/roomWorld'
import { liveRoomEntry } from './useLiveRoom'
import { useResumeOffer } from './useResumeOffer'

vi.mock('@dcloudio/uni-app', () => uniLifecycleMock)

let world: RoomWorld
beforeEach(async () => {
  world = await RoomWorld.start()
})
afterEach(async () => {
  clearPageHooks()
  await world.close()
})

/** The same user on a fresh launch of the app (its old page is gone without having left). */
function relaunchAs(userID: string): Device {
  const device = world.device()
  device.run(() => useProfileStore().set({ userId: userID, nickname: '王老师', avatar: '' }))
  return device
}

async function launchHome(device: Device): Promise<void> {
  clearPageHooks()
  device.run(() => useResumeOffer({ client: device.client, config: DEBUG_CONFIG }))
  await firePageHook('onLoad')
}

/** Goes live as the anchor entry of the live room's query says (what the live room page does). */
async function openLiveRoom(device: Device, query: Record<string, string>) {
  const entry = liveRoomEntry(query)
  if (entry.role !== 'anchor') throw new Error('not an anchor entry')
  const visit = world.visit(device)
  const live = visit.goLive(entry)
  return { visit, live }
}

describe('useResumeOffer', () => {
  it('offers the open room on launch; accepting goes back into it with a fresh push, and the audience stays', async () => {
    const anchor = await world.anchor('周五晚课')
    const roomID = anchor.visit.room.details!.roomID
    const viewer = await world.viewer(roomID)
    anchor.goOffline() // its app dies without leaving: nothing it does reaches anyone any more

    const again = relaunchAs(anchor.userID)
    await launchHome(again)
    expect(world.shim.records.modals.at(-1)).toMatchObject({ title: '继续直播', confirmText: '继续直播' })
    expect(world.shim.records.modals.at(-1)!.content).toMatch(/^「周五晚课」还在直播中，\d+ 秒内不回来将自动结束$/)
    const nav = world.shim.records.navigations.at(-1)!
    expect(nav).toMatchObject({ kind: 'navigateTo', path: 'live/room/room', query: { role: 'anchor', resume: '1', roomID } })

    const { visit, live } = await openLiveRoom(again, nav.query!)
    await world.pushConnects(visit)
    expect(await live).toBe(true)
    expect(visit.room.details).toMatchObject({ roomID, roomName: '周五晚课', audienceCount: 1 })
    expect(world.service.calls.filter((c) => c.endpoint === 'create_room')).toHaveLength(1)
    expect(world.service.calls.filter((c) => c.endpoint === 'resume_room')).toHaveLength(1)
    expect(viewer.visit.room.phase).toBe('live')
  })

  it('does nothing more when declined, and offers nothing without an open room', async () => {
    const anchor = await world.anchor('周五晚课')
    world.shim.configure({ modalAnswer: 'cancel' })
    await launchHome(relaunchAs(anchor.userID))
    expect(world.shim.records.modals).toHaveLength(1)
    expect(world.shim.records.navigations).toEqual([])
    expect(world.service.calls.filter((c) => c.endpoint === 'resume_room')).toEqual([])

    await launchHome(world.device())
    expect(world.shim.records.modals).toHaveLength(1)
  })

  it('says clearly when the room has ended or is not ours', async () => {
    const anchor = await world.anchor('周五晚课')
    const roomID = anchor.visit.room.details!.roomID
    const query = { role: 'anchor', resume: '1', roomID, name: '周五晚课' }

    const stranger = await openLiveRoom(world.device(), query)
    expect(await stranger.live).toBe(false)
    expect(stranger.visit.room.notice).toBe('这不是你开的直播间，无法继续直播')

    await anchor.visit.leave()
    const late = await openLiveRoom(relaunchAs(anchor.userID), query)
    expect(await late.live).toBe(false)
    expect(late.visit.room.notice).toBe('这场直播已经结束，无法继续直播')
  })
})
