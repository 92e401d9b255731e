// Sync history: one row per run, written when it starts and finished with real numbers
// whether it succeeded or not (the dashboard's "last sync" and trend chart read these).
import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "../client.ts";
import { syncRuns, type SyncRun } from "../schema.ts";
import { type SyncKind, type SyncStatus } from "../../model/statuses.ts";
import type { TimeCursor } from "../../model/time-cursor.ts";
import { readTimeKeyset, type TimeKeysetPage } from "./time-keyset.ts";

export async function createSyncRun({ db, orgId, kind, trigger, startedAt }: {
  db: Db; orgId: number; kind: SyncKind; trigger: string; startedAt: Date;
}): Promise<number> {
  const [row] = await db.insert(syncRuns).values({ orgId, kind, trigger, startedAt }).returning({ id: syncRuns.id });
  return row!.id;
}

export type SyncRunOutcome = {
  status: Exclude<SyncStatus, "running">;
  finishedAt: Date;
  durationMs: number;
  apiCalls: number;
  notModified: number;
  rateLimitSpent: number;
  rateLimitRemaining: number | null;
  grantsSeen: number;
  grantsAdded: number;
  grantsUpdated: number;
  grantsRemoved: number;
  requestsSeen: number;
  membersSeen: number;
  activeGrants: number | null;
  error: string | null;
  details: Record<string, unknown>;
};

export async function finishSyncRun({ db, runId, outcome }: { db: Db; runId: number; outcome: SyncRunOutcome }): Promise<void> {
  await db.update(syncRuns).set(outcome).where(eq(syncRuns.id, runId));
}

/**
 * Runs still "running" when a new holder takes the org's lease belong to a process that died:
 * record them as failed so history does not show a sync running forever.
 */
export async function failInterruptedRuns({ db, orgId, kinds, startedBefore, now }: {
  db: Db; orgId: number; kinds: SyncKind[]; startedBefore?: Date; now: Date;
}): Promise<number> {
  const out = await db
    .update(syncRuns)
    .set({ status: "failed", finishedAt: now, error: "interrupted: the process running this sync stopped before it finished" })
    .where(
      and(
        eq(syncRuns.orgId, orgId),
        eq(syncRuns.status, "running"),
        inArray(syncRuns.kind, kinds),
        startedBefore ? lt(syncRuns.startedAt, startedBefore) : undefined,
      ),
    )
    .returning({ id: syncRuns.id });
  return out.length;
}

export async function getLastSucceededRun({ db, orgId, kinds }: { db: Db; orgId: number; kinds: SyncKind[] }): Promise<SyncRun | undefined> {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.orgId, orgId), eq(syncRuns.status, "succeeded"), inArray(syncRuns.kind, kinds)))
    .orderBy(desc(syncRuns.startedAt))
    .limit(1);
  return row;
}

export async function getSyncRun({ db, runId }: { db: Db; runId: number }): Promise<SyncRun | undefined> {
  const [row] = await db.select().from(syncRuns).where(eq(syncRuns.id, runId));
  return row;
}

export async function listSyncRuns({ db, orgId, limit = 20, after, before }: {
  db: Db; orgId: number; limit?: number; after?: TimeCursor; before?: TimeCursor;
}): Promise<SyncRun[]> {
  return (await listSyncRunPage({ db, orgId, limit, after, before })).rows;
}

/** Newest first by (startedAt, id); `before`/`after` a cursor (model/time-cursor.ts): the older/newer runs past it. */
export async function listSyncRunPage({ db, orgId, limit = 20, after, before }: {
  db: Db; orgId: number; limit?: number; after?: TimeCursor; before?: TimeCursor;
}): Promise<TimeKeysetPage<SyncRun>> {
  return readTimeKeyset({
    list: "sync-runs", at: syncRuns.startedAt, id: syncRuns.id, order: "desc", after, before, limit,
    read: async ({ where, orderBy, limit: n, key }) =>
      (await db.select({ row: syncRuns, key }).from(syncRuns).where(and(eq(syncRuns.orgId, orgId), where)).orderBy(...orderBy).limit(n))
        .map((r) => ({ ...r, id: r.row.id })),
  });
}
