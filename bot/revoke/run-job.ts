// Runs a revocation job to the end, or until stopped: its frozen batches in order, one GitHub
// call at a time, paced. Before each batch GitHub is asked which grants it still lists (read
// before writing), so grants revoked elsewhere — or by a call of ours whose answer a crash lost —
// become already_gone without being sent again. Each batch is marked in flight before its call,
// and each grant's outcome is settled exactly once (db/queries/revocations.ts).
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../db/client.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import {
  getRevocationJobRow, listRemovedGrantIds, markItemsInFlight, nextUnfinishedBatch, noteItemsError, setJobStatus, settleItems,
} from "../../db/queries/revocations.ts";
import type { RevocationItem, RevocationJob } from "../../db/schema.ts";
import { NotFound, PatwardenError } from "../../model/errors.ts";
import type { OctokitLike } from "../github/calls.ts";
import { findListedIds, sendBulkRevoke, sendSingleRevoke, type CallOutcome } from "./github-calls.ts";
import { noteGrantsChanged } from "../orgs/org-summary.ts";
import { applyIsolating, type IdOutcome } from "./isolate.ts";
import { newRunnerId, takeJobLease, type JobLease } from "./lease.ts";
import { appendJobAudit } from "./job-audit.ts";
import { removeCredentialItems } from "./remove-credentials.ts";
import { listUnfinishedCredentialItems } from "../../db/queries/revocation-credentials.ts";
import { getRevocationJob, type RevocationJobView } from "./view.ts";

/** GitHub asks integrations to wait at least a second between mutating requests (docs/github-api.md §7). */
export const DEFAULT_PACING_MS = 1000;

export type RevocationLog = { info: (msg: string) => unknown; warn: (msg: string) => unknown };

export type RunRevocationJobOptions = {
  db: Db;
  /** An installation client for the job's org (any Octokit with `.request`). */
  octokit: OctokitLike;
  jobId: number;
  /** Pause between mutating calls; tests use 0. */
  pacingMs?: number;
  /** Stops between calls; the job stays resumable. */
  signal?: AbortSignal;
  /** The runner id a job was created with (createRevocationJob's runnerId), to keep its lease. */
  runnerId?: string;
  leaseTtlMs?: number;
  /** The lease owner of a runner known to be dead, whose lease may be taken before it expires. */
  takeOverFrom?: string;
  /** Called after every settled group of grants (progress for the CLI). */
  onProgress?: (job: RevocationJobView) => void;
  log?: RevocationLog;
  now?: () => Date;
};

class Stopped extends Error {}

/**
 * Returns the job as it stands afterwards. A job stopped by the signal, a rate limit or an
 * outage stays `running` (with `lastError`) for a resume; lost permissions or an org the App can
 * no longer reach make it `failed`. Throws Conflict when another runner holds the job.
 */
export async function runRevocationJob(opts: RunRevocationJobOptions): Promise<RevocationJobView> {
  const { db, jobId } = opts;
  const now = opts.now ?? (() => new Date());
  const job = await getRevocationJobRow({ db, jobId });
  if (!job) throw new NotFound(`revocation job ${jobId} does not exist`);
  if (job.dryRun || job.status === "succeeded") return getRevocationJob({ db, jobId });
  // A failed job whose grants all have an outcome has nothing left to send (failed grants stay failed).
  if (job.status === "failed" && (await nextUnfinishedBatch({ db, jobId })).length === 0
    && (await listUnfinishedCredentialItems({ db, jobId })).length === 0) return getRevocationJob({ db, jobId });
  const lease = await takeJobLease({ db, jobId, owner: opts.runnerId ?? newRunnerId(), ttlMs: opts.leaseTtlMs, takeOverFrom: opts.takeOverFrom,
    onRenewError: (e) => opts.log?.warn(`could not renew the lease of revocation job ${jobId}: ${String(e)}`) });
  try {
    const org = await getOrg({ db, orgId: job.orgId });
    if (!org) throw new NotFound(`organization ${job.orgId} of revocation job ${jobId} is no longer known`);
    await setJobStatus({ db, jobId, status: "running", lastError: null, now: now() });
    const stoppedBy = await runBatches({ opts, job: { ...job, status: "running" }, login: org.login, lease, now });
    if (stoppedBy) {
      await setJobStatus({ db, jobId, status: stoppedBy.fatal ? "failed" : "running", lastError: stoppedBy.message, now: now() });
      opts.log?.warn(`revocation job ${jobId} stopped: ${stoppedBy.message}`);
      if (stoppedBy.fatal) await appendJobAudit({ db, job: (await getRevocationJobRow({ db, jobId }))!, result: "failure", now: now(), error: stoppedBy.message });
    } else {
      const done = await getRevocationJobRow({ db, jobId });
      await setJobStatus({ db, jobId, status: done!.failed > 0 ? "failed" : "succeeded", now: now() });
      await appendJobAudit({ db, job: done!, result: done!.failed > 0 ? "failure" : "success", now: now() });
      // A finished job's counts are in the org's summary before it says so: the roll-up and the
      // overview read right after it (patwarden orgs after offboard) must not show the removed items.
      await noteGrantsChanged({ db, orgId: job.orgId, now, log: opts.log, final: true })
        .catch((e: unknown) => opts.log?.warn(`could not recount the summary of org ${job.orgId}: ${String(e)}`));
    }
  } finally {
    await lease.release().catch((e: unknown) => opts.log?.warn(`could not release the lease of revocation job ${jobId}: ${String(e)}`));
  }
  return getRevocationJob({ db, jobId });
}

