// Configuration of moderation and text checks.
import { describe, expect, it } from 'vitest'
import { ConfigError, SECRET_ENV_NAMES } from '../config.ts'
import { testConfig } from './helpers.ts'

function problems(env: Record<string, string>): string[] {
  try {
    testConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

describe('moderation and text check configuration', () => {
  it('has defaults', () => {
    const c = testConfig()
    expect(c.moderation).toEqual({ maxBansPerAnchor: 10_000, maxKicksPerRoom: 10_000 })
    expect(c.textCheck).toEqual({ wordlistFile: undefined, timeoutMs: 1200 })
    expect(c.imCallbackToken).toBeUndefined()
    expect(SECRET_ENV_NAMES).toContain('IM_CALLBACK_TOKEN')
  })

  it('reports bad values, one line each', () => {
    expect(problems({ TEXT_CHECK_WORDLIST: '/nonexistent/words.txt' })).toEqual([
      'TEXT_CHECK_WORDLIST must name a readable file, one word a line (cannot read "/nonexistent/words.txt")',
    ])
    expect(problems({ TEXT_CHECK_TIMEOUT_MS: '2000' })[0]).toContain('TEXT_CHECK_TIMEOUT_MS must be an integer from 100 to 1500')
    expect(problems({ MAX_BANS_PER_ANCHOR: '0' })[0]).toContain('MAX_BANS_PER_ANCHOR')
    expect(problems({ IM_CALLBACK_TOKEN: 'x'.repeat(129) })[0]).toContain('IM_CALLBACK_TOKEN must be at most 128 characters')
  })
})
