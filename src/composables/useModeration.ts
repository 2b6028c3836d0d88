// The anchor's moderation of its room: 禁言 (the IM group's mute, for a chosen time), 踢出 (out of
// this room until it ends) and 拉黑 (out of every room the anchor opens). Offered to the room's
// creator only; the room service and IM check it again, and their refusal is what the anchor reads.
// A kicked or banned user is told at once over IM (removalNotice.ts).
import type { RoomServiceClient } from '@/adapters/roomService'
import type { ImClient } from '@/adapters/im/types'
import { errorText } from '@/utils/errorText'
import { sendRemoval } from './removalNotice'

/** The mute lengths offered, shortest first. */
export const MUTE_CHOICES = [
  { label: '10 分钟', seconds: 10 * 60 },
  { label: '1 小时', seconds: 60 * 60 },
  { label: '24 小时', seconds: 24 * 60 * 60 },
] as const

export type MuteChoice = (typeof MUTE_CHOICES)[number]

/** What came of an action, as the anchor is told. */
export interface ModerationResult {
  ok: boolean
  text: string
}

export interface UseModerationOptions {
  roomService: RoomServiceClient
  im: ImClient
  roomID: () => string | null
  /** We created this room: the only one who may moderate it. */
  isCreator: () => boolean
  /** Our own user ID: nobody moderates themselves. */
  self: () => string
  /** The user is out of the room (kicked or banned): take them off what is shown. */
  onRemoved: (userID: string) => void
}

export interface UseModerationReturn {
  /** Whether moderation is offered at all, or for this user. */
  allowed(userID?: string): boolean
  mute(userID: string, choice: MuteChoice): Promise<ModerationResult>
  kick(userID: string): Promise<ModerationResult>
  ban(userID: string): Promise<ModerationResult>
}

export function useModeration({ roomService, im, roomID, isCreator, self, onRemoved }: UseModerationOptions): UseModerationReturn {
  const allowed = (userID?: string) => isCreator() && roomID() !== null && userID !== self()

  async function run(done: string, action: (roomID: string) => Promise<unknown>): Promise<ModerationResult> {
    const id = roomID()
    if (!id) return { ok: false, text: '还没有进入直播间' }
    try {
      await action(id)
      return { ok: true, text: done }
    } catch (err) {
      return { ok: false, text: errorText(err) }
    }
  }

  return {
    allowed,
    mute: (userID, choice) => run(`已禁言 ${choice.label}`, (id) => im.muteMember(id, userID, choice.seconds)),
    kick: (userID) =>
      run('已移出直播间', async (id) => {
        await roomService.call('kick_audience', { roomID: id, userID })
        sendRemoval(im, userID, 'kick', id, roomService.serverNow())
        onRemoved(userID)
      }),
    ban: (userID) =>
      run('已拉黑，对方无法再进入你的直播间', async (id) => {
        await roomService.call('ban_user', { userID })
        sendRemoval(im, userID, 'ban', id, roomService.serverNow())
        onRemoved(userID)
      }),
  }
}
