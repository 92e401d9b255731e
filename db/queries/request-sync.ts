// Write side of PAT requests: sync upserts, webhook upserts and resolutions, and `gone` for
// pending requests a completed listing no longer shows.
import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../client.ts";
import { patRequests, type NewPatRequest } from "../schema.ts";
import { type RequestStatus } from "../../model/statuses.ts";
import { anyChanged, idArray, takeExcluded, wasInserted } from "./upsert-helpers.ts";

export type RequestFromGitHub = Omit<
  NewPatRequest,
  "status" | "resolvedAt" | "firstSeenAt" | "lastSeenAt" | "lastSeenSyncId"
>;

const DATA_COLUMNS = {
  tokenId: patRequests.tokenId,
  tokenName: patRequests.tokenName,
  ownerId: patRequests.ownerId,
  ownerLogin: patRequests.ownerLogin,
  ownerAvatarUrl: patRequests.ownerAvatarUrl,
  reason: patRequests.reason,
  repositorySelection: patRequests.repositorySelection,
  repositoriesUrl: patRequests.repositoriesUrl,
  permissions: patRequests.permissions,
  permissionTokens: patRequests.permissionTokens,
  createdAt: patRequests.createdAt,
  tokenExpired: patRequests.tokenExpired,
  tokenExpiresAt: patRequests.tokenExpiresAt,
  tokenLastUsedAt: patRequests.tokenLastUsedAt,
};

/**
 * Pending requests as listed (or as a webhook announced them). A request a webhook already
 * resolved keeps its status: the listing can lag behind the event. `keep` names columns the
 * caller does not know (the webhook carries no reason or repositories_url) so they are not blanked.
 */
export async function upsertRequests({ db, rows, runId, now, keep = [] }: {
  db: Db; rows: RequestFromGitHub[]; runId: number | null; now: Date; keep?: (keyof typeof DATA_COLUMNS)[];
}): Promise<{ added: number; updated: number; insertedIds: number[] }> {
  if (rows.length === 0) return { added: 0, updated: 0, insertedIds: [] };
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  const cols: Record<string, PgColumn> = Object.fromEntries(Object.entries(DATA_COLUMNS).filter(([k]) => !keep.includes(k as never)));
  const out = await db
    .insert(patRequests)
    .values(unique.map((r) => ({ ...r, status: "pending" as const, firstSeenAt: now, lastSeenAt: now, lastSeenSyncId: runId })))
    .onConflictDoUpdate({
      target: [patRequests.orgId, patRequests.id],
      set: {
        ...takeExcluded(cols),
        status: sql`case when ${patRequests.status} = 'gone' then 'pending' else ${patRequests.status} end`,
        resolvedAt: sql`case when ${patRequests.status} = 'gone' then null else ${patRequests.resolvedAt} end`,
        lastSeenAt: now,
        lastSeenSyncId: runId ?? sql`${patRequests.lastSeenSyncId}`,
      },
      setWhere: or(anyChanged(Object.values(cols)), sql`${patRequests.status} = 'gone'`),
    })
    .returning({ id: patRequests.id, inserted: wasInserted });
  if (runId !== null) await markRequestsSeen({ db, orgId: unique[0]!.orgId, ids: unique.map((r) => r.id), runId, now });
  const insertedIds = out.filter((r) => r.inserted).map((r) => r.id);
  return { added: insertedIds.length, updated: out.length - insertedIds.length, insertedIds };
}

export async function markRequestsSeen({ db, orgId, ids, runId, now }: {
  db: Db; orgId: number; ids: number[]; runId: number; now: Date;
}): Promise<number> {
  if (ids.length === 0) return 0;
  const inPage = and(eq(patRequests.orgId, orgId), sql`${patRequests.id} = any(${idArray(ids)})`);
  await db
    .update(patRequests)
    .set({ lastSeenAt: now, lastSeenSyncId: runId })
    .where(and(inPage, sql`${patRequests.lastSeenSyncId} is distinct from ${runId}`));
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(patRequests).where(inPage);
  return n ?? 0;
}

/** After a completed listing: pending requests it did not show were reviewed or withdrawn without us hearing. */
export async function markUnseenRequestsGone({ db, orgId, runId, now }: { db: Db; orgId: number; runId: number; now: Date }): Promise<number> {
  const out = await db
    .update(patRequests)
    .set({ status: "gone", resolvedAt: now })
    .where(
      and(
        eq(patRequests.orgId, orgId),
        eq(patRequests.status, "pending"),
        or(isNull(patRequests.lastSeenSyncId), ne(patRequests.lastSeenSyncId, runId)),
      ),
    )
    .returning({ id: patRequests.id });
  return out.length;
}

export async function listSubsetRequestIds({ db, orgId, ids }: { db: Db; orgId: number; ids: number[] }): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: patRequests.id })
    .from(patRequests)
    .where(and(eq(patRequests.orgId, orgId), sql`${patRequests.id} = any(${idArray(ids)})`, eq(patRequests.repositorySelection, "subset")));
  return rows.map((r) => r.id);
}

/** approved / denied / cancelled from a webhook (or our own review). Returns false for an unknown request. */
export async function setRequestStatus({ db, orgId, requestId, status, now }: {
  db: Db; orgId: number; requestId: number; status: Exclude<RequestStatus, "pending">; now: Date;
}): Promise<boolean> {
  const out = await db
    .update(patRequests)
    .set({ status, resolvedAt: now })
    .where(and(eq(patRequests.orgId, orgId), eq(patRequests.id, requestId), ne(patRequests.status, status)))
    .returning({ id: patRequests.id });
  if (out.length) return true;
  const [row] = await db
    .select({ id: patRequests.id })
    .from(patRequests)
    .where(and(eq(patRequests.orgId, orgId), eq(patRequests.id, requestId)));
  return Boolean(row);
}
