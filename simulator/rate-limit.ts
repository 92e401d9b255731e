// Primary rate limits per caller: 5000 points an hour per installation, the window opening at
// first use (simulator clock). Every non-304 authenticated call costs 1, POSTs included (GitHub's
// secondary-limit POST weighting is not modelled); faults can simulate secondary limits.
import { basicError } from "./http-util.ts";
import type { Principal } from "./auth.ts";
import type { RateBucket, SimState } from "./types.ts";

const HOUR = 3_600_000;
const DEFAULT_LIMIT = 5000;


export function bucketKey(principal: Principal | null): string | null {
  if (!principal) return null;
  if (principal.kind === "installation") return `installation:${principal.installationId}`;
  if (principal.kind === "user") return `user:${principal.userId}`;
  return "app";
}

function bucketFor(state: SimState, key: string): RateBucket {
  let bucket = state.rateLimits.get(key);
  if (!bucket) state.rateLimits.set(key, (bucket = { limit: DEFAULT_LIMIT, used: 0, resetAt: null }));
  if (bucket.resetAt !== null && state.now().getTime() >= bucket.resetAt) {
    bucket.used = 0;
    bucket.resetAt = null;
  }
  return bucket;
}

export type RateLimitStatus = { limit: number; remaining: number; used: number; resetAt: Date };

export function readRateLimit(state: SimState, key: string): RateLimitStatus {
  const b = bucketFor(state, key);
  const resetAt = b.resetAt ?? state.now().getTime() + HOUR;
  return { limit: b.limit, remaining: Math.max(0, b.limit - b.used), used: b.used, resetAt: new Date(resetAt) };
}

export function rateLimitHeaders(state: SimState, key: string): Record<string, string> {
  const s = readRateLimit(state, key);
  return {
    "x-ratelimit-limit": String(s.limit),
    "x-ratelimit-remaining": String(s.remaining),
    "x-ratelimit-used": String(s.used),
    "x-ratelimit-reset": String(Math.ceil(s.resetAt.getTime() / 1000)),
    "x-ratelimit-resource": "core",
  };
}

/** Throws GitHub's 403 when the caller has nothing left in this window. */
export function assertWithinRateLimit(state: SimState, key: string, principal: Principal): void {
  if (readRateLimit(state, key).remaining > 0) return;
  const who = principal.kind === "installation" ? `installation ID ${principal.installationId}` : principal.kind === "user" ? "user" : "app";
  throw basicError({
    status: 403,
    message: `API rate limit exceeded for ${who}.`,
    docs: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit",
    headers: rateLimitHeaders(state, key),
  });
}

export function spendRateLimit(state: SimState, key: string): void {
  const b = bucketFor(state, key);
  b.used += 1;
  if (b.resetAt === null) b.resetAt = state.now().getTime() + HOUR;
}

function toMs(value: Date | string | number): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number") return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`resetAt: not a date: ${value}`);
  return ms;
}

export type RateLimitPatch = { limit?: number; remaining?: number; resetAt?: Date | string | number };

export function setRateLimit(state: SimState, key: string, patch: RateLimitPatch): RateLimitStatus {
  const b = bucketFor(state, key);
  if (patch.limit !== undefined) b.limit = patch.limit;
  if (patch.remaining !== undefined) b.used = b.limit - patch.remaining;
  if (patch.resetAt !== undefined) b.resetAt = toMs(patch.resetAt);
  return readRateLimit(state, key);
}
