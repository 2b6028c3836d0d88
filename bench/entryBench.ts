// Entering the live room: setData calls and bytes from opening the room page until it is live (the
// anchor's go-live) or playing (a viewer's entry), on the compiled page in WeChat's component engine,
// against the real room service and the IM fake. Held to ENTRY_BUDGET_BYTES by test/e2e/entry.test.ts;
// here the figures are printed with their share of that budget and where the bytes went.
import { anchorEntry, ENTRY_BUDGET_BYTES, viewerEntry } from '../test/e2e/support/entry.ts'
import { World } from '../test/e2e/support/world.ts'
import type { SetDataStats } from '../test/support/miniprogram.ts'

interface Row {
  name: string
  stats: SetDataStats
}

/** Runs both entries once on the build in COMPILED_DIR and prints the table. */
export async function runEntryBench(): Promise<void> {
  const world = await World.start()
  try {
    const anchor = world.phone('anchor', { nickname: '主播' })
    const anchorStats = await anchorEntry(anchor, '进房基准')
    const [room] = await world.listedRooms()
    if (!room) throw new Error('the room is not listed after going live')
    const viewer = world.phone('viewer', { nickname: '观众' })
    const viewerStats = await viewerEntry(viewer, room.roomID)
    report([
      { name: 'anchor go-live', stats: anchorStats },
      { name: 'viewer entry', stats: viewerStats },
    ])
  } finally {
    await world.close()
  }
}

function report(rows: Row[]): void {
  const header = ['entry', 'setData calls', 'bytes', 'budget', 'share of budget']
  const lines = rows.map((r) => [
    r.name,
    String(r.stats.calls),
    String(r.stats.bytes),
    String(ENTRY_BUDGET_BYTES),
    `${((r.stats.bytes / ENTRY_BUDGET_BYTES) * 100).toFixed(0)}%`,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)))
  const row = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`
  console.log('\nEntry: setData from opening the live room page until live (anchor) or playing (viewer), compiled\n')
  console.log(row(header))
  console.log(`|${widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`)
  for (const l of lines) console.log(row(l))
  console.log('')
  for (const r of rows) {
    const calls = r.stats.log.map((c) => `${c.component} ${c.bytes} B [${c.keys.join(',')}]`).join('; ')
    console.log(`  ${r.name}: ${calls}`)
  }
  const over = rows.filter((r) => r.stats.bytes > ENTRY_BUDGET_BYTES)
  console.log(`\n${over.length ? `OVER BUDGET: ${over.map((r) => r.name).join(', ')}` : 'within budget'} (${ENTRY_BUDGET_BYTES} bytes of setData per entry).`)
}
