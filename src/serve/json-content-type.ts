import type { MiddlewareHandler } from 'hono';
import { errorBody } from './schemas.js';

/** `application/json` or a `+json` type, parameters aside: what Hono's JSON validator reads. */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * 415 for a body that is not declared as JSON. Without it Hono's validator skips a body of another type and
 * the request fails as if the question were missing, which sends a client looking for the wrong mistake.
 */
export function requireJsonContentType(): MiddlewareHandler {
  return async function requireJsonContentTypeMiddleware(c, next) {
    const contentType = c.req.header('Content-Type');
    const mediaType = contentType?.split(';')[0]?.trim() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      const given = contentType === undefined ? 'no Content-Type' : `Content-Type ${JSON.stringify(contentType.slice(0, 100))}`;
      return c.json(errorBody('unsupported_media_type', `The body must be JSON, sent with Content-Type: application/json (got ${given})`), 415);
    }
    await next();
  };
}
