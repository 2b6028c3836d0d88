// @ts-check
// Keeps a Node process (and, through NODE_OPTIONS, every Node process it starts) off the network:
// any TCP connection to an address other than this machine fails at once, as a network error, before
// DNS is asked. The check and the tests run miniprogram-ci, which calls WeChat's servers on its own
// (an allow-list of file types, the project's attributes); with this loaded nothing can reach them,
// however the machine is connected. Plain CommonJS so that `node --require` can load it anywhere.
'use strict'
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a `--require` preload is CommonJS
const net = require('node:net')

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|::ffff:127(\.\d{1,3}){3}|0\.0\.0\.0)$/i
/** @type {string[]} every host:port a connection was refused to, in order */
const blocked = []

/**
 * Host and port of a Socket#connect call, in any of its forms; null for a local (IPC) socket.
 * @param {unknown[]} args
 * @returns {{ host: string, port: string } | null}
 */
function target(args) {
  // net.connect() passes its normalized [options, callback] pair as the first argument.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0]
  if (first && typeof first === 'object') {
    const options = /** @type {{ path?: unknown, host?: unknown, port?: unknown }} */ (first)
    // Node itself takes a truthy `path` as a local socket (https leaves `path: null` on TCP ones).
    if (options.path) return null
    return { host: String(options.host ?? 'localhost'), port: String(options.port) }
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return null
  return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: String(first) }
}

const connect = net.Socket.prototype.connect
/** @this {import('node:net').Socket} @param {...unknown} args */
function guardedConnect(...args) {
  const to = target(args)
  if (to === null || LOOPBACK.test(to.host.replace(/^\[|\]$/g, ''))) return Reflect.apply(connect, this, args)
  blocked.push(`${to.host}:${to.port}`)
  const error = Object.assign(new Error(`connect ENETUNREACH ${to.host}:${to.port} (offline: refused by tools/weixin/offlineGuard.cjs)`), { code: 'ENETUNREACH' })
  process.nextTick(() => this.destroy(error))
  return this
}
net.Socket.prototype.connect = /** @type {typeof connect} */ (/** @type {unknown} */ (guardedConnect))

module.exports = { blocked }
