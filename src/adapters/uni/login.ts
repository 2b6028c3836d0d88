// The `wx.login` code the room service exchanges for a user ID and UserSig.
import { callUni } from './callback'

export async function wechatLoginCode(): Promise<string> {
  const { code } = await callUni<{ code: string }>('login', uni.login, { provider: 'weixin' })
  if (!code) throw new Error('login: no code')
  return code
}
