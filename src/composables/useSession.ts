// Logging in to the room service and IM, once, before anything else talks to them.
//
// Three ways to a UserSig: a debug build with a key signs locally; a debug build without
// one asks a DEV_LOGIN room service; a production build sends a wx.login code.
import { appConfig, type AppConfig } from '@/config'
import { roomService, RoomServiceError, type RoomServiceClient } from '@/adapters/roomService'
import { resolveImClient } from '@/adapters/im/inject'
import type { ImClient } from '@/adapters/im/types'
import { wechatLoginCode } from '@/adapters/uni/login'
import { singleFlight, type SingleFlight } from '@/utils/singleFlight'
import { genDebugUserSig } from '@/utils/usersig'
import { useSessionStore } from '@/stores/session'
import { useProfile } from './useProfile'

export interface UseSessionOptions {
  client?: RoomServiceClient
  /** The IM client to log in as well; `false` for pages that only need the room service. */
  im?: ImClient | false
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

  async function signIn(client: RoomServiceClient, im: ImClient | null): Promise<void> {
    const { userID, userSig } = await roomServiceLogin(client)
    if (im && (im.userID !== userID || !im.ready)) await im.login(userID, userSig)
    // A token that expires or is revoked mid-session is renewed the same way, without the user.
    client.setRelogin(() => roomServiceLogin(client))
    store.succeed(userID)
  }

  const imClient = (): ImClient | null => (options.im === false ? null : resolveImClient(options.im))

  /** Resolves when logged in; rejects with a message the page can show. */
  function ensureLoggedIn(): Promise<void> {
    const client = options.client ?? roomService()
    const im = imClient()
    if (store.status === 'ready' && client.loggedIn && (!im || im.ready)) return Promise.resolve()
    let login = logins.get(store)
    if (!login) logins.set(store, (login = singleFlight<void>()))
    return login(async () => {
      store.begin()
      try {
        await signIn(client, im)
      } catch (err) {
        store.fail(describeLoginError(err))
        throw new Error(store.error ?? '登录失败')
      }
    })
  }

  async function logout(): Promise<void> {
    const client = options.client ?? roomService()
    await Promise.allSettled([client.logout(), imClient()?.logout()])
    store.reset()
  }

  return { store, ensureLoggedIn, logout }
}
