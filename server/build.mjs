// Compiles the room service to JavaScript for production: `npm run build:server` writes
// server/dist/main.js (the service) and server/dist/nmsChild.js (the embedded media server's
// process, forked from beside main.js). The wire-protocol package is TypeScript and is bundled in;
// the runtime dependencies stay in node_modules, installed by `npm ci --omit=dev`.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = path.dirname(fileURLToPath(import.meta.url))
const outdir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(here, 'dist')
const { dependencies } = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'))

await build({
  entryPoints: { main: path.join(here, 'main.ts'), nmsChild: path.join(here, 'media', 'nmsChild.ts') },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !name.startsWith('@liveroom/')),
  // Modules loaded only when configured (the Redis store, the Tencent Cloud SDK) stay in chunks of
  // their own, so a service that does not use them does not load them.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  logLevel: 'warning',
})
console.log(`room service built: ${path.relative(process.cwd(), outdir) || '.'}/main.js`)
