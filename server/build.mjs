// Compiles the room service to JavaScript for production: `npm run build:server` writes
// server/dist/main.js (the service) and server/dist/nmsChild.js (the embedded media server's
// process, forked from beside main.js), one file each with their dependencies: launching reads
// two files instead of resolving hundreds of modules (with the media server, /healthz answered
// after about 1.5 s instead of 2.3 s on a busy 2-core machine). Left out, and installed by
// `npm ci --omit=dev`: better-sqlite3 (a native addon), and the Redis client and the Tencent Cloud
// SDK, which are loaded only when configured.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = path.dirname(fileURLToPath(import.meta.url))
const outdir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(here, 'dist')
const { dependencies } = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'))
const external = ['better-sqlite3', 'ioredis', 'tencentcloud-sdk-nodejs-common']
for (const name of external) if (!(name in dependencies)) throw new Error(`build.mjs: ${name} is not a dependency of the room service`)

await build({
  entryPoints: { main: path.join(here, 'main.ts'), nmsChild: path.join(here, 'media', 'nmsChild.ts') },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  // Modules loaded only when configured stay in chunks of their own.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies bundled into an ES module still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __liveroomRequire } from 'node:module'; const require = __liveroomRequire(import.meta.url);" },
  sourcemap: true,
  logLevel: 'warning',
})
console.log(`room service built: ${path.relative(process.cwd(), outdir) || '.'}/main.js`)
