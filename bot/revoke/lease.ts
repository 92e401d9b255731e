// One runner per revocation job, across processes: a lease in revocation_jobs.lease_*, renewed
// while the job runs. A runner that died stops renewing, and its lease expires for the next one.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.ts";
import { acquireJobLease, getRevocationJobRow, releaseJobLease, renewJobLease } from "../../db/queries/revocations.ts";
import { Conflict } from "../../model/errors.ts";

export const DEFAULT_JOB_LEASE_TTL_MS = 30_000;

/** Identifies one runner (process and call); pass the same id to create and run a job to hold it throughout. */
export function newRunnerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export type JobLease = {
  /** Throws Conflict once another runner took the job over (ours had expired). */
  check: () => void;
  release: () => Promise<void>;
};

/**
 * True for a runner of this host whose process is gone (a crash or kill -9): a restarted server
 * need not wait for its lease to expire. A reused pid only makes us wait, never run twice.
 */
export function isDeadLocalRunner(owner: string | null): boolean {
  const m = owner ? /^(.*):(\d+):[^:]+$/.exec(owner) : null;
  if (!m || m[1] !== hostname() || Number(m[2]) === process.pid) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

export async function takeJobLease({ db, jobId, owner, ttlMs = DEFAULT_JOB_LEASE_TTL_MS, takeOverFrom, onRenewError }: {
  db: Db; jobId: number; owner: string; ttlMs?: number; takeOverFrom?: string; onRenewError?: (e: unknown) => void;
}): Promise<JobLease> {
  if (!(await acquireJobLease({ db, jobId, owner, ttlMs, takeOverFrom }))) {
    const held = await getRevocationJobRow({ db, jobId });
    throw new Conflict(
      `revocation job ${jobId} is being run by ${held?.leaseOwner ?? "another process"} (lease until ${held?.leaseUntil?.toISOString() ?? "?"}); wait for it to finish`,
    );
  }
  let lost = false;
  const timer = setInterval(() => {
    renewJobLease({ db, jobId, owner, ttlMs })
      .then((ok) => {
        if (!ok) lost = true;
      })
      .catch((e: unknown) => onRenewError?.(e));
  }, Math.max(50, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    check() {
      if (lost) throw new Conflict(`lost the lease of revocation job ${jobId} to another runner; stopped before the next call`);
    },
    async release() {
      clearInterval(timer);
      await releaseJobLease({ db, jobId, owner });
    },
  };
}
