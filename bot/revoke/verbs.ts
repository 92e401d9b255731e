// Engine verbs for revocations: preview, create and run a job, resume, list and show jobs, revoke one grant. Each verb takes one object and returns plain data (the embedded-mode
// bridge carries both as JSON: bot/engine-wire.ts); faces reach them through createEngine (bot/engine.ts).
// Progress callbacks and the stop signal are a second, local-only argument (absent over the bridge).
import type { AppendAuditInput } from "../../db/queries/audit.ts";
import { listRevocationJobPage } from "../../db/queries/revocations.ts";
import type { RevocationItem, RevocationJob } from "../../db/schema.ts";
import { safeErrorMessage } from "../../model/database-errors.ts";
import { InvalidInput, NotFound } from "../../model/errors.ts";
import type { RevocationItemStatus } from "../../model/statuses.ts";
import { decodeTimeKeyset } from "../../model/time-cursor.ts";
import { installationClient, type EngineContext } from "../engine-context.ts";
import { getActingOrg } from "../orgs/acting-org.ts";
import { createRevocationJob, previewRevocation, type RevocationPreview } from "./create-job.ts";
import { createCredentialRemovalVerbs } from "./credential-verbs.ts";
import { newRunnerId } from "./lease.ts";
import { octokitForApp, startRevocationWorker, type RevocationWorker } from "./resume.ts";
import { revokeGrant } from "./revoke-grant.ts";
import { runRevocationJob } from "./run-job.ts";
import { countSelection, type RevocationTarget } from "./selection.ts";
import { getRevocationJob, listRevocationItems, type RevocationJobView } from "./view.ts";

export type { RevocationItem, RevocationJobView, RevocationPreview, RevocationTarget, RevocationWorker };
export type RevocationActorType = AppendAuditInput["actorType"];

/** A job as a list shows it: the counters the runner keeps, no items. */
export type RevocationJobSummary = Pick<RevocationJob,
  "id" | "requestedBy" | "reason" | "status" | "total" | "revoked" | "alreadyGone" | "failed" | "method" | "createdAt" | "finishedAt" | "lastError"> & {
  /** How many of `total` are SSO credential authorizations (the rest are grants). */
  credentials: number;
};

export type RevocationJobPage = {
  job: RevocationJobView;
  /** Per-grant outcomes ordered by grant id, at most `limit`. */
  items: RevocationItem[];
  /** Pass as `afterGrantId` for the next page; null on the last one. */
  nextAfter: number | null;
};

export type RunHooks = {
  /** Stops between calls; the job stays resumable. */
  signal?: AbortSignal;
  /** The job as it stands when the run starts, then after every settled group of grants. */
  onProgress?: (job: RevocationJobView) => void;
};

/** Queued and running jobs, and failed ones with grants left, still have work; the others are final. */
function hasWork(job: RevocationJobView): boolean {
  return job.status === "queued" || job.status === "running" || (job.status === "failed" && job.counts.pending + job.counts.inFlight > 0);
}

