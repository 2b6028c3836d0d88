// Logging in to the room service and IM, once, before anything else talks to them.
//
// Three ways to a UserSig: a debug build with a key signs locally; a debug build without
// one asks a DEV_LOGIN room service; a production build sends a wx.login code.
import { appConfig, type AppConfig } from '@/config'
import { RoomServiceError, type RoomServiceClient } from '@/adapters/roomService'
import { useServices } from '@/app/services'
import type { ImClient } from '@/adapters/im/types'
import { wechatLoginCode } from '@/adapters/uni/login'
import { singleFlight, type SingleFlight } from '@/utils/singleFlight'
import { genDebugUserSig } from '@/utils/usersig'
import { useSessionStore } from '@/stores/session'
import { useProfile } from './useProfile'

export interface UseSessionOptions {
  /** Default: the app's (see app/services.ts). */
  client?: RoomServiceClient
  /** The IM client to log in as well; pages that only need the room service leave it out. */
  im?: ImClient
  config?: AppConfig
}

// One login at a time per app (per pinia session store): a second caller waits for the first.
const logins = new WeakMap<object, SingleFlight<void>>()

export function describeLoginError(err: unknown): string {
  if (err instanceof RoomServiceError) return `登录失败：${err.userMessage}`
  const text = err instanceof Error ? err.message : String(err)
  return `登录失败：${text}`
}

export function useSession(options: UseSessionOptions = {}) {
  const store = useSessionStore()
  const config = options.config ?? appConfig
  const client = options.client ?? useServices().roomService
  const im = options.im ?? null
  const { profile } = useProfile()

  /** Logs in to the room service; the UserSig is for IM. */
  async function roomServiceLogin(client: RoomServiceClient): Promise<{ userID: string; userSig: string }> {
    // __DEBUG_BUILD__ is a build constant: production builds drop this branch and the signing code with it.
    if (__DEBUG_BUILD__ && config.isDebugBuild && config.debugSecretKey && config.sdkAppId) {
      const userID = profile.value.userId
      const userSig = genDebugUserSig(config, userID)
      await client.login(config.sdkAppId, userID, userSig)
      return { userID, userSig }
    }
    if (config.isDebugBuild) return client.loginForDevelopment(profile.value.userId)
    return client.loginWithWechatCode(await wechatLoginCode())
  }

  async function signIn(): Promise<void> {
    const { userID, userSig } = await roomServiceLogin(client)
    if (im && (im.userID !== userID || !im.ready)) await im.login(userID, userSig)
    // A token that expires or is revoked mid-session is renewed the same way, without the user.
    client.setRelogin(() => roomServiceLogin(client))
    store.succeed(userID)
  }

  /** Resolves when logged in; rejects with a message the page can show. */
  function ensureLoggedIn(): Promise<void> {
    if (store.status === 'ready' && client.loggedIn && (!im || im.ready)) return Promise.resolve()
    let login = logins.get(store)
    if (!login) logins.set(store, (login = singleFlight<void>()))
    return login(async () => {
      store.begin()
      try {
        await signIn()
      } catch (err) {
        store.fail(describeLoginError(err))
        throw new Error(store.error ?? '登录失败')
      }
    })
  }

  async function logout(): Promise<void> {
    await Promise.allSettled([client.logout(), im?.logout()])
    store.reset()
  }

  return { store, ensureLoggedIn, logout }
}
