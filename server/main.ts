// Entry point: read the environment, open the store, listen; close cleanly on SIGTERM/SIGINT.
import { buildApp, DEV_LOGIN_WARNING } from './app.ts'
import { ConfigError, loadConfig, type Config } from './config.ts'
import { createStore } from './store/index.ts'

async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig(process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`room service: ${err.message}\n`)
      process.exit(1)
    }
    throw err
  }

  // Whatever LOG_LEVEL says: this one must not be missed.
  if (config.devLogin) process.stderr.write(`room service: ${DEV_LOGIN_WARNING}\n`)

  const store = await createStore(config)
  const app = await buildApp({ config, store })
  app.log.info(
    {
      store: config.redisUrl ? 'redis' : 'sqlite',
      dataDir: config.redisUrl ? undefined : config.dataDir,
      streams: config.media ? 'embedded media server' : config.streams.mode,
      mix: Boolean(config.mix),
      wechatLogin: Boolean(config.wechat),
      anchorTimeoutS: config.anchorTimeoutS,
    },
    'room service starting',
  )

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    app
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, 'shutdown failed')
          process.exit(1)
        },
      )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))

  try {
    await app.listen({ port: config.port, host: config.host })
  } catch (err) {
    app.log.error({ err }, 'cannot listen')
    await app.close().catch(() => undefined)
    await store.close()
    process.exit(1)
  }
  if (config.media && config.streams.mode === 'rtmp') {
    const { publicHost, rtmpPort, httpPort } = config.media
    process.stdout.write(
      `\nMedia server (embedded): RTMP ${config.streams.pushBase} (port ${rtmpPort}), HTTP-FLV ${config.streams.httpPlayBase} (port ${httpPort})\n` +
        (publicHost === '127.0.0.1' || publicHost === 'localhost'
          ? 'Only this machine can reach it: for a phone on the LAN start with HOST=0.0.0.0.\n\n'
          : `A phone on the LAN uses ${publicHost}: room service http://${publicHost}:${config.port}\n\n`),
    )
  }
}

void main()
