/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

interface ImportMetaEnv {
  readonly VITE_SDKAPPID?: string
  readonly VITE_ROOM_SERVICE_URL?: string
  readonly VITE_LIVE_TEMPLATE_ID?: string
  readonly VITE_WAITING_IMAGE_URL?: string
}

/** Set by vite.config.ts: the debug secret key in debug builds, '' in production builds. */
declare const __DEBUG_SECRET_KEY__: string
/** Set by vite.config.ts: true for `dev:mp-weixin` and `build:mp-weixin:debug`. */
declare const __DEBUG_BUILD__: boolean
