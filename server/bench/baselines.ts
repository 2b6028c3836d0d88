// What the room service is measured against, in the same process and run:
//   - bare: node:http answering the very bytes the service answered (the most any Node server can do),
//   - ceiling: Fastify, parsing the JSON body and doing one SQLite UPDATE per request before it
//     answers the same bytes (the least a Fastify service that writes per request does).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import Fastify, { type FastifyInstance } from 'fastify'

/** A reply to give back: by URL path (the query is ignored). */
export type CannedReplies = Map<string, { type: string; body: Buffer }>

export interface Baseline {
  port: number
  close(): Promise<void>
}

export async function startBare(canned: CannedReplies): Promise<Baseline> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const reply = canned.get((req.url ?? '').split('?')[0])
      if (!reply) {
        res.writeHead(404)
        res.end()
        return
      }
      res.writeHead(200, { 'content-type': reply.type, 'content-length': reply.body.length })
      res.end(reply.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export async function startCeiling(canned: CannedReplies, dir: string): Promise<Baseline> {
  const db = new Database(path.join(dir, 'ceiling.sqlite'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  db.exec('CREATE TABLE beats (id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID; INSERT INTO beats VALUES (\'x\', 0)')
  const update = db.prepare<[number, string]>('UPDATE beats SET at = ? WHERE id = ?')
  const app: FastifyInstance = Fastify({ logger: false })
  app.post('/*', async (request, reply) => {
    update.run(Date.now(), 'x')
    const canned1 = canned.get(request.url.split('?')[0])
    if (!canned1) return reply.code(404).send()
    return reply.type(canned1.type).send(canned1.body)
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    port: (app.server.address() as AddressInfo).port,
    close: async () => {
      await app.close()
      db.close()
    },
  }
}
