// The `sweeper` plugin: applies heartbeat expiry every SWEEP_INTERVAL_S while the app runs, so
// rooms nobody reads still close (reads apply it themselves).
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { RoomService } from './service.ts'

export interface SweeperOptions {
  rooms: RoomService
  intervalMs: number
}

const sweeper: FastifyPluginAsync<SweeperOptions> = async (app, { rooms, intervalMs }) => {
  let timer: NodeJS.Timeout | undefined
  // A sweep slower than the interval is not overlapped by the next one.
  let running = false
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      if (running) return
      running = true
      rooms
        .sweep()
        .then((r) => {
          if (r.closedRooms.length > 0 || r.removedPushers.length > 0 || r.removedAudience.length > 0) {
            app.log.info(r, 'expired by heartbeat timeout')
          }
        })
        .catch((err: unknown) => app.log.error({ err }, 'sweep failed'))
        .finally(() => {
          running = false
        })
    }, intervalMs)
    timer.unref()
  })
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer)
  })
}

export default fp(sweeper, { name: 'sweeper' })
