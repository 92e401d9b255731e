// Write side of the grant inventory, used only by the sync engine: batched upserts per page,
// "seen" marks for pages GitHub answered with 304, and removal of grants a completed sweep missed.
import { and, asc, eq, gt, isNull, ne, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { grants, type NewGrant, type RemovalReason } from "../schema.ts";
import { riskWithMembership } from "./risk.ts";
import { anyChanged, excluded, idArray, takeExcluded, wasInserted } from "./upsert-helpers.ts";

/** What GitHub tells us about a grant; bookkeeping columns are set here. */
export type GrantFromGitHub = Omit<
  NewGrant,
  "firstSeenAt" | "lastSeenAt" | "lastSeenSyncId" | "removedAt" | "removalReason" | "updatedAt" | "repositoryCount" | "ownerIsMember"
>;

const DATA_COLUMNS = {
  tokenId: grants.tokenId,
  tokenName: grants.tokenName,
  ownerId: grants.ownerId,
  ownerLogin: grants.ownerLogin,
  ownerAvatarUrl: grants.ownerAvatarUrl,
  ownerType: grants.ownerType,
  repositorySelection: grants.repositorySelection,
  repositoriesUrl: grants.repositoriesUrl,
  permissions: grants.permissions,
  permissionTokens: grants.permissionTokens,
  accessGrantedAt: grants.accessGrantedAt,
  tokenExpired: grants.tokenExpired,
  tokenExpiresAt: grants.tokenExpiresAt,
  tokenLastUsedAt: grants.tokenLastUsedAt,
};

/**
 * One multi-row upsert. Rows that changed (or come back after removal) are rewritten; identical
 * rows are left alone, so a re-sync of an unchanged org writes no grant data.
 */
export async function upsertGrants({ db, rows, runId, now }: {
  db: Db; rows: GrantFromGitHub[]; runId: number; now: Date;
}): Promise<{ added: number; updated: number; insertedIds: number[] }> {
  if (rows.length === 0) return { added: 0, updated: 0, insertedIds: [] };
  // The same id twice in one INSERT … ON CONFLICT is an error; a list can repeat an item when it shifts under us.
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  const out = await db
    .insert(grants)
    .values(unique.map((r) => ({ ...r, firstSeenAt: now, lastSeenAt: now, lastSeenSyncId: runId, updatedAt: now })))
    .onConflictDoUpdate({
      target: [grants.orgId, grants.id],
      set: {
        ...takeExcluded(DATA_COLUMNS),
        // Scored in TS without membership; only changed rows are rescored here, the daily recompute does the rest.
        ...riskWithMembership({ reasons: excluded(grants.riskReasons), ownerLeft: sql`${grants.ownerIsMember} = false` }),
        lastSeenAt: now,
        lastSeenSyncId: runId,
        removedAt: sql`null`,
        removalReason: sql`null`,
        updatedAt: now,
      },
      setWhere: or(anyChanged(Object.values(DATA_COLUMNS)), sql`${grants.removedAt} is not null`),
    })
    .returning({ id: grants.id, inserted: wasInserted });
  const insertedIds = out.filter((r) => r.inserted).map((r) => r.id);
  return { added: insertedIds.length, updated: out.length - insertedIds.length, insertedIds };
}

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
  await db
    .update(grants)
    .set({ lastSeenAt: now, lastSeenSyncId: runId })
    .where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(ids)})`, sql`${grants.lastSeenSyncId} is distinct from ${runId}`));
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(grants)
    .where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(ids)})`));
  return { found: n ?? 0, reactivated: back.length };
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
    const out = await db
      .update(grants)
      .set({ removedAt: now, removalReason: reason, updatedAt: now })
      .where(and(eq(grants.orgId, orgId), sql`${grants.id} = any(${idArray(ids)})`, isNull(grants.removedAt)))
      .returning({ id: grants.id });
    n += out.length;
  }
  return n;
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