export function createRevocationVerbs(ctx: EngineContext) {
  let worker: RevocationWorker | undefined;
  /** The org's installation client, or an InvalidInput saying why there is none (checked before anything is written). */
  const clientFor = async (orgId: number) =>
    installationClient(ctx, { org: await getActingOrg(ctx, orgId), doing: "revoking", command: "revoke" });

  return {
    ...createCredentialRemovalVerbs(ctx),
    /**
     * What a revocation would touch: count, owners, a sample, problems. Writes nothing, calls nothing.
     * `quick` (the dashboard): the count stops past `maxGrants`, where a selection cannot be revoked
     * anyway (`countCapped`), so the preview comes at once at any size; `count` gives the exact figure.
     */
    async preview({ orgId, target, maxGrants, quick }: { orgId: number; target: RevocationTarget; maxGrants?: number; quick?: boolean }): Promise<RevocationPreview> {
      return previewRevocation({ db: ctx.db, orgId, target, maxGrants, now: ctx.now(), quick });
    },

    /**
     * The exact number of active grants a selection holds, however many. `hooks.signal` stops it:
     * on Postgres the statement is cancelled on the server; the promise rejects with the signal's reason.
     */
    async count({ orgId, target }: { orgId: number; target: RevocationTarget }, hooks: { signal?: AbortSignal } = {}): Promise<{ count: number }> {
      return { count: await countSelection({ db: ctx.db, orgId, target, now: ctx.now(), signal: hooks.signal, cancelOnServer: ctx.storage.kind === "postgres" }) };
    },

    /**
     * Creates the job (frozen selection, audited) held by a new runner id for `run`, so a background
     * worker cannot take it first. Throws InvalidInput naming the field (ids, reason, filter,
     * selection, confirmation) or Conflict when `expectCount` no longer matches.
     */
    async create({ orgId, target, reason, actor, actorType, confirmation, expectCount, maxGrants }: {
      orgId: number; target: RevocationTarget; reason: string; actor: string; actorType: RevocationActorType;
      confirmation?: string; expectCount?: number; maxGrants?: number;
    }): Promise<{ job: RevocationJobView; runnerId: string }> {
      const runnerId = newRunnerId();
      const job = await createRevocationJob({
        db: ctx.db, orgId, target, reason, actor, actorType, confirmation, expectCount, maxGrants, runnerId, now: ctx.now(),
      });
      return { job, runnerId };
    },

    /**
     * Runs one of the org's jobs to its end or until stopped (a new one with the runnerId `create`
     * returned, or one a crash, stop or rate limit left unfinished); a finished job is returned as it is.
     */
    async run({ orgId, jobId, runnerId }: { orgId: number; jobId: number; runnerId?: string }, hooks: RunHooks = {}): Promise<RevocationJobView> {
      const job = await getRevocationJob({ db: ctx.db, jobId, orgId }).catch((e: unknown) => {
        throw e instanceof NotFound ? new InvalidInput("job", `${e.message} in this org`) : e;
      });
      if (!hasWork(job)) return job;
      const octokit = await clientFor(orgId);
      hooks.onProgress?.(job);
      return runRevocationJob({ db: ctx.db, octokit, jobId, runnerId, signal: hooks.signal, onProgress: hooks.onProgress });
    },

    /**
     * The dashboard's bulk revoke: creates the job and runs it in this process in the background
     * (the job page shows its progress). A crash leaves it to the worker's resume.
     */
    async start({ orgId, target, reason, actor, actorType, confirmation, expectCount }: {
      orgId: number; target: RevocationTarget; reason: string; actor: string; actorType: RevocationActorType;
      confirmation?: string; expectCount?: number;
    }): Promise<{ jobId: number }> {
      const octokit = await clientFor(orgId);
      const runnerId = newRunnerId();
      const job = await createRevocationJob({ db: ctx.db, orgId, target, reason, actor, actorType, confirmation, expectCount, runnerId, now: ctx.now() });
      void runRevocationJob({ db: ctx.db, octokit, jobId: job.id, runnerId }).catch((error: unknown) => {
        ctx.log.error({ err: safeErrorMessage(error) }, `revocation job ${job.id} stopped`);
      });
      return { jobId: job.id };
    },

    /** One grant with update_pat_access, as a one-item job (audited, resumable); answers when GitHub has. */
    async revokeOne({ orgId, grantId, reason, actor, actorType }: {
      orgId: number; grantId: number; reason: string; actor: string; actorType: RevocationActorType;
    }): Promise<{ jobId: number; outcome: RevocationItemStatus; error: string | null }> {
      const octokit = await clientFor(orgId);
      const { job, outcome, error } = await revokeGrant({ db: ctx.db, octokit, orgId, grantId, reason, actor, actorType });
      return { jobId: job.id, outcome, error };
    },

    /**
     * The org's jobs, newest first, `limit` a page: `before`/`after` a cursor (the page's `older`/`newer`)
     * reads the older/newer jobs past it (model/time-cursor.ts; a bad one is InvalidInput naming the field).
     */
    async list({ orgId, limit = 100, after, before }: { orgId: number; limit?: number; after?: string; before?: string }): Promise<{
      rows: RevocationJobSummary[]; older: string | null; newer: string | null;
    }> {
      const { rows: jobs, older, newer } = await listRevocationJobPage({ db: ctx.db, orgId, limit, ...decodeTimeKeyset({ after, before, list: "revocations" }) });
      const rows = jobs.map((j) => ({
        id: j.id, requestedBy: j.requestedBy, reason: j.reason, status: j.status, total: j.total, revoked: j.revoked, alreadyGone: j.alreadyGone,
        failed: j.failed, method: j.method, createdAt: j.createdAt, finishedAt: j.finishedAt, lastError: j.lastError, credentials: j.credentials,
      }));
      return { rows, older, newer };
    },

    /** One of the org's jobs with live counts and a page of its items; another org's job is NotFound. */
    async get({ orgId, jobId, status = [], afterGrantId, limit = 200 }: {
      orgId: number; jobId: number; status?: RevocationItemStatus[]; afterGrantId?: number; limit?: number;
    }): Promise<RevocationJobPage> {
      const job = await getRevocationJob({ db: ctx.db, jobId, orgId });
      const items = await listRevocationItems({ db: ctx.db, jobId, status, afterGrantId, limit: limit + 1 });
      const page = items.slice(0, limit);
      return { job, items: page, nextAfter: items.length > limit ? page[page.length - 1]!.grantId : null };
    },

    /**
     * The server's background runner (local only, never over the bridge): resumes unfinished jobs at
     * start, then polls for queued ones. One per engine; null without the GitHub App.
     */
    startWorker({ pollMs, pacingMs }: { pollMs?: number; pacingMs?: number } = {}): RevocationWorker | null {
      if (!ctx.hasGitHub()) return null;
      worker ??= startRevocationWorker({
        db: ctx.db, octokitFor: octokitForApp(ctx.github()), pollMs, pacingMs,
        log: { info: (m) => ctx.log.info(m), warn: (m) => ctx.log.warn(m) },
      });
      return worker;
    },
  };
}
