// What the user is writing to the chat: one draft, built from the emoji panel or typed in the prompt
// (which opens with the draft in it), sent through the chat. A draft that could not be sent stays,
// so nothing typed or picked is lost to a refusal.
import { readonly, ref, type Ref } from 'vue'
import { graphemes, visibleLength } from '@liveroom/protocol/text'
import { promptText, toast } from '@/adapters/uni/ui'
import type { UseIMChatReturn } from './useIMChat'

/** The emoji panel's set: common in live chat, each one character however many code points it has. */
export const COMMON_EMOJI = [
  '😀', '😂', '🤣', '😊', '😍', '🥰', '😘', '😎',
  '🤔', '😮', '😭', '😅', '👍', '👏', '🙏', '💪',
  '🤝', '🙋‍♀️', '🎉', '🔥', '💯', '🌹', '❤️', '👋',
] as const

export interface UseChatComposerOptions {
  chat: Pick<UseIMChatReturn, 'send' | 'maxLength'>
}

export interface UseChatComposerReturn {
  draft: Readonly<Ref<string>>
  /** Adds an emoji to the draft, unless the draft would be too long (then says so). */
  pick(emoji: string): void
  /** Removes the draft's last character: a whole emoji, never half of one. */
  erase(): void
  /** The chat prompt, with the draft in it; what is confirmed becomes the draft and is sent. True once sent. */
  write(): Promise<boolean>
  /** Sends the draft; says why not when it cannot be. True once sent. */
  send(): Promise<boolean>
}

export function useChatComposer({ chat }: UseChatComposerOptions): UseChatComposerReturn {
  const draft = ref('')
  const limitText = `最多 ${chat.maxLength} 字`

  async function send(): Promise<boolean> {
    const result = await chat.send(draft.value)
    if (!result.ok) {
      toast(result.error.message)
      return false
    }
    draft.value = ''
    return true
  }

  return {
    draft: readonly(draft),
    pick(emoji) {
      if (visibleLength(draft.value + emoji) > chat.maxLength) toast(limitText)
      else draft.value += emoji
    },
    erase() {
      draft.value = graphemes(draft.value).slice(0, -1).join('')
    },
    async write() {
      const text = await promptText('发送消息', limitText, draft.value)
      if (text === null) return false
      draft.value = text
      return send()
    },
    send,
  }
}
