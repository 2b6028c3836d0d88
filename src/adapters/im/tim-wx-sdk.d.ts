// tim-wx-sdk ships no type declarations; this gives its default export the
// hand-written surface of sdkTypes.ts.
declare module 'tim-wx-sdk' {
  import type { TimStatic } from '@/adapters/im/sdkTypes'

  const TIM: TimStatic
  export default TIM
}
