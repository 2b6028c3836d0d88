import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RoomServiceClient } from '@/adapters/roomService/client'
import { useProfileStore } from '@/stores/profile'
import { useSessionStore } from '@/stores/session'
import { installWeChat } from '../../test/support/unitWeChat'
import { startRoomServiceHarness, type RoomServiceHarness } from '../../test/support/roomServiceHarness'
import { DEBUG_CONFIG } from '../../test/support/roomWorld'
import { useAnchorUrl } from './useAnchorUrl'

let service: RoomServiceHarness
beforeEach(async () => {
  installWeChat()
  useProfileStore().set({ userId: 'tool_user', nickname: '调试', avatar: '' })
  service = await startRoomServiceHarness()
})
afterEach(async () => {
  vi.unstubAllGlobals()
  await service.close()
})

const client = () => new RoomServiceClient({ baseUrl: 'http://room-service.test', transport: service.transport, sleep: async () => undefined })

describe('useAnchorUrl', () => {
  it('logs in to the room service only and returns its signed push URL', async () => {
    const anchorUrl = useAnchorUrl({ client: client(), config: DEBUG_CONFIG })
    const url = await anchorUrl.fetch()
    expect(url).toMatch(/^rtmp:\/\/push\.example\.com\/live\/1400000000_tool_user\?txSecret=[0-9a-f]{32}&txTime=[0-9A-F]{8}$/)
    expect(anchorUrl.error.value).toBeNull()
    expect(useSessionStore().userID).toBe('tool_user')
  })

  it('says why when the service cannot be reached', async () => {
    service.setReachable(false)
    const anchorUrl = useAnchorUrl({ client: client(), config: DEBUG_CONFIG })
    expect(await anchorUrl.fetch()).toBeNull()
    expect(anchorUrl.error.value).toContain('无法连接房间服务')
    expect(anchorUrl.loading.value).toBe(false)
  })
})
