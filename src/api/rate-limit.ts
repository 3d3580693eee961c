/**
 * A per-client token bucket: each client (by address) holds up to `burst` tokens, refilled at
 * `perSecond` a second; a request takes one. Pure bookkeeping with an injectable clock; it must not
 * decide who a client is (the app does) or block (it only answers yes, or how long to wait).
 */

export interface RateLimitOptions {
  /** Tokens added a second (0: no limit). */
  perSecond: number;
  /** Most tokens a client can hold: the largest burst of requests. */
  burst: number;
  /** Milliseconds, for tests. */
  now?: () => number;
  /** Clients remembered before full buckets are forgotten. */
  maxClients?: number;
}

export interface RateLimiter {
  /** Takes a token for `client`: 0 when allowed, else the seconds to wait before the next one. */
  take(client: string): number;
}

export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const now = options.now ?? Date.now;
  const maxClients = options.maxClients ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (bucket: { tokens: number; at: number }, time: number): void => {
    bucket.tokens = Math.min(options.burst, bucket.tokens + ((time - bucket.at) / 1000) * options.perSecond);
    bucket.at = time;
  };
  return {
    take(client) {
      if (options.perSecond <= 0) return 0;
      const time = now();
      let bucket = buckets.get(client);
      if (!bucket) {
        if (buckets.size >= maxClients) {
          for (const [key, other] of buckets) {
            refill(other, time);
            if (other.tokens >= options.burst) buckets.delete(key);
          }
        }
        bucket = { tokens: options.burst, at: time };
        buckets.set(client, bucket);
      } else {
        refill(bucket, time);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / options.perSecond));
    },
  };
}
