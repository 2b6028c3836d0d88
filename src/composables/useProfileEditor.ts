// Editing one's profile (nickname, avatar): checked here first, then kept by the room service,
// which is where the room list, chat and co-anchor windows of other users read it from.
import { computed, ref } from 'vue'
import { useServices } from '@/app/services'
import { compressImage, readFileBytes } from '@/adapters/uni/file'
import { errorText } from '@/utils/errorText'
import { imageContentType } from '@/utils/imageType'
import { useProfile } from './useProfile'
import { useSession, type UseSessionOptions } from './useSession'

/** The room service's default AVATAR_MAX_BYTES: larger images are shrunk before upload. */
export const AVATAR_MAX_BYTES = 256 * 1024
const COMPRESS_QUALITY = 50

export type UseProfileEditorOptions = UseSessionOptions

/** The chosen image's bytes, compressed when over the limit. */
async function avatarBytes(path: string): Promise<ArrayBuffer> {
  const image = await readFileBytes(path).catch(() => {
    throw new Error('无法读取所选头像，请重新选择')
  })
  if (image.byteLength <= AVATAR_MAX_BYTES) return image
  const smaller = await compressImage(path, COMPRESS_QUALITY).catch(() => null)
  const compressed = smaller === null ? null : await readFileBytes(smaller)
  if (compressed && compressed.byteLength <= AVATAR_MAX_BYTES) return compressed
  throw new Error(`头像图片太大（最大 ${AVATAR_MAX_BYTES / 1024} KB），请换一张小一些的图片`)
}

export function useProfileEditor(options: UseProfileEditorOptions = {}) {
  const client = options.client ?? useServices().roomService
  const session = useSession({ ...options, client })
  const { profile, rename, setAvatar } = useProfile()
  const busy = ref(false)
  const error = ref<string | null>(null)
  const avatarUrl = computed(() => client.imageUrl(profile.value.avatar))

  async function run(work: () => Promise<void>): Promise<void> {
    busy.value = true
    error.value = null
    try {
      await work()
    } catch (err) {
      error.value = errorText(err)
    } finally {
      busy.value = false
    }
  }

  /** Renames at once on this device (what this user's own messages carry), then on the service. */
  function saveNickname(name: string): Promise<void> {
    const invalid = rename(name)
    if (invalid) {
      error.value = invalid
      return Promise.resolve()
    }
    return run(async () => {
      await session.ensureLoggedIn()
      await client.setProfile(profile.value.nickname)
    })
  }

  /** Uploads the image chooseAvatar handed over and makes it the profile's avatar. */
  function chooseAvatar(tempFilePath: string): Promise<void> {
    return run(async () => {
      const image = await avatarBytes(tempFilePath)
      const type = imageContentType(image)
      if (!type) throw new Error('头像需为 JPEG、PNG 或 WebP 图片')
      await session.ensureLoggedIn()
      const avatar = await client.uploadAvatar(image, type)
      await client.setProfile(profile.value.nickname, avatar)
      setAvatar(avatar)
    })
  }

  return { profile, avatarUrl, busy, error, saveNickname, chooseAvatar }
}
