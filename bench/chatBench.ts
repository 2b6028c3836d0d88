// The chat benchmark itself (bench/chat.ts is its entry point; see there for what it measures).
import { existsSync, readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { TIM_TYPES } from '../src/adapters/im/sdkTypes.ts'
import type { ChatMessage } from '../src/composables/chatLog.ts'
import type { Client } from '../test/e2e/support/clients.ts'
import { World } from '../test/e2e/support/world.ts'
import {
  buildMpWeixin,
  markCommonJs,
  pruneStaleBuilds,
  TEST_BUILD_ROOT,
  TEST_IM_MODULE,
  TEST_SDKAPPID,
  testRoomServiceUrl,
} from '../test/support/compiledBuild.ts'
import { COMPILED_IM_HOST } from '../test/support/compiledImClient.ts'
import { setDataBytes, type SetDataCall } from '../test/support/miniprogram.ts'

const HELD = [10, 100, 1000] as const
/** The danmaku layer's tag on the live room page: its setData is its own column. */
const DANMAKU_COMPONENT = 'danmaku-layer'
/**
 * A danmaku lane takes one item every 1.5 s and there are 4 (src/composables/useDanmaku.ts): one
 * opens every 375 ms, so at this pace every measured message flies and each flush enters one item.
 */
const DANMAKU_PACE_MS = 400
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const MEASURED = Math.max(1, Number(process.env.BENCH_CHAT_MESSAGES) || 20)
/** The sender's avatar is an address of the room service, as the app's avatars are (/avatars/<32 hex>.<ext>). */
const SENDER = { userID: 'bench_viewer', nickName: '观众甲', headPic: `${testRoomServiceUrl()}/avatars/0123456789abcdef0123456789abcdef.jpg` }

interface Row {
  held: number
  messages: number
  calls: number
  bytes: number
  naiveBytes: number
  /** The danmaku layer's share of calls and bytes (not in `calls` and `bytes`). */
  danmakuCalls: number
  danmakuBytes: number
  /** setData bytes by component (page route or component tag), to see where they went. */
  byComponent: Map<string, number>
}

/** COMPILED_DIR, or a fresh production test build (removed afterwards). */
export async function compiledApp(): Promise<{ dir: string; cleanup: () => void }> {
  const given = process.env.COMPILED_DIR
  if (given) {
    const dir = path.resolve(given)
    const vendor = path.join(dir, 'common', 'vendor.js')
    if (!existsSync(vendor) || !readFileSync(vendor, 'utf8').includes(COMPILED_IM_HOST)) {
      throw new Error(`${dir} is not a test build with the IM fake (build it with LIVE_ROOM_IM_MODULE=${TEST_IM_MODULE})`)
    }
    markCommonJs(dir)
    return { dir, cleanup: () => undefined }
  }
  pruneStaleBuilds()
  const runDir = path.join(TEST_BUILD_ROOT, String(process.pid))
  const dir = path.join(runDir, 'mp-weixin')
  rmSync(runDir, { recursive: true, force: true })
  process.stdout.write('building mp-weixin (test build)… ')
  await buildMpWeixin({ outDir: dir, env: { VITE_SDKAPPID: TEST_SDKAPPID, VITE_ROOM_SERVICE_URL: testRoomServiceUrl(), LIVE_ROOM_IM_MODULE: TEST_IM_MODULE } })
  markCommonJs(dir)
  console.log('done')
  return { dir, cleanup: () => rmSync(runDir, { recursive: true, force: true }) }
}

/** Same width for every number, so message sizes do not grow with the count. */
const textOf = (n: number) => `第${String(n).padStart(5, '0')}条弹幕：今晚讲得真好`

interface VueInstance {
  $props?: { feed?: { messages?: readonly ChatMessage[] } }
  $children?: VueInstance[]
}

/** The messages the live room page's chat keeps (its visit's chat log): the feed of its chat list. */
function keptMessages(anchor: Client): readonly ChatMessage[] {
  const page = anchor.page.instance.$vm as VueInstance | undefined
  // The chat list's feed has messages (the danmaku layer's feed, items).
  const messages = page?.$children?.find((child) => child.$props?.feed?.messages)?.$props?.feed?.messages
  if (!messages) throw new Error('cannot read the chat of the live room page')
  return messages
}

async function goLive(world: World, anchor: Client): Promise<string> {
  await anchor.open('live/room/room', { role: 'anchor', name: '聊天基准', audioOnly: 0 })
  await anchor.waitFor(() => anchor.wx.records.pushers.some((p) => p.called('start')), 'the pusher to start')
  anchor.run(() => anchor.wx.lastPusher().emit('statechange', { code: 1002 }))
  await anchor.waitFor(() => !anchor.exists('#entering') && !anchor.exists('#room-notice'), 'the room to go live')
  const [room] = await world.listedRooms()
  if (!room) throw new Error('the room is not listed after going live')
  return room.roomID
}

/** Runs the chat benchmark on the build in COMPILED_DIR (see compiledApp) and prints its table. */
export async function runChatBench(): Promise<void> {
  const world = await World.start()
  try {
    const anchor = world.phone('anchor', { nickname: '主播' })
    const roomID = await goLive(world, anchor)
    let sent = 0
    const receive = (): number => {
      const n = ++sent
      world.im.injectGroupMessage({
        groupID: roomID,
        from: SENDER.userID,
        elements: [
          { type: TIM_TYPES.MSG_CUSTOM, content: { data: JSON.stringify({ cmd: 'CustomTextMsg', data: { nickName: SENDER.nickName, headPic: SENDER.headPic } }), description: '', extension: '' } },
          { type: TIM_TYPES.MSG_TEXT, content: { text: textOf(n) } },
        ],
      })
      return n
    }
    const shown = (n: number) => anchor.text('#chat').includes(textOf(n))
    const flying = (n: number) => anchor.text('#danmaku').includes(textOf(n))

    const rows: Row[] = []
    for (const held of HELD) {
      // Bring the room up to `held` messages received (in bursts: the chat batches them).
      let last = sent
      while (sent < held) last = receive()
      if (last > 0) await anchor.waitFor(() => shown(last), `message ${last} on screen`, 60_000)
      await anchor.flush()
      // Each row starts with the burst's danmaku gone (the layer's slots stay, emptied).
      await anchor.waitFor(() => anchor.text('#danmaku') === '', 'the danmaku of the burst to leave', 15_000)

      anchor.mp.resetSetDataStats()
      let naiveBytes = 0
      for (let i = 0; i < MEASURED; i++) {
        await sleep(DANMAKU_PACE_MS)
        const n = receive()
        await anchor.waitFor(() => shown(n) && flying(n), `message ${n} on screen and flying`, 10_000)
        naiveBytes += setDataBytes({ messages: keptMessages(anchor) })
      }
      const stats = anchor.mp.setDataStats()
      const byComponent = new Map<string, number>()
      stats.log.forEach((c: SetDataCall) => byComponent.set(c.component, (byComponent.get(c.component) ?? 0) + c.bytes))
      const danmaku = stats.log.filter((c: SetDataCall) => c.component === DANMAKU_COMPONENT)
      const danmakuBytes = danmaku.reduce((sum, c) => sum + c.bytes, 0)
      rows.push({
        held,
        messages: MEASURED,
        calls: stats.calls - danmaku.length,
        bytes: stats.bytes - danmakuBytes,
        naiveBytes,
        danmakuCalls: danmaku.length,
        danmakuBytes,
        byComponent,
      })
    }
    report(rows)
  } finally {
    await world.close()
  }
}

function report(rows: Row[]): void {
  const base = rows[0]
  const perMessage = (bytes: number, row: Row) => bytes / row.messages
  const header = [
    'held',
    'messages',
    'setData calls',
    'bytes/message',
    'ratio vs 10 held',
    'naive bytes/message',
    'naive ratio vs 10 held',
    'naive ÷ slots',
    'danmaku calls',
    'danmaku bytes/flush',
    'danmaku ratio vs 10 held',
  ]
  const lines = rows.map((r) => [
    String(r.held),
    String(r.messages),
    String(r.calls),
    perMessage(r.bytes, r).toFixed(0),
    `${(perMessage(r.bytes, r) / perMessage(base.bytes, base)).toFixed(2)}×`,
    perMessage(r.naiveBytes, r).toFixed(0),
    `${(perMessage(r.naiveBytes, r) / perMessage(base.naiveBytes, base)).toFixed(2)}×`,
    `${(r.naiveBytes / r.bytes).toFixed(1)}×`,
    String(r.danmakuCalls),
    perMessage(r.danmakuBytes, r).toFixed(0),
    `${(perMessage(r.danmakuBytes, r) / perMessage(base.danmakuBytes, base)).toFixed(2)}×`,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const row = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`
  console.log('\nChat: setData bytes per incoming message on the live room page (compiled, WeChat component engine)\n')
  console.log(row(header))
  console.log(`|${widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`)
  for (const l of lines) console.log(row(l))
  console.log('\nnaive: a page sending the chat\'s whole kept list (last 200) with each message, measured on the same messages.')
  console.log(
    'danmaku: the danmaku layer\'s own setData (entries and expiry sweeps), not in the columns before it; each measured\n' +
      `message is a chat flush of its own (waited for on screen), ${DANMAKU_PACE_MS} ms apart so that each one flies. Items enter\n` +
      'in fixed slots (at most 16 on screen, one per lane every 1.5 s; faster chat is dropped), so an entry sends one slot.',
  )
  for (const r of rows) {
    const parts = [...r.byComponent].map(([c, b]) => `${c} ${(b / r.messages).toFixed(0)}`).join(', ')
    console.log(`  ${String(r.held).padStart(4)} held: bytes/message by component: ${parts}`)
  }
  console.log(
    '\nWith fewer messages than the 50 slots on screen, a new message appends a slot (all its fields are sent);\n' +
      'once the slots are full it replaces the oldest one, and only the fields that differ are sent.',
  )
  const last = rows[rows.length - 1]
  const growth = perMessage(last.bytes, last) / perMessage(base.bytes, base)
  console.log(`\n${growth <= 1.2 ? 'flat' : 'NOT FLAT'}: ${last.held} held costs ${growth.toFixed(2)}× the bytes per message of ${base.held} held.`)
  const danmakuGrowth = perMessage(last.danmakuBytes, last) / perMessage(base.danmakuBytes, base)
  console.log(`${danmakuGrowth <= 1.2 ? 'flat' : 'NOT FLAT'}: danmaku at ${last.held} held costs ${danmakuGrowth.toFixed(2)}× the bytes per flush of ${base.held} held.`)
}
