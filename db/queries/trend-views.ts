// Read-only series for the overview's trend charts: daily inventory snapshots and revocations per week.
import { and, asc, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { inventorySnapshots, revocationItems, revocationJobs, type InventorySnapshot } from "../schema.ts";

/** Snapshots from `sinceDay` (YYYY-MM-DD, UTC) on, oldest first; one row per day by the table's key. */
export async function listSnapshotsView({ db, orgId, sinceDay }: { db: Db; orgId: number; sinceDay: string }): Promise<InventorySnapshot[]> {
  return db.select().from(inventorySnapshots)
    .where(and(eq(inventorySnapshots.orgId, orgId), gte(inventorySnapshots.day, sinceDay)))
    .orderBy(asc(inventorySnapshots.day));
}

/**
 * Grants revoked through patwarden per ISO week (Monday, UTC), from the revocation items that
 * ended "revoked" (dry runs never revoke). Dated by the item's last update: the moment GitHub answered.
 */
export async function countRevocationsByWeek({ db, orgId, since }: { db: Db; orgId: number; since: Date }): Promise<{ week: string; revoked: number }[]> {
  const week = sql<string>`to_char(date_trunc('week', ${revocationItems.updatedAt} at time zone 'UTC'), 'YYYY-MM-DD')`;
  const rows = await db
    .select({ week, revoked: sql<number>`count(*)::int` })
    .from(revocationItems)
    .innerJoin(revocationJobs, eq(revocationJobs.id, revocationItems.jobId))
    .where(and(eq(revocationItems.orgId, orgId), eq(revocationItems.status, "revoked"), eq(revocationJobs.dryRun, false), gte(revocationItems.updatedAt, since)))
    .groupBy(week)
    .orderBy(week);
  return rows;
}