/** null when every batch ran; otherwise why the run stopped and whether a resume may continue it. */
async function runBatches({ opts, job, login, lease, now }: {
  opts: RunRevocationJobOptions; job: RevocationJob; login: string; lease: JobLease; now: () => Date;
}): Promise<{ message: string; fatal: boolean } | null> {
  const { db, octokit, signal } = opts;
  const pacingMs = opts.pacingMs ?? DEFAULT_PACING_MS;
  let lastMutation = 0;

  const beforeCall = async (ids: number[]) => {
    const wait = lastMutation + pacingMs - Date.now();
    if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => {}); // aborted: stopped just below
    if (signal?.aborted) throw new Stopped("stopped on request; resume to finish");
    lease.check();
    await markItemsInFlight({ db, jobId: job.id, grantIds: ids, now: now() });
    lastMutation = Date.now();
  };
  const afterCall = () => void (lastMutation = Date.now());
  const settle = async (ids: number[], outcome: IdOutcome, error?: string) => {
    const status = outcome === "done" ? "revoked" : outcome === "gone" ? "already_gone" : "failed";
    const settled = await settleItems({ db, job, grantIds: ids, status, error, now: now() });
    if (settled.length) noteGrantsChanged({ db, orgId: job.orgId, now }); // the overview's summary, debounced, in the background
    if (settled.length && opts.onProgress) opts.onProgress(await getRevocationJob({ db, jobId: job.id }));
  };

  try {
    for (;;) {
      lease.check();
      const items = await nextUnfinishedBatch({ db, jobId: job.id });
      // Nothing left to send: the job is finished even when a stop was asked for during its last
      // batch (a server shutting down must not leave a done job `running` for the next start).
      if (items.length === 0) break;
      if (signal?.aborted) throw new Stopped("stopped on request; resume to finish");
      await runBatch({ items });
    }
    // Then the SSO credential authorizations, one DELETE each (nothing to do for a grants-only job).
    await removeCredentialItems({
      db, octokit, job, login, now, beforeCall: () => beforeCall([]), afterCall,
      onSettled: async (n) => {
        if (n) noteGrantsChanged({ db, orgId: job.orgId, now }); // the summary counts credentials too
        if (n && opts.onProgress) opts.onProgress(await getRevocationJob({ db, jobId: job.id }));
      },
    });
    return null;
  } catch (e) {
    if (e instanceof Stopped) return { message: e.message, fatal: false };
    if (!(e instanceof PatwardenError)) throw e;
    // Lost permissions or an org the App can no longer see will not heal by retrying.
    return { message: e.message, fatal: e.kind === "Forbidden" || e.kind === "NotFound" };
  }

  async function runBatch({ items }: { items: RevocationItem[] }): Promise<void> {
    const byId = new Map(items.map((it) => [it.grantId, it]));
    const findStillListed = (ids: number[]) =>
      findListedIds({ octokit, login, of: "grants", items: ids.map((id) => ({ id, tokenId: byId.get(id)!.tokenId })) });
    // The inventory already knows some are gone (another job, or a sync that verified it): no call.
    const removed = new Set(await listRemovedGrantIds({ db, orgId: job.orgId, grantIds: [...byId.keys()] }));
    await settle([...removed], "gone");
    let ids = items.map((it) => it.grantId).filter((id) => !removed.has(id));
    const listed = await findStillListed(ids);
    if (listed) {
      await settle(ids.filter((id) => !listed.has(id)), "gone");
      ids = ids.filter((id) => listed.has(id));
    }
    const send = async (batch: number[]): Promise<CallOutcome> => {
      await beforeCall(batch);
      const result = job.method === "single" && batch.length === 1
        ? await sendSingleRevoke({ octokit, login, patId: batch[0]! })
        : await sendBulkRevoke({ octokit, login, patIds: batch });
      afterCall();
      return result;
    };
    await applyIsolating({
      ids,
      send,
      findStillListed,
      // A lone id GitHub refused in a bulk call while still listing it: the per-id endpoint decides (404 = gone).
      decideOne: async (id) => {
        await beforeCall([id]);
        const r = await sendSingleRevoke({ octokit, login, patId: id });
        afterCall();
        if (r.ok) return { outcome: "done" };
        if (r.kind === "refused" && r.status === 404) return { outcome: "gone" };
        return { outcome: "failed", error: r.error };
      },
      settle,
      noteRetry: (batch, error) => noteItemsError({ db, jobId: job.id, grantIds: batch, error, now: now() }),
    });
  }
}

