// Avatars on the compiled room page, end to end: each chat line shows its sender's avatar, the
// anchor's co-anchor dialog the requester's, a co-anchor window its co-anchor's (with the name); a
// user without one gets the grey placeholder, never an image address that cannot load.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Client } from './support/clients'
import { goLive, startsOf, watch } from './support/flows'
import { World } from './support/world'

let world: World

beforeEach(async () => {
  world = await World.start()
})
afterEach(async () => {
  await world.close()
})

/** An avatar URL of the room service for the path kept in a profile. */
const avatarOf = (path: string) => expect.stringMatching(new RegExp(`^https?://[^/]+${path.replace(/\./g, '\\.')}$`))

/** The chat lines the phone shows, as [text, avatar src]; system lines have no avatar. */
function chatLines(phone: Client): Array<[string, unknown]> {
  return phone.page.$$('.chat__row').flatMap((row) => {
    const avatar = row.text ? phone.page.$$('.chat__avatar').find((a) => row.node.$$?.contains(a.node.$$ ?? null)) : undefined
    return avatar ? [[row.text, avatar.attr('src')] as [string, unknown]] : []
  })
}

/** The user ID the viewer's last co-anchor request came from. */
function requester(nickname: string): string {
  const request = [...world.c2cCommands('linkmic')].reverse().find((c) => c.data.type === 'request' && c.data.userName === nickname)
  if (!request) throw new Error(`${nickname} sent no co-anchor request`)
  return request.from
}

describe('avatars in the room', () => {
  it('shows senders, requesters and co-anchors with their avatars, and the placeholder for none', async () => {
    const anchor = world.phone('anchor', { nickname: '主播小王', avatar: '/avatars/anchor.png' })
    const withAvatar = world.phone('with', { nickname: '观众甲', avatar: '/avatars/viewer.png' })
    const without = world.phone('without', { nickname: '观众乙' })
    const roomID = await goLive(world, anchor, '头像测试')
    await watch(withAvatar, roomID)
    await watch(without, roomID)

    await withAvatar.say('我有头像')
    await without.say('我没有头像')
    await anchor.say('欢迎')
    const said = (phone: Client) => chatLines(phone).filter(([text]) => /头像|欢迎/.test(text))
    await without.waitFor(() => said(without).length === 3, 'the three lines')
    expect(said(without)).toEqual([
      ['观众甲： 我有头像', avatarOf('/avatars/viewer.png')],
      ['观众乙： 我没有头像', ''],
      ['主播小王： 欢迎', avatarOf('/avatars/anchor.png')],
    ])

    // A requester without an avatar: the dialog's placeholder; refused.
    await without.tap('#linkmic-request')
    await anchor.waitFor(() => anchor.exists('#linkmic-dialog'), "观众乙's request")
    expect(anchor.exists('#linkmic-avatar')).toBe(false)
    await anchor.tap('#linkmic-reject')

    // A requester with one: shown in the dialog, then in its co-anchor window once linked.
    await withAvatar.tap('#linkmic-request')
    await anchor.waitFor(() => anchor.exists('#linkmic-avatar'), "观众甲's request with the avatar")
    expect(anchor.page.attr('#linkmic-avatar', 'src')).toEqual(avatarOf('/avatars/viewer.png'))
    await anchor.tap('#linkmic-accept')
    await withAvatar.waitFor(() => startsOf(withAvatar) === 1, 'the co-anchor pusher to start')
    withAvatar.run(() => withAvatar.wx.lastPusher().emit('statechange', { code: 1002 }))
    const user = requester('观众甲')
    await anchor.waitFor(() => anchor.exists(`#co-avatar-${user}`), 'the co-anchor window with the avatar')
    expect(anchor.page.attr(`#co-avatar-${user}`, 'src')).toEqual(avatarOf('/avatars/viewer.png'))
    expect(anchor.text(`#co-name-${user}`)).toBe('观众甲')
  })
})
