/** How the HTTP layer protects itself and the machine it runs on; each is set by an environment variable (config.ts). */
export interface ServeOptions {
  /** Largest request body accepted; bigger ones get 413. A question with a long conversation is a few KiB. */
  maxBodyBytes: number;
  /** A request not answered within this gets 504; an event stream only has to have started by then. */
  requestTimeoutMs: number;
  /** Requests one client may make per minute, sustained; 0 turns rate limiting off. */
  rateLimitPerMinute: number;
  /**
   * Requests one client may make at once before the per-minute rate paces it (the token bucket's size). Kept a
   * small share of the rate: a burst of a whole minute's allowance, every request a question for the model,
   * keeps both cores of a small machine busy for seconds. From 1 to rateLimitPerMinute (config.ts enforces it).
   */
  rateLimitBurst: number;
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
 * 600 a minute, 20 at once. A person using the chat makes a handful of requests at once: the page loading (the
 * page, its script and style sheet, the statistics, a linked paragraph) or a question with the sources they
 * open (the answer and a few paragraphs); 20 holds either three times over, and a bucket spent refills in 2 s.
 * A script making several requests a second stays under the 10 a second that refill them, so it never waits.
 * A loop hammering the server gets 20 requests in, a fraction of a second of model work, then one every 100 ms.
 */
export const DEFAULT_SERVE_OPTIONS: ServeOptions = {
  maxBodyBytes: 16 * 1024,
  requestTimeoutMs: 15_000,
  rateLimitPerMinute: 600,
  rateLimitBurst: 20,
  trustedProxies: 0,
  corsOrigins: [],
};
