// The room list as served in the last `ttlMs` (a second): each page (index, cnt) is built and
// serialised once, and every request for it until then gets the same text. This instance's writes
// that show in the list drop the pages at once; another instance's show within `ttlMs`.
//
// Where each page ended is remembered too (index -> the last room's key), so that the next page
// is a seek from there rather than a walk over every room before it; a page with no known start
// walks only from the nearest known one below it.
import type { LiveKey } from '../store/types.ts'

interface Page {
  at: number
  text: Promise<string>
}

/** Pages and page starts kept at most: past it they are all dropped (deep, scattered requests). */
const MAX_ENTRIES = 1000

export class ListSnapshot {
  private readonly pages = new Map<string, Page>()
  /** Index of a room -> key of the room before it, as of `startsAt`. */
  private starts = new Map<number, LiveKey>()
  private startsAt = -Infinity
  /** Counts reorderings: a page read before one must not teach where pages start after it. */
  private order = 0

  constructor(private readonly ttlMs: number) {}

  /** The page's text from the last `ttlMs`, else from `build` (one build at a time per page). */
  page(index: number, cnt: number, now: number, build: () => Promise<string>): Promise<string> {
    const key = `${index}/${cnt}`
    const hit = this.pages.get(key)
    if (hit && now - hit.at < this.ttlMs && now >= hit.at) return hit.text
    if (this.pages.size >= MAX_ENTRIES) this.pages.clear()
    const page: Page = { at: now, text: build() }
    if (this.ttlMs <= 0) return page.text
    this.pages.set(key, page)
    page.text.catch(() => {
      if (this.pages.get(key) === page) this.pages.delete(key)
    })
    return page.text
  }

  /**
   * Where to seek for the room at `index`: after a known room, and how many live rooms to pass
   * then; `order` goes back to `learn`.
   */
  seek(index: number, now: number): { after?: LiveKey; skip: number; order: number } {
    if (now - this.startsAt >= this.ttlMs || now < this.startsAt) this.dropStarts(now)
    let best = 0
    for (const known of this.starts.keys()) if (known <= index && known > best) best = known
    const after = this.starts.get(best)
    return after ? { after, skip: index - best, order: this.order } : { skip: index, order: this.order }
  }

  /** The room at `index - 1` is `key` (as read after `seek` gave `order`): a page starting at `index` can seek. */
  learn(index: number, key: LiveKey, order: number): void {
    if (order !== this.order) return
    if (this.starts.size >= MAX_ENTRIES) this.starts.clear()
    this.starts.set(index, key)
  }

  /**
   * A write through this instance changed what the list shows: the pages go. `reordered` when
   * rooms came or went, which moves the page starts too.
   */
  invalidate(reordered: boolean): void {
    this.pages.clear()
    if (!reordered) return
    this.starts.clear()
    this.order++
  }

  private dropStarts(now: number): void {
    this.starts = new Map()
    this.startsAt = now
  }
}
