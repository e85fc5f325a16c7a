import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * What the page may load: only its own scripts, styles and API, never inline code, and it may not be framed.
 * Inline `data:` images are allowed for small icons. The page builds its DOM with createElement/textContent,
 * so nothing it renders from the corpus or the user could run even if this policy were absent.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
};

/**
 * Security headers on every response, API and page alike: the CSP above, nosniff, no referrer, no framing.
 * HSTS is left out: the server is meant to run locally over plain HTTP, where the header means nothing, and
 * behind an HTTPS proxy that proxy is the place to set it (a stray HSTS on localhost sticks to every local port).
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    referrerPolicy: 'no-referrer',
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    strictTransportSecurity: false,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });
}
