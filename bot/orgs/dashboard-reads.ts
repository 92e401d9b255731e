// What the dashboard's org pages read: the connection cards (last sync, active grants, SSO credentials, job states)
// and one org's overview and history counts. Counts only; the pages shape them for the charts.
import { listCredentialSources, type OrgCredentialSource } from "../../db/queries/credential-source.ts";
import { listJobStates } from "../../db/queries/job-states.ts";
import { summaryBounds } from "../../db/queries/org-summary.ts";
import { countActiveGrantsByOrg, listActiveGrantHistory, listLatestSyncRuns } from "../../db/queries/overview.ts";
import { countRevocationsByWeek, listSnapshotsView } from "../../db/queries/trend-views.ts";
import type { JobState, SyncRun } from "../../db/schema.ts";
import { NotFound } from "../../model/errors.ts";
import type { EngineContext } from "../engine-context.ts";
import { readFreshOrgSummary } from "./org-summary.ts";

export type OrgConnection = {
  orgId: number;
  /** The newest sync run (any kind, any status), or null when the org never synced. */
  lastSync: SyncRun | null;
  activeGrants: number;
  /** SSO credential authorizations: whether GitHub serves them (as last asked), active count, last complete sweep. */
  credentials: OrgCredentialSource;
  /** Scheduled jobs (sync, snapshot, policy, report): last run, outcome, next run. */
  jobs: JobState[];
};

export async function readConnections(ctx: EngineContext, { orgIds }: { orgIds: number[] }): Promise<OrgConnection[]> {
  const [runs, counts, states, sources] = await Promise.all([
    listLatestSyncRuns({ db: ctx.db, orgIds }),
    countActiveGrantsByOrg({ db: ctx.db }),
    listJobStates({ db: ctx.db }),
    listCredentialSources({ db: ctx.db, orgIds }),
  ]);
  return orgIds.map((orgId) => ({
    orgId,
    lastSync: runs.get(orgId) ?? null,
    activeGrants: counts.get(orgId) ?? 0,
    credentials: sources.get(orgId) ?? { status: "unknown", checkedAt: null, detail: null, lastSyncAt: null, active: 0 },
    jobs: states.filter((s) => s.orgId === orgId),
  }));
}

/**
 * The overview's figures: the org's stored summary (org_summaries, counted after writes; recounted in
 * the background when older than its bound), `asOf` the moment it counted and `bounds` the chart
 * buckets' boundaries at that moment (so a bar and the table it links to select the same grants),
 * with the live active-grant history since `since` and the newest run (sync_runs: a few rows).
 */
export async function readOverview(ctx: EngineContext, { orgId, since }: { orgId: number; since: Date }) {
  const db = ctx.db;
  const [stored, history, runs] = await Promise.all([
    readFreshOrgSummary({ db, orgId, now: ctx.now, log: ctx.log }),
    listActiveGrantHistory({ db, orgId, since }),
    listLatestSyncRuns({ db, orgIds: [orgId] }),
  ]);
  if (!stored) throw new NotFound(`No org with id ${orgId} is connected to patwarden.`);
  return {
    summary: stored.counts, stale: stored.counts.stale, permissions: stored.topPermissions, owners: stored.topOwners,
    asOf: stored.computedAt, bounds: summaryBounds(stored.computedAt),
    history, lastRunStartedAt: runs.get(orgId)?.startedAt ?? null,
  };
}

/** Daily snapshots from `since`'s day, and revocations per week from `weeksFrom`. */
export async function readHistory(ctx: EngineContext, { orgId, since, weeksFrom }: { orgId: number; since: Date; weeksFrom: Date }) {
  const [snapshots, revocations] = await Promise.all([
    listSnapshotsView({ db: ctx.db, orgId, sinceDay: since.toISOString().slice(0, 10) }),
    countRevocationsByWeek({ db: ctx.db, orgId, since: weeksFrom }),
  ]);
  return { snapshots, revocations };
}
