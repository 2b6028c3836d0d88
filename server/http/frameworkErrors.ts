// Replies Fastify makes before any route runs (a URL it cannot decode, a request the HTTP parser
// rejects) in the protocol's { code, message } shape. Neither echoes the request: its URL may
// carry a token.
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyReply, FastifyServerOptions } from 'fastify'
import { ErrorCode } from '@liveroom/protocol/errors'
import { errorReply } from './errors.ts'

function clientErrorStatus(code: string | undefined): number {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408
  if (code === 'HPE_HEADER_OVERFLOW') return 431
  return 400
}

/** A complete HTTP/1.1 error response with a coded JSON body, for writing straight to a socket. */
export function rawErrorResponse(status: number): string {
  const body = JSON.stringify(errorReply(ErrorCode.BAD_REQUEST, `malformed HTTP request (${STATUS_CODES[status]})`))
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  )
}

export const frameworkErrorOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors: (_error, _request, reply) => {
    // The option's reply type is bound to no route schema; ours is a plain reply.
    const plain = reply as unknown as FastifyReply
    void plain.code(400).type('application/json; charset=utf-8').send(errorReply(ErrorCode.BAD_REQUEST, 'the URL cannot be decoded'))
  },
  clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return
    socket.end(rawErrorResponse(clientErrorStatus(error.code)))
  },
}
