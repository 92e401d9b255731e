// Durable scheduled work on pg-boss: queues and workers for every org's sync, policy run, daily
// snapshot and scheduled report. Jobs live in Postgres (or the embedded PGlite), so a restart
// loses nothing and several processes sharing one database split the work without doing any
// org's slot twice. The policy and report workers are the caller's (bot/jobs), run here with
// their outcome recorded like the others'.
import type PgBoss from "pg-boss";
import { withStartupLock } from "../../db/client.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import { NotFound } from "../../model/errors.ts";
import type { JobName } from "../../model/statuses.ts";
import type { EngineContext, EngineLog } from "../engine-context.ts";
import { createBoss } from "./boss.ts";
import { recordJobRun, type JobOutcome } from "./job-state.ts";
import {
  DEFAULT_RETRY, keepCompletedSeconds, nextSlotStart, OrgJobData, QUEUES, queueOptions, syncSlotSeconds, TICK_CRON, type RetryRule,
} from "./queues.ts";
import { runSnapshotJob } from "./snapshot-job.ts";
import { runSyncJob, runSyncRound } from "./sync-jobs.ts";
import { runTick } from "./tick.ts";

export type Jobs = {
  /** Graceful: running jobs get `graceMs` to finish; any still running is failed and retried after restart. */
  stop: () => Promise<void>;
  /** Queues one org's job now, outside its schedule (dashboard "sync now", tests). Returns the pg-boss job id. */
  runNow: (job: JobName, orgLogin: string, sync?: Pick<OrgJobData, "kind" | "trigger">) => Promise<string>;
  boss: PgBoss;
};

export type StartJobsInput = {
  intervalMinutes: number;
  /** Tests shorten these; production keeps a minute of backoff and three retries. */
  retry?: RetryRule;
  pollingIntervalSeconds?: number;
  graceMs?: number;
};

/** The workers that live outside the engine's scheduling: the policy run and the scheduled report. */
export type StartJobsHooks = {
  policy: (data: OrgJobData) => Promise<JobOutcome>;
  report: (data: OrgJobData) => Promise<JobOutcome>;
  log?: EngineLog;
  signal?: AbortSignal;
};

export async function startJobs(ctx: EngineContext, opts: StartJobsInput, hooks: StartJobsHooks): Promise<Jobs> {
  const { db, storage: handle } = ctx;
  const log = hooks.log ?? ctx.log;
  const github = ctx.github();
  const { intervalMinutes } = opts;
  const boss = createBoss({ handle, keepCompletedSeconds: keepCompletedSeconds({ intervalMinutes }) });
  boss.on("error", (err) => log.warn({ err: err.message }, "job queue error"));
  // Servers starting together would deadlock creating pg-boss's schema and queue tables: take turns.
  await withStartupLock({
    handle, name: "jobQueues",
    work: async () => {
      await boss.start();
      for (const queue of queueOptions({ retry: opts.retry ?? DEFAULT_RETRY })) {
        await boss.createQueue(queue.name, queue);
        await boss.updateQueue(queue.name, queue); // a changed retry rule applies to queues made by an older start
      }
      await boss.schedule(QUEUES.tick, TICK_CRON, {}, { tz: "UTC" });
    },
  });

  // Work is due by the minute, so a few seconds' polling delay costs nothing and keeps an idle
  // (embedded) database quiet: 6 queues at 5 s is about one query a second.
  const work = { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 5, includeMetadata: true } as const;
  const deps = { db, github, boss, log, intervalMinutes };
  await boss.work(QUEUES.tick, work, async () => {
    await runTick({ db, boss, intervalMinutes });
  });
  await boss.work(QUEUES.syncRound, work, async () => {
    const { queued } = await runSyncRound(deps);
    if (queued.length) log.info({ orgs: queued }, "scheduled syncs queued");
  });
  await boss.work<unknown>(QUEUES.sync, work, async ([job]) => {
    const data = OrgJobData.parse(job!.data);
    await recordJobRun({ db, orgId: data.orgId, job: "sync", meta: job!, nextRunAt: null, run: () => runSyncJob({ ...deps, data }) });
  });
  await boss.work<unknown>(QUEUES.snapshot, work, async ([job]) => {
    const data = OrgJobData.parse(job!.data);
    await recordJobRun({ db, orgId: data.orgId, job: "snapshot", meta: job!, nextRunAt: null, run: () => runSnapshotJob({ db, data }) });
  });
  await boss.work<unknown>(QUEUES.policy, work, async ([job]) => {
    const data = OrgJobData.parse(job!.data);
    const nextRunAt = nextSlotStart({ now: new Date(), seconds: syncSlotSeconds(intervalMinutes) }); // after the next sync
    await recordJobRun({ db, orgId: data.orgId, job: "policy", meta: job!, nextRunAt, run: () => hooks.policy(data) });
  });
  await boss.work<unknown>(QUEUES.report, work, async ([job]) => {
    const data = OrgJobData.parse(job!.data);
    await recordJobRun({ db, orgId: data.orgId, job: "report", meta: job!, nextRunAt: null, run: () => hooks.report(data) });
  });

  // The cron's first tick can be a minute away; a start ticks at once (every fan-out is slot-deduplicated).
  await boss.send(QUEUES.tick, {});

  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= boss.stop({ graceful: true, wait: true, timeout: opts.graceMs ?? 20_000 }));
  hooks.signal?.addEventListener("abort", () => void stop(), { once: true });
  return {
    boss,
    stop,
    async runNow(job, orgLogin, sync = {}) {
      const org = await findOrgByLogin({ db, login: orgLogin });
      if (!org) throw new NotFound(`org ${orgLogin}`);
      const data: OrgJobData = { orgId: org.id, login: org.login, manual: true, ...(job === "sync" ? sync : {}) };
      const id = await boss.send(QUEUES[job], data);
      if (!id) throw new Error(`the ${job} job for ${org.login} was not queued`);
      return id;
    },
  };
}
