// The sync round's choices: paused orgs are left alone, an org synced in this slot already is
// skipped, and a full sweep under a day old makes the scheduled sync incremental.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { markOrgSynced, setOrgSyncPaused } from "../../db/queries/orgs.ts";
import { listSyncRuns } from "../../db/queries/sync-runs.ts";
import type { Jobs } from "../../bot/jobs/index.ts";
import { syncOrgs } from "../../bot/sync/sync-orgs.ts";
import { createJobBench, jobState, orgOf, startTestJobs, waitFor, type JobBench } from "./setup.ts";

// Real timers and a shared two-core machine: a runner and its polls need more than the default minute.
vi.setConfig({ testTimeout: 150_000 });

let bench: JobBench;
let jobs: Jobs | undefined;

beforeAll(async () => {
  bench = await createJobBench({ orgs: [{ login: "acme", grants: 12 }, { login: "globex", grants: 5 }, { login: "initech", grants: 5 }] });
  const { results } = await syncOrgs({ db: bench.handle.db, github: bench.github, kind: "full", trigger: "test" });
  expect(results.every((r) => r.ok)).toBe(true);
}, 180_000);
afterAll(async () => {
  await jobs?.stop();
  await bench?.close();
}, 60_000);

it("syncs incrementally after a recent full sweep, skips paused orgs and orgs already synced this slot", async () => {
  const db = bench.handle.db;
  const [acme, globex, initech] = [await orgOf(bench, "acme"), await orgOf(bench, "globex"), await orgOf(bench, "initech")];
  // acme: last sync two hours ago (an earlier slot), full sweep still under a day old.
  await markOrgSynced({ db, orgId: acme.id, kind: "incremental", startedAt: new Date(Date.now() - 2 * 3600_000) });
  await setOrgSyncPaused({ db, orgId: globex.id, paused: true });
  // initech: synced just now by the setup, so this hour's slot is done.
  jobs = await startTestJobs(bench);
  const acmeState = await waitFor("acme's scheduled sync", async () => {
    const s = await jobState(bench, acme.id, "sync");
    return s?.lastOutcome?.startsWith("succeeded") ? s : undefined;
  });
  expect(acmeState.lastOutcome).toMatch(/^succeeded: incremental/);
  const acmeRuns = await listSyncRuns({ db, orgId: acme.id });
  expect(acmeRuns.map((r) => `${r.kind}/${r.trigger}/${r.status}`)).toEqual(["incremental/schedule/succeeded", "full/test/succeeded"]);
  expect((await listSyncRuns({ db, orgId: globex.id })).map((r) => r.trigger)).toEqual(["test"]);
  expect((await listSyncRuns({ db, orgId: initech.id })).map((r) => r.trigger)).toEqual(["test"]);
  // The skipped org still shows when it runs next: the next hour slot.
  const initechState = await jobState(bench, initech.id, "sync");
  expect(initechState?.lastStartedAt ?? null).toBeNull();
  expect(initechState?.nextRunAt?.getTime()).toBe(Math.ceil(Date.now() / 3600_000) * 3600_000);
});

it("runNow queues one org's sync as asked (the dashboard's sync now: full, its own trigger, paused orgs too)", async () => {
  const db = bench.handle.db;
  const globex = await orgOf(bench, "globex");
  await jobs!.runNow("sync", "globex", { kind: "full", trigger: "dashboard:alice" });
  const state = await waitFor("globex's requested sync", async () => {
    const s = await jobState(bench, globex.id, "sync");
    return s?.lastOutcome?.startsWith("succeeded") ? s : undefined;
  });
  expect(state.lastOutcome).toBe("succeeded: full, 5 grants seen");
  const runs = await listSyncRuns({ db, orgId: globex.id });
  expect(runs.map((r) => `${r.kind}/${r.trigger}/${r.status}`)).toEqual(["full/dashboard:alice/succeeded", "full/test/succeeded"]);
});
