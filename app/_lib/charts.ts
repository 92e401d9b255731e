// Pure shaping for the overview charts: counts from the engine (orgs.overview) in, ready-to-draw
// arrays out, each bar carrying the grants-table link that lists exactly its grants (where the
// filter vocabulary can say so; `linkNote` says when the table shows a wider set).
import { toGrantSearchParams, type GrantFilter, type GrantQuery } from "../../model/grant-filter.ts";
import type { GrantSummary, GrantSummaryBounds } from "../../bot/orgs/verbs.ts";

const DAY_MS = 86_400_000;

export type Bar = { key: string; label: string; count: number; href: string; linkNote?: string };
export type StackedBar = { key: string; label: string; write: number; admin: number; href: string };
export type TrendPoint = { date: string; activeGrants: number | null };

export function grantsHref({ org, filter = {}, sort, direction }: {
  org: string; filter?: GrantFilter; sort?: GrantQuery["sort"]; direction?: GrantQuery["direction"];
}): string {
  const qs = toGrantSearchParams({ filter, sort, direction }).toString();
  return `/orgs/${encodeURIComponent(org)}/grants${qs ? `?${qs}` : ""}`;
}

export function shapeLastUse({ org, summary, bounds }: { org: string; summary: GrantSummary; bounds: GrantSummaryBounds }): Bar[] {
  const bar = (key: string, label: string, count: number, filter: GrantFilter): Bar => ({ key, label, count, href: grantsHref({ org, filter, sort: "last-used" }) });
  return [
    bar("7d", "≤ 7 days", summary.used7, { lastUsedAfter: bounds.used7 }),
    bar("30d", "8–30 days", summary.used30, { lastUsedAfter: bounds.used30, lastUsedBefore: bounds.used7 }),
    bar("90d", "31–90 days", summary.used90, { lastUsedAfter: bounds.used90, lastUsedBefore: bounds.used30 }),
    bar("older", "> 90 days", summary.usedOlder, { lastUsedBefore: bounds.used90 }),
    bar("never", "Never used", summary.neverUsed, { neverUsed: true }),
  ];
}

export function shapeExpiry({ org, summary }: { org: string; summary: GrantSummary }): Bar[] {
  const href = (filter: GrantFilter) => grantsHref({ org, filter, sort: "expires", direction: "asc" });
  return [
    { key: "expired", label: "Expired", count: summary.expired, href: href({ expired: true }) },
    { key: "7d", label: "≤ 7 days", count: summary.expires7, href: href({ expiringWithin: 7 }) },
    {
      key: "30d", label: "8–30 days", count: summary.expires30, href: href({ expiringWithin: 30 }),
      linkNote: "The table lists every grant expiring within 30 days, including the next 7.",
    },
    {
      key: "later", label: "Later", count: summary.expiresLater, href: href({}),
      linkNote: "The table lists all grants, soonest expiry first.",
    },
    { key: "none", label: "No expiry", count: summary.noExpiry, href: href({ noExpiry: true }) },
  ];
}

export function shapeSelection({ org, summary }: { org: string; summary: GrantSummary }): Bar[] {
  const bar = (key: "all" | "subset" | "none", label: string, count: number): Bar => ({
    key, label, count, href: grantsHref({ org, filter: { selection: [key] } }),
  });
  return [
    bar("all", "All repositories", summary.selectionAll),
    bar("subset", "Selected repositories", summary.selectionSubset),
    bar("none", "Public repositories only", summary.selectionNone),
  ];
}

/** Split "write or higher" into write-only and admin so the stack adds up to the holders. */
export function shapeTopPermissions({ org, rows, limit = 10 }: {
  org: string; rows: { name: string; writeOrHigher: number; admin: number }[]; limit?: number;
}): StackedBar[] {
  return [...rows]
    .sort((a, b) => b.writeOrHigher - a.writeOrHigher || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((r) => ({
      key: r.name,
      label: r.name,
      write: Math.max(0, r.writeOrHigher - r.admin),
      admin: r.admin,
      href: grantsHref({ org, filter: { permission: [{ name: r.name, level: "write" }] } }),
    }));
}

export function shapeTopOwners({ org, rows, limit = 10 }: { org: string; rows: { login: string; grants: number }[]; limit?: number }): Bar[] {
  return [...rows]
    .sort((a, b) => b.grants - a.grants || a.login.localeCompare(b.login))
    .slice(0, limit)
    .map((r) => ({ key: r.login, label: r.login, count: r.grants, href: grantsHref({ org, filter: { owner: [r.login.toLowerCase()] } }) }));
}

const dayKey = (d: Date) => d.toISOString().slice(0, 10);

/**
 * One point per UTC day for the last `days` days (today included): the last count recorded that
 * day, else the previous day's (the inventory did not change without a sync), else null before
 * the first sync in range — unless an earlier sync is given as `before`.
 */
export function shapeTrend({ points, now, days = 30, before }: {
  points: { at: Date; activeGrants: number }[]; now: Date; days?: number; before?: number | null;
}): TrendPoint[] {
  const lastOfDay = new Map<string, number>();
  for (const p of [...points].sort((a, b) => a.at.getTime() - b.at.getTime())) lastOfDay.set(dayKey(p.at), p.activeGrants);
  const out: TrendPoint[] = [];
  let carry: number | null = before ?? null;
  for (let i = days - 1; i >= 0; i--) {
    const date = dayKey(new Date(now.getTime() - i * DAY_MS));
    carry = lastOfDay.get(date) ?? carry;
    out.push({ date, activeGrants: carry });
  }
  return out;
}

/** A line needs two days with a count; fewer draws a lone dot (or nothing), so the panel says why instead. */
export const TREND_MIN_DAYS = 2;

export function trendEmptyState(points: TrendPoint[]): string | null {
  const known = points.filter((p) => p.activeGrants !== null).length;
  if (known >= TREND_MIN_DAYS) return null;
  if (known === 0) return `No successful sync in the last ${points.length} days. The line appears after syncs on ${TREND_MIN_DAYS} different days.`;
  return `Not enough history yet: syncs on one day so far. The line appears after syncs on ${TREND_MIN_DAYS} different days.`;
}

export function hasAnyData(bars: { count: number }[]): boolean {
  return bars.some((b) => b.count > 0);
}
