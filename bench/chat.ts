// Entering the live room (bench/entryBench.ts: setData calls and bytes of the anchor's go-live and a
// viewer's entry, against their budget), then chat on the compiled live room page: bytes passed to
// setData per incoming chat message, with 10, 100 and 1,000 messages already received. It should stay flat: the chat list lays messages out in fixed
// slots (src/utils/chatSlots.ts), so a new message changes one slot whatever the number held. The
// danmaku column is the danmaku layer's setData per chat flush, flat the same way (src/composables/useDanmaku.ts).
//
//   npm run bench        (BENCH_CHAT_MESSAGES=20 messages measured per row; COMPILED_DIR=… reuses a build)
//
// The page runs in WeChat's component engine (the compiled-test bed), as the anchor of a live room on
// the real room service; the messages come through the IM fake from another user, one at a time, each
// waited for on screen (the chat flushes its batch after 250 ms). Beside it, in the same run: a naive
// page that would send its whole kept list (the last 200 its chat keeps) with every message.
import { register } from 'node:module'

// The test bed reads vitest's provided context when it runs under vitest. Here there is no vitest
// runner (importing 'vitest' would throw), so 'vitest' resolves to a stub and the build comes from
// COMPILED_DIR, which chatBench.ts sets.
const stubVitest = `
export async function resolve(specifier, context, next) {
  if (specifier === 'vitest') return { url: 'data:text/javascript,export function inject() { return undefined }', shortCircuit: true }
  return next(specifier, context)
}`
register(`data:text/javascript,${encodeURIComponent(stubVitest)}`)

const { compiledApp, runChatBench } = await import('./chatBench.ts')
const { runEntryBench } = await import('./entryBench.ts')
// One build for both tables.
const { dir, cleanup } = await compiledApp()
process.env.COMPILED_DIR = dir
try {
  await runEntryBench()
  await runChatBench()
} finally {
  cleanup()
}
