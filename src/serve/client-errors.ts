import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ServerType } from '@hono/node-server';
import { errorBody } from './schemas.js';

/** What Node's parser failures mean to the client, by the error code Node gives them. */
function describeClientError(code: string | undefined): { status: number; body: ReturnType<typeof errorBody> } {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, body: errorBody('headers_too_large', 'The request line and headers must be at most 16 KiB') };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, body: errorBody('request_timeout', 'The request took too long to arrive') };
  }
  return { status: 400, body: errorBody('invalid_request', 'The request is not valid HTTP') };
}

/**
 * Requests Node's HTTP parser rejects never reach Hono (an over-long URL or header, a malformed request line),
 * and Node would answer them with a bare status line. This answers them with the API's JSON error shape and
 * the headers that matter for a response no page will render, as Node does only while nothing has been
 * written on the connection yet; otherwise the connection is just closed.
 */
export function answerClientErrorsAsJson(server: ServerType): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) => {
    if (error.code === 'ECONNRESET' || !socket.writable || (socket.bytesWritten ?? 0) > 0) {
      socket.destroy();
      return;
    }
    const { status, body } = describeClientError(error.code);
    const json = JSON.stringify(body);
    socket.end(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(json)}`,
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'",
        'X-Content-Type-Options: nosniff',
        'Referrer-Policy: no-referrer',
        'Connection: close',
        '',
        json,
      ].join('\r\n'),
    );
  });
}
