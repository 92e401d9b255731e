// In-memory token buckets per client IP, for the sign-in routes and the webhook endpoint. One
// process serves everything, so memory is the right place; a restart forgets, which is harmless.
import type { IncomingMessage } from "node:http";

export type RateLimiter = {
  /** Takes one token for `key`; when none is left, says how many seconds until one is. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
};

/** Buckets that refilled to full are dropped once the map grows past this, so idle IPs cost nothing. */
const SWEEP_AT = 10_000;

/** `perMinute` tokens refill evenly over a minute; a bucket holds at most `burst` (default perMinute). */
export function createRateLimiter({ perMinute, burst = perMinute, now = () => Date.now() }: {
  perMinute: number; burst?: number; now?: () => number;
}): RateLimiter {
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (b: { tokens: number; at: number }, t: number) => Math.min(burst, b.tokens + (t - b.at) * perMs);
  return {
    take(key) {
      if (perMinute <= 0) return { ok: true };
      const t = now();
      if (buckets.size >= SWEEP_AT) {
        for (const [k, b] of buckets) if (level(b, t) >= burst) buckets.delete(k);
      }
      const bucket = buckets.get(key) ?? { tokens: burst, at: t };
      bucket.tokens = level(bucket, t);
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}

/**
 * The socket's address. X-Forwarded-For is not trusted: anyone can send it, and trusting it would
 * let a client pick a fresh bucket per request. Behind a proxy every client shares the proxy's bucket,
 * so raise the limits there (or rate limit at the proxy).
 */
export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}
