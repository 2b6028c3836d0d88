// Reading a local file (e.g. the avatar chooseAvatar hands over) and shrinking an image.
import { callUni } from './callback'

/** The file's bytes. */
export async function readFileBytes(filePath: string): Promise<ArrayBuffer> {
  const fs = uni.getFileSystemManager()
  const { data } = await callUni<{ data: string | ArrayBuffer }, { filePath: string }>('readFile', (o) => fs.readFile(o), { filePath })
  if (typeof data === 'string') throw new Error('readFile: text where bytes were expected')
  return data
}

/** A re-encoded smaller copy of the image, or null where the client cannot compress. */
export async function compressImage(src: string, quality: number): Promise<string | null> {
  if (typeof uni.compressImage !== 'function') return null
  const { tempFilePath } = await callUni<{ tempFilePath: string }, { src: string; quality: number }>('compressImage', (o) => uni.compressImage(o), { src, quality })
  return tempFilePath
}
