import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';

/**
 * How much of a body nobody wants the server reads and drops to keep its connection open for the client's next
 * request: 64 bodies of the default limit, and more than a chat client ever sends by mistake. Reading and
 * dropping it takes milliseconds on any link a person would use; a longer body is cut off instead (Go's
 * net/http does the same beyond 256 KiB). Range: from MAX_BODY_BYTES's default up to a few MiB; more only makes a
 * client that sends megabytes hold the connection longer.
 */
const DISCARD_MAX_BYTES = 1024 * 1024;

/**
 * How long the answer may wait for the rest of an unwanted body to arrive. A client that slow reconnects sooner
 * than it would finish sending, so past this the connection is closed instead. Range: a few hundred
 * milliseconds to a few seconds; the answer is held back by up to this much.
 */
const DISCARD_MAX_MS = 1000;

export interface LimitBodyOptions {
  maxBytes: number;
  /** The answer to a body over the limit. */
  onTooLarge: (c: Context) => Response | Promise<Response>;
}

/**
 * Refuses a body over `maxBytes`: by its Content-Length before reading it, or, sent without one, as soon as
 * the bytes read pass the limit. A body within the limit sent without a length is kept in memory for the
 * handler. Hono's bodyLimit does the same, but keeps the stream locked when it refuses a body sent without a
 * length, so nothing could read the rest of it and the connection could not be kept (see discardUnreadBody).
 *
 * @example
 * app.use(limitBody({ maxBytes: 16 * 1024, onTooLarge: (c) => c.json({ error: 'too large' }, 413) }));
 */
export function limitBody({ maxBytes, onTooLarge }: LimitBodyOptions): MiddlewareHandler {
  return async function limitBodyMiddleware(c, next) {
    const length = c.req.header('Content-Length');
    // With both, the length is not what frames the body (Node refuses that request before it gets here anyway).
    if (length !== undefined && c.req.header('Transfer-Encoding') === undefined) {
      return Number(length) > maxBytes ? onTooLarge(c) : next();
    }
    const body = c.req.raw.body;
    if (body === null) return next();
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.releaseLock();
        return onTooLarge(c);
      }
      chunks.push(value);
    }
    c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks, size) });
    return next();
  };
}

/**
 * Reads and drops what is left of `body`: true when it ends within DISCARD_MAX_BYTES and DISCARD_MAX_MS, false
 * when it does not or the client goes away.
 */
async function discardRest(body: ReadableStream<Uint8Array>): Promise<boolean> {
  const reader = body.getReader();
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<'out of time'>((resolve) => (timer = setTimeout(resolve, DISCARD_MAX_MS, 'out of time')));
  try {
    for (let bytes = 0; bytes <= DISCARD_MAX_BYTES; ) {
      // A read still pending when time runs out ends in an error once the connection closes; race() handles it.
      const result = await Promise.race([reader.read(), outOfTime]);
      if (result === 'out of time') return false;
      if (result.done) return true;
      bytes += result.value.byteLength;
    }
    return false;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Keeps a connection usable after an answer given before the request's body was read to its end: a 413, 415,
 * 429, 503, 504 or any other answer that did not need the body. On a keep-alive connection the client's next
 * request follows that body, so it can only be read once the body has been. @hono/node-server reads bodies
 * through a web stream that pauses the socket whenever nobody reads from it; after such an answer nobody does,
 * and @hono/node-server gives up waiting for the body 500 ms after the answer and closes the connection, losing
 * the next request the client has sent on it meanwhile.
 *
 * So before such an answer goes out, the rest of the body is read and dropped, within DISCARD_MAX_BYTES and
 * DISCARD_MAX_MS; a body longer or slower than that, or one a handler is still reading (a 504 while it
 * arrives), gets `Connection: close` on the answer instead: the client then sends its next request on a new
 * connection, and Node closes this one once the answer is out.
 *
 * Registered first, so that it sees the answer whichever middleware or error handler gave it.
 *
 * @example
 * const app = new Hono();
 * app.use(discardUnreadBody());
 */
export function discardUnreadBody(): MiddlewareHandler {
  return async function discardUnreadBodyMiddleware(c, next) {
    await next();
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
    // In-process requests (app.request in tests) have no connection to keep.
    if (incoming === undefined || incoming.readableEnded) return;
    // @hono/node-server gives a GET or HEAD no body stream, and Node drops a body sent with one itself, as nothing
    // reads it. Asking for the stream would build the whole Request that @hono/node-server avoids building.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return;
    const body = c.req.raw.body;
    if (body === null) return;
    const tooLongToDiscard = Number(c.req.header('Content-Length') ?? 0) > DISCARD_MAX_BYTES;
    if (body.locked || tooLongToDiscard || !(await discardRest(body))) c.header('Connection', 'close');
  };
}
