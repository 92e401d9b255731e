// Daily inventory snapshots: one row per org and UTC day, counted in SQL, read back for the trend charts.
import { and, asc, eq, gte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grants, inventorySnapshots, patRequests, type InventorySnapshot } from "../schema.ts";
import { DAY_MS } from "../../model/categories.ts";
import { CATEGORY_CONDITIONS as CATEGORY } from "./category-conditions.ts";

export type SnapshotCounts = Pick<
  InventorySnapshot,
  "activeGrants" | "staleGrants" | "neverUsedGrants" | "noExpiryGrants" | "expiredGrants" | "ownerLeftGrants" | "highRiskGrants" | "pendingRequests" | "revokedThatDay"
>;

export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * The counts as of `now`. "Active" is every grant not removed (what GitHub still lists, expired
 * ones included, like the overview's total); "revoked that day" is removals by revocation (here or
 * elsewhere) within `now`'s UTC day.
 */
export async function countSnapshot({ db, orgId, now }: { db: Db; orgId: number; now: Date }): Promise<SnapshotCounts> {
  const dayStart = new Date(`${dayOf(now)}T00:00:00.000Z`);
  const n = (cond: SQL) => sql<number>`(count(*) filter (where ${grants.removedAt} is null and ${cond}))::int`;
  // The same conditions as the grants filter and the overview (category-conditions.ts).
  const [row] = await db
    .select({
      activeGrants: n(sql`true`),
      staleGrants: n(CATEGORY.stale({ now })),
      neverUsedGrants: n(CATEGORY.neverUsed()),
      noExpiryGrants: n(CATEGORY.noExpiry()),
      expiredGrants: n(CATEGORY.expired({ now })),
      ownerLeftGrants: n(CATEGORY.ownerLeft()),
      highRiskGrants: n(CATEGORY.highRisk()),
      revokedThatDay: sql<number>`(count(*) filter (where ${grants.removalReason} in ('revoked_by_patwarden', 'revoked_elsewhere')
        and ${grants.removedAt} >= ${ts(dayStart)} and ${grants.removedAt} < ${ts(new Date(dayStart.getTime() + DAY_MS))}))::int`,
      pendingRequests: sql<number>`(select count(*)::int from ${patRequests} where ${patRequests.orgId} = ${orgId} and ${patRequests.status} = 'pending')`,
    })
    .from(grants)
    .where(eq(grants.orgId, orgId));
  // Postgres may hand back bigint-ish strings through some drivers; the snapshot stores integers.
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)])) as SnapshotCounts;
}

/** Writes (or rewrites, when run again the same day) the org's snapshot for `now`'s UTC day. */
export async function saveSnapshot({ db, orgId, now, counts, details = {} }: {
  db: Db; orgId: number; now: Date; counts: SnapshotCounts; details?: Record<string, unknown>;
}): Promise<InventorySnapshot> {
  const values = { orgId, day: dayOf(now), takenAt: now, ...counts, details };
  const [row] = await db
    .insert(inventorySnapshots)
    .values(values)
    .onConflictDoUpdate({ target: [inventorySnapshots.orgId, inventorySnapshots.day], set: { takenAt: now, ...counts, details } })
    .returning();
  return row!;
}

/** Oldest first, from `since` (a Date, compared by UTC day) on; the trend charts' input. */
export async function listSnapshots({ db, orgId, since }: { db: Db; orgId: number; since?: Date }): Promise<InventorySnapshot[]> {
  const where = since ? and(eq(inventorySnapshots.orgId, orgId), gte(inventorySnapshots.day, dayOf(since))) : eq(inventorySnapshots.orgId, orgId);
  return db.select().from(inventorySnapshots).where(where).orderBy(asc(inventorySnapshots.day));
}
