/** How the HTTP layer protects itself and the machine it runs on; each is set by an environment variable (config.ts). */
export interface ServeOptions {
  /** Largest request body accepted; bigger ones get 413. A question with a long conversation is a few KiB. */
  maxBodyBytes: number;
  /** A request not answered within this gets 504; an event stream only has to have started by then. */
  requestTimeoutMs: number;
  /** Requests one client may make per minute, in bursts up to the same number; 0 turns rate limiting off. */
  rateLimitPerMinute: number;
  /**
   * Reverse proxies in front of the server whose X-Forwarded-For entries are believed. 0 (the default) ignores
   * the header and counts requests by the connection's address; only raise it when clients cannot reach the
   * server except through those proxies, or they could claim any address.
   */
  trustedProxies: number;
  /** Origins (`https://example.org`) whose pages may call the API; `*` for any; empty for none (same-origin only). */
  corsOrigins: string[];
}

/**
 * 600 a minute lets a person using the chat (a handful of requests per question) and a script making several
 * requests a second through, and stops a loop hammering the server.
 */
export const DEFAULT_SERVE_OPTIONS: ServeOptions = {
  maxBodyBytes: 16 * 1024,
  requestTimeoutMs: 15_000,
  rateLimitPerMinute: 600,
  trustedProxies: 0,
  corsOrigins: [],
};
