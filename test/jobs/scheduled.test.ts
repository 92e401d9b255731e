// The pg-boss runner on one database (PGlite, or Postgres when DATABASE_URL is set): the minute
// tick syncs each org once per slot, job_states says what ran and what runs next, failures retry.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { listSyncRuns } from "../../db/queries/sync-runs.ts";
import { runTick } from "../../bot/schedule/tick.ts";
import { nextSlotStart } from "../../bot/schedule/queues.ts";
import { nextReportAt } from "../../bot/schedule/report-schedule.ts";
import { listReports } from "../../db/queries/reports.ts";
import type { Jobs } from "../../bot/jobs/index.ts";
import { createJobBench, jobState, orgOf, startTestJobs, waitFor, type JobBench } from "./setup.ts";

// Real timers and a shared two-core machine: a runner and its polls need more than the default minute.
vi.setConfig({ testTimeout: 150_000 });

let bench: JobBench;
let jobs: Jobs | undefined;

beforeAll(async () => {
  bench = await createJobBench();
}, 180_000);
afterAll(async () => {
  await jobs?.stop();
  await bench?.close();
}, 60_000);

describe("scheduled sync", () => {
  it("the tick finds the installed orgs and syncs each once; a second tick in the same slot adds nothing", async () => {
    jobs = await startTestJobs(bench);
    const done = (login: string) => async () => {
      const org = await orgOf(bench, login).catch(() => undefined);
      const state = org && (await jobState(bench, org.id, "sync"));
      return state?.lastOutcome?.startsWith("succeeded") ? state : undefined;
    };
    const acmeState = await waitFor("acme's scheduled sync", done("acme"));
    await waitFor("globex's scheduled sync", done("globex"));
    const acme = await orgOf(bench, "acme");
    const globex = await orgOf(bench, "globex");

    // Another tick in the same hour slot (a second process, or the next minute) queues nothing new.
    const again = await runTick({ db: bench.handle.db, boss: jobs.boss, intervalMinutes: 60 });
    expect(again.syncRound).toBe(false);
    await new Promise((r) => setTimeout(r, 2000));

    for (const org of [acme, globex]) {
      const runs = await listSyncRuns({ db: bench.handle.db, orgId: org.id });
      expect(runs.map((r) => ({ kind: r.kind, trigger: r.trigger, status: r.status }))).toEqual([{ kind: "full", trigger: "schedule", status: "succeeded" }]);
    }
    expect(acmeState.lastOutcome).toBe("succeeded: full, 25 grants seen");
    expect(acmeState.lastError).toBeNull();
    expect(acmeState.lastStartedAt!.getTime()).toBeLessThanOrEqual(acmeState.lastFinishedAt!.getTime());
    // The next run is the start of the next hour slot.
    expect(acmeState.nextRunAt!.getTime()).toBe(nextSlotStart({ now: acmeState.lastFinishedAt!, seconds: 3600 }).getTime());
  });

  it("each scheduled sync is followed by a policy run; a due weekly report is generated once", async () => {
    const acme = await orgOf(bench, "acme");
    const policy = await waitFor("acme's policy run", async () => {
      const s = await jobState(bench, acme.id, "policy");
      return s?.lastOutcome?.startsWith("succeeded") ? s : undefined;
    });
    expect(policy.lastOutcome).toMatch(/^succeeded: run \d+, \d+ items/);
    // The next tick (run here, or the cron's if a minute passed): no scheduled report yet this week, and the org has synced.
    await runTick({ db: bench.handle.db, boss: jobs!.boss, intervalMinutes: 60 });
    const report = await waitFor("acme's report", async () => {
      const s = await jobState(bench, acme.id, "report");
      return s?.lastOutcome?.startsWith("succeeded") ? s : undefined;
    });
    const reports = await listReports({ db: bench.handle.db, orgId: acme.id });
    expect(reports.map((r) => [r.trigger, r.requestedBy])).toEqual([["schedule", "patwarden[schedule]"]]);
    expect(report.lastOutcome).toBe(`succeeded: report ${reports[0]!.id}`);
    expect(report.nextRunAt!.getTime()).toBe(nextReportAt({ schedule: "weekly", now: report.lastStartedAt! })!.getTime());
    // Once this week's succeeded, later ticks queue no more.
    const later = await runTick({ db: bench.handle.db, boss: jobs!.boss, intervalMinutes: 60 });
    expect(later.reports).not.toContain("acme");
    await new Promise((r) => setTimeout(r, 1500));
    expect((await listReports({ db: bench.handle.db, orgId: acme.id })).length).toBe(1);
  });

  it("a failing sync is recorded with its error, retried, and then succeeds", async () => {
    const globex = await orgOf(bench, "globex");
    // Every call for globex's grants fails until cleared; the client's own retries give up too.
    bench.sim.control.injectFault({ path: "/orgs/globex/personal-access-tokens", status: 500, count: -1 });
    const before = (await listSyncRuns({ db: bench.handle.db, orgId: globex.id })).length;
    await jobs!.runNow("sync", "globex");
    const failed = await waitFor("the recorded failure", async () => {
      const s = await jobState(bench, globex.id, "sync");
      return s?.lastOutcome?.startsWith("failed") ? s : undefined;
    });
    expect(failed.lastOutcome).toMatch(/^failed, retry 1 of 2$/);
    expect(failed.lastError).toMatch(/500|Internal|server error/i);
    expect(failed.nextRunAt!.getTime()).toBeGreaterThan(failed.lastFinishedAt!.getTime());
    bench.sim.control.clearFaults();
    const recovered = await waitFor("the retry to succeed", async () => {
      const s = await jobState(bench, globex.id, "sync");
      return s?.lastOutcome?.startsWith("succeeded") ? s : undefined;
    });
    expect(recovered.lastError).toBeNull();
    const runs = await listSyncRuns({ db: bench.handle.db, orgId: globex.id });
    expect(runs.length).toBe(before + 2);
    expect(runs.slice(0, 2).map((r) => r.status)).toEqual(["succeeded", "failed"]);
  });
});
