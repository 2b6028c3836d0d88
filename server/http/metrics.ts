// GET /metrics in Prometheus' text format: requests by route and status, their latency, what the
// store holds, store errors, live media streams, and the process's own figures. One registry per
// app (tests build many). The `metrics` plugin: not encapsulated, its hooks see every request.
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client'
import type { MediaEvents } from '../media/events.ts'
import { StoreError, type RoomStore } from '../store/types.ts'

export interface MetricsOptions {
  store: RoomStore
  media: MediaEvents
  /** Metrics other parts keep (the text checks'), served here too. */
  extra?: readonly Metric[]
}

const metrics: FastifyPluginAsync<MetricsOptions> = async (app, { store, media, extra = [] }) => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'liveroom_' })
  for (const m of extra) registry.registerMetric(m)

  const requests = new Counter({
    name: 'liveroom_http_requests_total',
    help: 'Requests answered, by route and HTTP status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  })
  const latency = new Histogram({
    name: 'liveroom_http_request_duration_seconds',
    help: 'Time to answer, by route',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  })
  const storeErrors = new Counter({ name: 'liveroom_store_errors_total', help: 'Calls failed by the store', registers: [registry] })
  new Gauge({
    name: 'liveroom_store_items',
    help: 'What the store holds: rooms, live rooms, pushers, audience members',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      try {
        const c = await store.counts()
        this.set({ kind: 'rooms' }, c.rooms)
        this.set({ kind: 'live_rooms' }, c.liveRooms)
        this.set({ kind: 'pushers' }, c.pushers)
        this.set({ kind: 'audience' }, c.audience)
      } catch {
        storeErrors.inc()
      }
    },
  })
  new Gauge({
    name: 'liveroom_media_live_streams',
    help: 'Streams the media server reports published',
    registers: [registry],
    collect() {
      this.set(media.liveCount)
    },
  })

  // The series of each route and status, looked up once: hashing the labels on every request
  // cost as much as the rest of the hook.
  const series = new Map<string, { requests: Counter.Internal; latency: Histogram.Internal<'route'> }>()
  app.addHook('onResponse', async (request, reply) => {
    // The route's pattern, never its URL: a URL carries user IDs and tokens.
    const route = request.routeOptions.url ?? 'unknown'
    const key = `${reply.statusCode} ${route}`
    let s = series.get(key)
    if (!s) {
      s = { requests: requests.labels({ route, status: String(reply.statusCode) }), latency: latency.labels({ route }) }
      series.set(key, s)
    }
    s.requests.inc()
    s.latency.observe(reply.elapsedTime / 1000)
  })
  app.addHook('onError', async (_request, _reply, err) => {
    if (err instanceof StoreError) storeErrors.inc()
  })

  app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics())
  })
}

// `errors`: /metrics is a route, and a route keeps the error handler set before it.
export default fp(metrics, { name: 'metrics', dependencies: ['errors'] })
