// What the dashboard's org pages read: the connection cards (last sync, active grants, job states)
// and one org's overview and history counts. Counts only; the pages shape them for the charts.
import { countGrants } from "../../db/queries/grants.ts";
import { listJobStates } from "../../db/queries/job-states.ts";
import {
  countActiveGrantsByOrg, listActiveGrantHistory, listLatestSyncRuns, listTopOwners, listTopWritePermissions, summarizeGrants,
  type GrantSummaryBounds,
} from "../../db/queries/overview.ts";
import { countRevocationsByWeek, listSnapshotsView } from "../../db/queries/trend-views.ts";
import type { JobState, SyncRun } from "../../db/schema.ts";
import { STALE_DAYS } from "../../model/categories.ts";
import type { EngineContext } from "../engine-context.ts";

export type OrgConnection = {
  orgId: number;
  /** The newest sync run (any kind, any status), or null when the org never synced. */
  lastSync: SyncRun | null;
  activeGrants: number;
  /** Scheduled jobs (sync, snapshot, policy, report): last run, outcome, next run. */
  jobs: JobState[];
};

export async function readConnections(ctx: EngineContext, { orgIds }: { orgIds: number[] }): Promise<OrgConnection[]> {
  const [runs, counts, states] = await Promise.all([
    listLatestSyncRuns({ db: ctx.db, orgIds }),
    countActiveGrantsByOrg({ db: ctx.db }),
    listJobStates({ db: ctx.db }),
  ]);
  return orgIds.map((orgId) => ({
    orgId,
    lastSync: runs.get(orgId) ?? null,
    activeGrants: counts.get(orgId) ?? 0,
    jobs: states.filter((s) => s.orgId === orgId),
  }));
}

/** The overview's counts: grant summary within `bounds`, stale (the product's definition), top lists, history since `since`. */
export async function readOverview(ctx: EngineContext, { orgId, bounds, since, now }: { orgId: number; bounds: GrantSummaryBounds; since: Date; now: Date }) {
  const db = ctx.db;
  const [summary, stale, permissions, owners, history, runs] = await Promise.all([
    summarizeGrants({ db, orgId, bounds }),
    countGrants({ db, orgId, filter: { staleDays: STALE_DAYS }, now }),
    listTopWritePermissions({ db, orgId, limit: 10 }),
    listTopOwners({ db, orgId, limit: 10 }),
    listActiveGrantHistory({ db, orgId, since }),
    listLatestSyncRuns({ db, orgIds: [orgId] }),
  ]);
  return { summary, stale, permissions, owners, history, lastRunStartedAt: runs.get(orgId)?.startedAt ?? null };
}

/** Daily snapshots from `since`'s day, and revocations per week from `weeksFrom`. */
export async function readHistory(ctx: EngineContext, { orgId, since, weeksFrom }: { orgId: number; since: Date; weeksFrom: Date }) {
  const [snapshots, revocations] = await Promise.all([
    listSnapshotsView({ db: ctx.db, orgId, sinceDay: since.toISOString().slice(0, 10) }),
    countRevocationsByWeek({ db: ctx.db, orgId, since: weeksFrom }),
  ]);
  return { snapshots, revocations };
}
