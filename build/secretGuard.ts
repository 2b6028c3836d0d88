// Build-time guard for the debug secret key.
// The key may reach a debug build only. A production build gets '' in its place
// and is scanned afterwards: if the key text appears anywhere, the build fails.
import type { Plugin } from 'vite'

export interface SecretGuardOptions {
  debugBuild: boolean
  secretKey: string
}

export function secretGuard({ debugBuild, secretKey }: SecretGuardOptions): Plugin {
  return {
    name: 'live-room:secret-guard',
    apply: 'build',
    buildStart() {
      if (debugBuild && secretKey) {
        this.warn('调试构建包含 VITE_SECRET_KEY，仅供调试，切勿发布 (debug build embeds the secret key: never release it)')
      } else if (secretKey) {
        this.info?.('生产构建：已忽略 VITE_SECRET_KEY，UserSig 由房间服务签发 (production build: secret key not included)')
      }
    },
    generateBundle(_options, bundle) {
      if (debugBuild || !secretKey) return
      for (const [fileName, output] of Object.entries(bundle)) {
        const text = output.type === 'chunk' ? output.code : String(output.source)
        if (text.includes(secretKey)) {
          this.error(`secret key found in production output ${fileName}: refusing to build`)
        }
      }
    },
  }
}
