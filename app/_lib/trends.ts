// Pure shaping for the overview's history charts: daily inventory snapshots and weekly revocation
// counts in, ready-to-draw series out. Shares are percentages of that day's active grants.
const DAY_MS = 86_400_000;

export type SnapshotCounts = { day: string; activeGrants: number; staleGrants: number; noExpiryGrants: number };
export type SnapshotPoint = { date: string; activeGrants: number; staleShare: number | null; noExpiryShare: number | null };
export type WeekPoint = { week: string; revoked: number };
export type SnapshotTrends = { points: SnapshotPoint[]; weekly: WeekPoint[]; enough: boolean };

/** One decimal; null when nothing is active (a share of nothing is not 0 %). */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/** Monday of the UTC week holding `date`, as YYYY-MM-DD (what date_trunc('week') gives in SQL). */
export function weekStart(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Snapshots sorted by day (duplicates: the last wins); every week from the one `since` falls in
 * to the one `now` falls in, with 0 where nothing was revoked. A trend needs two days at least.
 */
export function shapeSnapshotTrends({ snapshots, revocations, since, now }: {
  snapshots: SnapshotCounts[]; revocations: WeekPoint[]; since: Date; now: Date;
}): SnapshotTrends {
  const byDay = new Map<string, SnapshotCounts>();
  for (const s of [...snapshots].sort((a, b) => a.day.localeCompare(b.day))) byDay.set(s.day, s);
  const points = [...byDay.values()].map((s) => ({
    date: s.day,
    activeGrants: s.activeGrants,
    staleShare: share(s.staleGrants, s.activeGrants),
    noExpiryShare: share(s.noExpiryGrants, s.activeGrants),
  }));
  const counted = new Map(revocations.map((r) => [r.week, r.revoked]));
  const weekly: WeekPoint[] = [];
  const last = weekStart(now);
  for (let w = weekStart(since); w <= last; w = new Date(Date.parse(w) + 7 * DAY_MS).toISOString().slice(0, 10)) {
    weekly.push({ week: w, revoked: counted.get(w) ?? 0 });
  }
  return { points, weekly, enough: points.length >= 2 };
}
