// Sends "开播提醒" when an anchor goes live (a RoomWatcher): the anchor's subscriptions are taken
// (each is one-shot, as WeChat's one-time subscription is) and sent in the background, a bounded
// number at a time, each under its own deadline. Busy or over-quota answers are tried again later,
// a bounded number of times with growing waits, from this instance's memory (a restart loses them).
import type { FastifyBaseLogger } from 'fastify'
import { Counter } from 'prom-client'
import type { RoomWatcher } from '../rooms/watchers.ts'
import type { LiveNoticeStore, LiveSubscription } from '../store/liveNotice.ts'
import type { StoredRoom } from '../store/types.ts'
import type { SendOutcome, SubscribeMessage, SubscribeMessageApi } from './subscribeMessage.ts'
import { templateData, type TemplateField } from './templateData.ts'

export interface LiveNoticeConfig {
  templateId: string
  /** Mini-program page the message opens, without the query (`?roomID=..` is added). */
  page: string
  fields: TemplateField[]
  state: SubscribeMessage['miniprogram_state']
  /** Sends in flight at once. */
  concurrency: number
  /** Tries of one message in all (the first included). */
  attempts: number
  /** Deadline of one send, access_token included, ms. */
  timeoutMs: number
  /** Wait before the first retry, ms; doubled for each next one. */
  retryMs: number
}

type NoticeResult = 'sent' | 'refused' | 'failed' | 'retried' | 'dropped'

/** 43101: the user refused, or has no subscription left. */
const REFUSED = 43101
/** Busy, over the daily or per-minute quota: worth another try later. */
const RETRY_LATER: ReadonlySet<number> = new Set([-1, 45009, 45011])
/** Subscriptions taken from the store at a time. */
const BATCH = 100
/** Messages waiting for a retry, at most (beyond, they are dropped). */
const MAX_WAITING = 10_000

interface Job {
  sub: LiveSubscription
  message: SubscribeMessage
  attempt: number
}

export class LiveNoticeSender implements RoomWatcher {
  /** Served by /metrics (registered there). */
  readonly metric = new Counter({
    name: 'liveroom_live_notices_total',
    help: 'Live-notice subscription messages, by result: sent, refused (43101), failed, retried (tried again later), dropped',
    labelNames: ['result'] as const,
    registers: [],
  })
  private readonly timers = new Set<NodeJS.Timeout>()
  private readonly running = new Set<Promise<void>>()
  private readonly queue: Job[] = []
  private active = 0
  private closed = false

  constructor(
    private readonly store: LiveNoticeStore,
    private readonly api: SubscribeMessageApi,
    private readonly cfg: LiveNoticeConfig,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Returns at once: the anchor's call does not wait for WeChat. */
  async wentLive(room: StoredRoom, anchorName: string, now: number): Promise<void> {
    const data = templateData(this.cfg.fields, { roomName: room.roomName, anchorName, startTime: now })
    const page = `${this.cfg.page}?roomID=${encodeURIComponent(room.roomID)}`
    this.track(this.takeAll(room.roomCreator, (sub) => ({
      touser: sub.openid,
      template_id: this.cfg.templateId,
      page,
      data,
      miniprogram_state: this.cfg.state,
      lang: 'zh_CN',
    })))
  }

  /** Stops retries and waits for the sends in flight (each bounded by its deadline). */
  async close(): Promise<void> {
    this.closed = true
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    this.queue.length = 0
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }

  private track(work: Promise<void>): void {
    const p = work.catch((err: unknown) => this.log.error({ err }, 'live notices failed')).finally(() => this.running.delete(p))
    this.running.add(p)
  }

  private async takeAll(anchor: string, message: (sub: LiveSubscription) => SubscribeMessage): Promise<void> {
    while (!this.closed) {
      const subs = await this.store.take(anchor, BATCH)
      for (const sub of subs) this.enqueue({ sub, message: message(sub), attempt: 1 })
      if (subs.length < BATCH) return
      // The next batch once this one is mostly sent: the queue stays about one batch long.
      while (this.queue.length > this.cfg.concurrency && !this.closed) await Promise.race([...this.running])
    }
  }

  private enqueue(job: Job): void {
    this.queue.push(job)
    this.pump()
  }

  private pump(): void {
    while (!this.closed && this.active < this.cfg.concurrency && this.queue.length > 0) {
      const job = this.queue.shift() as Job
      this.active++
      this.track(
        this.api
          .send(job.message)
          .then((outcome) => this.settle(job, outcome))
          .finally(() => {
            this.active--
            this.pump()
          }),
      )
    }
  }

  private settle(job: Job, outcome: SendOutcome): void {
    const who = { anchor: job.sub.anchorUserID, viewer: job.sub.viewerUserID, attempt: job.attempt }
    if ('errcode' in outcome && outcome.errcode === 0) return this.count('sent')
    if ('errcode' in outcome && outcome.errcode === REFUSED) {
      this.log.info(who, 'live notice refused by WeChat (43101: no subscription left)')
      return this.count('refused')
    }
    const retryable = 'error' in outcome ? outcome.error.failure !== 'bad_reply' : RETRY_LATER.has(outcome.errcode)
    const reason = 'error' in outcome ? outcome.error.message : `errcode ${outcome.errcode}`
    if (!retryable || job.attempt >= this.cfg.attempts) {
      this.log.warn({ ...who, reason }, 'live notice not sent')
      return this.count('failed')
    }
    if (this.timers.size >= MAX_WAITING) {
      this.log.warn({ ...who, reason }, 'live notice dropped: too many waiting for a retry')
      return this.count('dropped')
    }
    this.count('retried')
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      this.enqueue({ ...job, attempt: job.attempt + 1 })
    }, this.cfg.retryMs * 2 ** (job.attempt - 1))
    timer.unref()
    this.timers.add(timer)
  }

  private count(result: NoticeResult): void {
    this.metric.inc({ result })
  }
}
