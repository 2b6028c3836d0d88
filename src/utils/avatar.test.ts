import { describe, expect, it } from 'vitest'
import { avatarOrNone } from './avatar'

describe('avatarOrNone', () => {
  it('keeps web addresses', () => {
    expect(avatarOrNone('https://live.example.com/avatars/0a1b.jpg')).toBe('https://live.example.com/avatars/0a1b.jpg')
    expect(avatarOrNone('http://127.0.0.1:8787/avatars/x.png')).toBe('http://127.0.0.1:8787/avatars/x.png')
  })

  it.each([undefined, '', 'avatar.png', '/avatars/x.png', 'file:///etc/passwd', 'javascript:alert(1)', 'https://a b/c', `https://h/${'x'.repeat(1100)}`])(
    'gives the placeholder for %s',
    (url) => {
      expect(avatarOrNone(url)).toBe('')
    },
  )
})
