// Picks up revocation jobs that are queued or were left running (a crash, a restart, a rate
// limit), one at a time. Items a dead runner left in flight are checked against GitHub's list
// first, so a call that landed before the crash is never counted twice.
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "../../db/client.ts";
import { getOrg } from "../../db/queries/orgs.ts";
import { getRevocationJobRow, listUnfinishedJobs, setJobStatus } from "../../db/queries/revocations.ts";
import type { Org } from "../../db/schema.ts";
import { safeErrorMessage } from "../../model/database-errors.ts";
import { Conflict } from "../../model/errors.ts";
import type { OctokitLike } from "../github/calls.ts";
import type { GitHubApp } from "../github/client.ts";
import { isDeadLocalRunner } from "./lease.ts";
import { runRevocationJob, type RevocationLog } from "./run-job.ts";
import type { RevocationJobView } from "./view.ts";

/** An installation client for an org; throw when there is none (the job then fails with the reason; `--job` reruns it). */
export type OctokitFor = (org: Org) => OctokitLike | Promise<OctokitLike>;

/** Installation clients of the App for the worker; an org without an installation cannot run. */
export function octokitForApp(github: Pick<GitHubApp, "installationOctokit">): OctokitFor {
  return (org) => {
    if (!org.installationId) throw new Error(`the App is not installed on ${org.login}; install it, then run \`patwarden revoke --org ${org.login} --job ID\``);
    return github.installationOctokit(org.installationId);
  };
}

export type ResumeResult = { finished: RevocationJobView[]; busy: number[]; errors: { jobId: number; error: string }[] };

export async function resumeRevocationJobs({ db, octokitFor, pacingMs, signal, log, leaseTtlMs }: {
  db: Db; octokitFor: OctokitFor; pacingMs?: number; signal?: AbortSignal; log?: RevocationLog; leaseTtlMs?: number;
}): Promise<ResumeResult> {
  const out: ResumeResult = { finished: [], busy: [], errors: [] };
  for (const { id: jobId, leaseOwner, leaseFree } of await listUnfinishedJobs({ db })) {
    if (signal?.aborted) break;
    const takeOverFrom = !leaseFree && isDeadLocalRunner(leaseOwner) ? leaseOwner! : undefined;
    if (!leaseFree && !takeOverFrom) {
      out.busy.push(jobId);
      continue;
    }
    const job = await getRevocationJobRow({ db, jobId });
    const org = job && (await getOrg({ db, orgId: job.orgId }));
    if (!job || !org) continue;
    let octokit: OctokitLike;
    try {
      octokit = await octokitFor(org);
    } catch (e) {
      // No client for the org (the App was uninstalled): retrying every poll would not help.
      const error = e instanceof Error ? e.message : String(e);
      out.errors.push({ jobId, error });
      log?.warn(`revocation job ${jobId} cannot run: ${error}`);
      await setJobStatus({ db, jobId, status: "failed", lastError: error, now: new Date() });
      continue;
    }
    try {
      log?.info(`running revocation job ${jobId} of ${org.login} (${job.status})`);
      out.finished.push(await runRevocationJob({ db, octokit, jobId, pacingMs, signal, log, leaseTtlMs, takeOverFrom }));
    } catch (e) {
      if (e instanceof Conflict) {
        out.busy.push(jobId);
        continue;
      }
      // Never a failed statement's SQL and parameters: they would land in the log and the job's last error.
      const error = safeErrorMessage(e);
      out.errors.push({ jobId, error });
      log?.warn(`revocation job ${jobId} could not run: ${error}`);
      await setJobStatus({ db, jobId, status: job.status, lastError: error, now: new Date() }).catch(() => {});
    }
  }
  return out;
}

export type RevocationWorker = {
  /** Look for work now (after a job was created) instead of at the next poll. */
  wake: () => void;
  stop: () => Promise<void>;
};

/** The server's background runner: resumes at start, then polls for queued jobs (the dashboard creates them). */
export function startRevocationWorker({ db, octokitFor, pollMs = 5_000, pacingMs, log }: {
  db: Db; octokitFor: OctokitFor; pollMs?: number; pacingMs?: number; log?: RevocationLog;
}): RevocationWorker {
  const stopping = new AbortController();
  /** Aborted by wake() or stop(): ends the wait between polls. */
  let waiting: AbortController | undefined;
  let woken = false;
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      woken = false;
      try {
        await resumeRevocationJobs({ db, octokitFor, pacingMs, signal: stopping.signal, log });
      } catch (e) {
        log?.warn(`revocation worker: ${safeErrorMessage(e)}`);
      }
      if (woken || stopping.signal.aborted) continue;
      waiting = new AbortController();
      await sleep(pollMs, undefined, { signal: waiting.signal }).catch(() => {}); // aborted: woken or stopping
      waiting = undefined;
    }
  })();
  return {
    wake: () => {
      woken = true;
      waiting?.abort();
    },
    async stop() {
      stopping.abort();
      waiting?.abort();
      await loop;
    },
  };
}
