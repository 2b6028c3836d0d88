// What the anchor's tap on a viewer (in the audience panel or on a chat name) offers: an action
// sheet of 禁言 lengths, 踢出 and 拉黑; the last two are confirmed first, and each outcome is toasted.
import { chooseAction, confirm, toast } from '@/adapters/uni/ui'
import { MUTE_CHOICES, type ModerationResult, type UseModerationReturn } from './useModeration'

export const MODERATION_ITEMS = [...MUTE_CHOICES.map((c) => `禁言 ${c.label}`), '踢出直播间', '拉黑'] as const

export function moderationMenu(moderation: UseModerationReturn): (userID: string, nickName: string) => Promise<void> {
  async function act(index: number, userID: string, name: string): Promise<ModerationResult | null> {
    const mute = MUTE_CHOICES[index]
    if (mute) return moderation.mute(userID, mute)
    if (index === MUTE_CHOICES.length) return (await confirm('踢出直播间', `将 ${name} 移出本场直播？`, '踢出')) ? moderation.kick(userID) : null
    return (await confirm('拉黑', `拉黑 ${name}？对方将无法再进入你的直播间`, '拉黑')) ? moderation.ban(userID) : null
  }

  return async (userID, nickName) => {
    if (!userID || !moderation.allowed(userID)) return
    const index = await chooseAction([...MODERATION_ITEMS])
    if (index === null) return
    const result = await act(index, userID, nickName || userID)
    if (result) toast(result.text)
  }
}
