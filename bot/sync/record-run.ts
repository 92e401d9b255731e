// Runs one sync step inside a sync_runs row: the row is written first, and finished with the
// real counts whether the step succeeded or failed (with why).
import type { Db } from "../../db/client.ts";
import { countActiveGrants } from "../../db/queries/grant-sync.ts";
import { createSyncRun, finishSyncRun } from "../../db/queries/sync-runs.ts";
import type { SyncKind } from "../../model/statuses.ts";
import { translateDatabaseError } from "../../model/database-errors.ts";
import { DatabaseUnavailable, PatwardenError } from "../../model/errors.ts";
import { createCallCounters, type OctokitLike } from "../github/calls.ts";
import { noteGrantsChanged } from "../orgs/org-summary.ts";
import type { CredentialSyncStats } from "./credential-stats.ts";
import { emptyStats, silentLog, type OrgRef, type RepositoryStrategyOption, type SyncContext, type SyncLog, type SyncStats } from "./context.ts";

export type SyncResult = {
  /** null when the sync was refused (another one holds the org): nothing was written. */
  runId: number | null;
  kind: SyncKind;
  status: "succeeded" | "failed" | "conflict";
  error?: string;
  /** The error's kind (RateLimited, GitHubUnavailable, Forbidden, NotFound, Conflict…) for exit codes and HTTP statuses. */
  errorKind?: PatwardenError["kind"] | "Internal";
  apiCalls: number;
  notModified: number;
  rateLimitSpent: number;
  rateLimitRemaining: number | null;
  /** Calls by endpoint family: grants, grant-repositories, requests, request-repositories, members, admins, verify. */
  callsByFamily: Record<string, number>;
  grants: SyncStats["grants"];
  /** SSO credentials, when the run asked GitHub for them (status null: it stopped before an answer). */
  credentials?: CredentialSyncStats;
  requestsSeen: number;
  membersSeen: number;
  durationMs: number;
};

export type SyncProgress = { seen: number; expected: number | null };

export type RunArgs = {
  db: Db;
  octokit: OctokitLike;
  org: OrgRef;
  kind: SyncKind;
  trigger: string;
  now?: () => Date;
  log?: SyncLog;
  checkpoint?: () => void;
  /** Grants seen so far against the active grants the org had before this run; called between pages. */
  onProgress?: (progress: SyncProgress) => void;
  repositoryStrategy?: RepositoryStrategyOption;
};

export async function recordRun(args: RunArgs & { step: (ctx: SyncContext) => Promise<void> }): Promise<SyncResult> {
  const { db, org, kind, trigger } = args;
  const now = args.now ?? (() => new Date());
  const log = args.log ?? silentLog;
  const startedAt = now();
  const t0 = performance.now();
  const runId = await createSyncRun({ db, orgId: org.id, kind, trigger, startedAt });
  const expected = args.onProgress ? await countActiveGrants({ db, orgId: org.id }).catch(() => null) : null;
  const ctx: SyncContext = {
    db, octokit: args.octokit, org, runId, now, log,
    counters: createCallCounters(),
    stats: emptyStats(),
    checkpoint: () => {
      args.checkpoint?.();
      args.onProgress?.({ seen: ctx.stats.grants.seen, expected });
    },
    repositoryStrategy: args.repositoryStrategy,
    details: {},
  };
  let failure: unknown = undefined;
  try {
    await args.step(ctx);
  } catch (e) {
    failure = e;
  }
  const durationMs = Math.round(performance.now() - t0);
  const error = failure === undefined ? undefined : describe(failure, ctx.stats);
  const translated = translateDatabaseError(failure);
  const errorKind = failure === undefined ? undefined : translated instanceof PatwardenError ? translated.kind : "Internal";
  const c = ctx.counters;
  const activeGrants = await countActiveGrants({ db, orgId: org.id }).catch(() => null);
  await finishSyncRun({
    db,
    runId,
    outcome: {
      status: error ? "failed" : "succeeded",
      finishedAt: now(),
      durationMs,
      apiCalls: c.calls,
      notModified: c.notModified,
      rateLimitSpent: c.rateLimitSpent,
      rateLimitRemaining: c.rateLimitRemaining,
      grantsSeen: ctx.stats.grants.seen,
      grantsAdded: ctx.stats.grants.added,
      grantsUpdated: ctx.stats.grants.updated,
      grantsRemoved: ctx.stats.grants.removed,
      requestsSeen: ctx.stats.requestsSeen,
      membersSeen: ctx.stats.membersSeen,
      activeGrants,
      error: error ?? null,
      details: { callsByFamily: c.byFamily, ...ctx.details, ...(errorKind ? { errorKind } : {}) },
    },
  });
  // The overview's summary counts the run's last writes: a scheduled or CLI sync waits for it (when it
  // returns, the overview says what it wrote); a webhook's (a request approved, a member removed) does not.
  const summarized = noteGrantsChanged({ db, orgId: org.id, now, log, final: true });
  if (kind === "full" || kind === "incremental") await summarized;
  if (error) log.warn(`sync ${kind} of ${org.login} failed: ${error}`);
  else log.info(`sync ${kind} of ${org.login}: ${c.calls} calls (${c.notModified} not modified), ${c.rateLimitSpent} rate-limit points, grants ${JSON.stringify(ctx.stats.grants)}`);
  return {
    runId,
    kind,
    status: error ? "failed" : "succeeded",
    ...(error ? { error, errorKind } : {}),
    apiCalls: c.calls,
    notModified: c.notModified,
    rateLimitSpent: c.rateLimitSpent,
    rateLimitRemaining: c.rateLimitRemaining,
    callsByFamily: { ...c.byFamily },
    grants: { ...ctx.stats.grants },
    ...(ctx.details.credentials ? { credentials: { ...(ctx.details.credentials as CredentialSyncStats) } } : {}),
    requestsSeen: ctx.stats.requestsSeen,
    membersSeen: ctx.stats.membersSeen,
    durationMs,
  };
}

function describe(raw: unknown, stats: SyncStats): string {
  // A failed statement's own message is its SQL and parameters (data): the run's error says what failed.
  const e = translateDatabaseError(raw);
  if (e instanceof DatabaseUnavailable) {
    // Removals happen only after a listing completed, each in one statement: none, or these.
    const removed = stats.grants.removed;
    const kept = removed ? `the ${removed} removal${removed === 1 ? "" : "s"} made before it stand` : "nothing was removed";
    return `${e.reason === "lost" ? "connection to the database lost" : "database unavailable"} during the sync (${e.detail}); ${kept}, run it again`;
  }
  if (e instanceof PatwardenError) return e.message;
  if (e instanceof Error) return `internal error: ${e.message}`;
  return `internal error: ${String(e)}`;
}
