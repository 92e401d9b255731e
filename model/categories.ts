// What the words mean: stale, never used, expired, expiring, no expiry, long lived, owner left,
// all repositories with write, high risk — with their defaults. In SQL they are written once in
// db/queries/category-conditions.ts (the grants filter, overview, snapshots and reports use it);
// these predicates are the same rules for one grant in memory (policy rules, risk reasons), and
// test/categories/one-truth.test.ts holds every surface to the same count.
import { HIGH_RISK } from "./risk.ts";

export const DAY_MS = 86_400_000;
/** Not used for this many days, or never used and granted this long ago (product default). */
export const STALE_DAYS = 90;
/** "Expiring soon" in reports and policies' warnings. */
export const EXPIRING_DAYS = 14;
/** A lifetime longer than this (or none) is "long expiry". */
export const LONG_EXPIRY_DAYS = 366;

type Expiry = { tokenExpired: boolean; tokenExpiresAt: Date | null };
type Use = { tokenLastUsedAt: Date | null; accessGrantedAt: Date };

export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/** GitHub's flag at the last sync, or the date has passed since. */
export function isExpired(g: Expiry, now: Date): boolean {
  return g.tokenExpired || (g.tokenExpiresAt !== null && g.tokenExpiresAt <= now);
}

/** Not expired, and expires within `days`. */
export function isExpiringWithin(g: Expiry, now: Date, days: number): boolean {
  return !isExpired(g, now) && g.tokenExpiresAt !== null && g.tokenExpiresAt.getTime() <= now.getTime() + days * DAY_MS;
}

/** Last used before the cutoff, or never used and granted before it. */
export function isStale(g: Use, now: Date, days = STALE_DAYS): boolean {
  return (g.tokenLastUsedAt ?? g.accessGrantedAt) < daysBefore(now, days);
}

export const isNeverUsed = (g: { tokenLastUsedAt: Date | null }) => g.tokenLastUsedAt === null;
/** No expiry date, and GitHub does not call it expired: an expired token is "expired", never "no expiry". */
export const hasNoExpiry = (g: Expiry) => !g.tokenExpired && g.tokenExpiresAt === null;
/** Reaches all repositories with any repository permission at write or admin. */
export function isAllReposWrite(g: { repositorySelection: string; permissions: { repository?: Record<string, string> } }): boolean {
  return g.repositorySelection === "all" && Object.values(g.permissions.repository ?? {}).some((level) => level === "write" || level === "admin");
}
/** null membership means "not known yet" (never synced), which is not "left". */
export const ownerLeft = (g: { ownerIsMember: boolean | null }) => g.ownerIsMember === false;
export const isHighRisk = (g: { riskScore: number }) => g.riskScore >= HIGH_RISK;
