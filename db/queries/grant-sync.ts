// Write side of the grant inventory, used only by the sync engine: batched upserts per page
// (grant-upsert.ts), "seen" marks for pages GitHub answered with 304, and removal of grants a completed sweep missed.
import { and, asc, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grants } from "../schema.ts";
import { type RemovalReason } from "../../model/statuses.ts";
import { recordGrantEvents, type NewGrantEventInput } from "./grant-events.ts";
import { idArray } from "./upsert-helpers.ts";

export { upsertGrants, type GrantChange, type GrantFromGitHub } from "./grant-upsert.ts";

/**
 * Marks grants as seen by this run (their page was unchanged, or the upsert skipped them) and
 * brings back any the inventory had removed. `found` < ids.length means rows are missing.
 */
export async function markGrantsSeen({ db, orgId, ids, runId, now }: {
  db: Db; orgId: number; ids: number[]; runId: number; now: Date;
}): Promise<{ found: number; reactivated: number }> {
  if (ids.length === 0) return { found: 0, reactivated: 0 };
  const back = await db
    .update(grants)
    .set({ removedAt: null, removalReason: null, updatedAt: now })
    .where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(ids)})`, sql`${grants.removedAt} is not null`))
    .returning({ id: grants.id });
  await touchGrantsSeen({ db, orgId, ids, runId, now });
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(grants)
    .where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(ids)})`));
  return { found: n ?? 0, reactivated: back.length };
}

/** Sets this run's seen mark where it is not set yet (rows the page upsert left alone). */
export async function touchGrantsSeen({ db, orgId, ids, runId, now }: { db: Db; orgId: number; ids: number[]; runId: number; now: Date }): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(grants)
    .set({ lastSeenAt: now, lastSeenSyncId: runId })
    .where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(ids)})`, sql`${grants.lastSeenSyncId} is distinct from ${runId}`));
}

/** Which of these grants have a row (removed or not). */
export async function listStoredGrantIds({ db, orgId, ids }: { db: Db; orgId: number; ids: number[] }): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db.select({ id: grants.id }).from(grants).where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(ids)})`));
  return rows.map((r) => r.id);
}

export async function listSubsetGrantIds({ db, orgId, ids }: { db: Db; orgId: number; ids: number[] }): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: grants.id })
    .from(grants)
    .where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(ids)})`, eq(grants.repositorySelection, "subset")));
  return rows.map((r) => r.id);
}

export type UnseenGrant = { id: number; tokenId: number; tokenExpiresAt: Date | null };

/** Active grants this run has not seen, by id, a chunk at a time (bounded memory). */
export async function listUnseenActiveGrants({ db, orgId, runId, afterId, limit, ownerLogin }: {
  db: Db; orgId: number; runId: number; afterId: number; limit: number; ownerLogin?: string;
}): Promise<UnseenGrant[]> {
  return db
    .select({ id: grants.id, tokenId: grants.tokenId, tokenExpiresAt: grants.tokenExpiresAt })
    .from(grants)
    .where(
      and(
        eq(grants.orgId, orgId),
        isNull(grants.removedAt),
        or(isNull(grants.lastSeenSyncId), ne(grants.lastSeenSyncId, runId)),
        gt(grants.id, afterId),
        ownerLogin ? sql`lower(${grants.ownerLogin}) = ${ownerLogin.toLowerCase()}` : undefined,
      ),
    )
    .orderBy(asc(grants.id))
    .limit(limit);
}

export async function removeGrants({ db, orgId, removals, now }: {
  db: Db; orgId: number; removals: { id: number; reason: RemovalReason }[]; now: Date;
}): Promise<number> {
  let n = 0;
  for (const reason of ["expired", "revoked_elsewhere", "revoked_by_patwarden"] as const) {
    const ids = removals.filter((r) => r.reason === reason).map((r) => r.id);
    if (ids.length === 0) continue;
    // The removal and its timeline entry together, or neither.
    n += await db.transaction(async (tx) => {
      const out = await tx
        .update(grants)
        .set({ removedAt: now, removalReason: reason, updatedAt: now })
        .where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(ids)})`, isNull(grants.removedAt)))
        .returning({ id: grants.id });
      await recordGrantEvents({ db: tx, events: out.map((g) => removedEvent({ orgId, grantId: g.id, reason, at: now })) });
      return out.length;
    });
  }
  return n;
}

/** The timeline's last entry for a grant; `before`/`after` as the other events have them. */
export function removedEvent({ orgId, grantId, reason, at }: { orgId: number; grantId: number; reason: RemovalReason; at: Date }): NewGrantEventInput {
  return { orgId, grantId, at, kind: "removed", details: { reason, before: { removed: false }, after: { removed: true, reason } } };
}

export async function countActiveGrants({ db, orgId }: { db: Db; orgId: number }): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(grants)
    .where(and(eq(grants.orgId, orgId), isNull(grants.removedAt)));
  return n ?? 0;
}

/**
 * Refreshes planner statistics after a sweep that wrote many rows. Postgres' autovacuum would
 * get there eventually; embedded PGlite has no autovacuum, and without statistics its planner
 * scans a whole org's repository rows for every batch instead of using the primary key.
 */
export async function analyzeInventory({ db }: { db: Db }): Promise<void> {
  await db.execute(sql`analyze grants, grant_repositories, pat_requests, request_repositories, org_members, sync_pages`);
}
