// Jobs live in the database: one queued while no runner is up is done by the next runner to start.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { listSnapshots } from "../../db/queries/snapshots.ts";
import { createBoss } from "../../bot/schedule/boss.ts";
import type { Jobs } from "../../bot/jobs/index.ts";
import { QUEUES, type OrgJobData } from "../../bot/schedule/queues.ts";
import { createJobBench, jobState, orgOf, startTestJobs, waitFor, type JobBench } from "./setup.ts";

// Real timers and a shared two-core machine: a runner and its polls need more than the default minute.
vi.setConfig({ testTimeout: 150_000 });

let bench: JobBench;
let jobs: Jobs | undefined;

beforeAll(async () => {
  bench = await createJobBench({ orgs: [{ login: "acme", grants: 10, requests: 3 }] });
}, 180_000);
afterAll(async () => {
  await jobs?.stop();
  await bench?.close();
}, 60_000);

it("a job queued while the runner was stopped is picked up by the next runner on the same database", async () => {
  const first = await startTestJobs(bench);
  await waitFor("the first runner's sync", async () => {
    const org = await orgOf(bench, "acme").catch(() => undefined);
    return org && (await jobState(bench, org.id, "sync"))?.lastOutcome?.startsWith("succeeded");
  });
  await first.stop();
  const acme = await orgOf(bench, "acme");

  // A snapshot queued with no runner up (what a crash between queueing and running leaves behind).
  const boss = createBoss({ handle: bench.handle, keepCompletedSeconds: 86_400 });
  await boss.start();
  const id = await boss.send(QUEUES.snapshot, { orgId: acme.id, login: "acme" } satisfies OrgJobData);
  await boss.stop({ graceful: false, close: true });
  expect(id).toBeTruthy();
  expect(await listSnapshots({ db: bench.handle.db, orgId: acme.id })).toEqual([]);

  jobs = await startTestJobs(bench);
  const state = await waitFor("the queued snapshot", async () => {
    const s = await jobState(bench, acme.id, "snapshot");
    return s?.lastOutcome?.startsWith("succeeded") ? s : undefined;
  });
  const job = await jobs.boss.getJobById(QUEUES.snapshot, id!);
  expect(job?.state).toBe("completed");
  const snapshots = await listSnapshots({ db: bench.handle.db, orgId: acme.id });
  expect(snapshots).toHaveLength(1);
  expect(snapshots[0]!.activeGrants).toBe(10);
  expect(state.lastOutcome).toMatch(/^succeeded: \d{4}-\d\d-\d\d: 10 active/);
  // The next one is tomorrow's, late in the UTC day.
  expect(state.nextRunAt!.toISOString()).toMatch(/T23:55:00\.000Z$/);
  expect(state.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
});
