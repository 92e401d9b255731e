// The scheduler's face: starts the engine's durable scheduled work (pg-boss: sync rounds, syncs,
// snapshots; bot/schedule) with the policy run and the scheduled report as its workers.
import type { Engine } from "../engine.ts";
import type { Env } from "../env.ts";
import type { Logger } from "../server/log.ts";
import type { Jobs, RetryRule } from "../schedule/verbs.ts";
import { runPolicyJob, runReportJob } from "./governance-jobs.ts";

export type { Jobs };
export type { JobName as RunnableJob } from "../../model/statuses.ts";

export type StartJobsOptions = {
  engine: Engine;
  env: Pick<Env, "SYNC_INTERVAL_MINUTES"> & Partial<Pick<Env, "NOTIFY_WEBHOOK_ALLOWED_HOSTS">>;
  log: Logger;
  signal?: AbortSignal;
  /** Tests shorten these; production keeps a minute of backoff and three retries. */
  retry?: RetryRule;
  pollingIntervalSeconds?: number;
  graceMs?: number;
};

export async function startJobs({ engine, env, log, signal, retry, pollingIntervalSeconds, graceMs }: StartJobsOptions): Promise<Jobs> {
  return engine.jobs.start({ intervalMinutes: env.SYNC_INTERVAL_MINUTES, retry, pollingIntervalSeconds, graceMs }, {
    log,
    signal,
    policy: (data) => runPolicyJob({ engine, log, data, webhookAllowedHosts: env.NOTIFY_WEBHOOK_ALLOWED_HOSTS }),
    report: (data) => runReportJob({ engine, log, data }),
  });
}
