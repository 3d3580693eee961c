/** The API's request limits and their defaults (no imports: `dateline serve` reads the defaults for its help text without loading the app). */

export interface ApiLimits {
  /** Largest request body, in bytes. */
  bodyBytes: number;
  /** Requests a second each client may make to /api, on average (0: no limit). */
  ratePerSecond: number;
  /** Requests a client may make at once before the average applies. */
  burst: number;
  /** Wall-clock budget for extracting one posted article, in ms. */
  extractMillis: number;
  /**
   * How long a GET /api answer may be given again from memory, in ms (0: never). Writes through
   * this app clear it; writes by other processes (an ingest run) show after at most this long.
   */
  cacheMillis: number;
}

export const defaultApiLimits: ApiLimits = { bodyBytes: 2 * 1024 * 1024, ratePerSecond: 20, burst: 100, extractMillis: 10_000, cacheMillis: 0 };
