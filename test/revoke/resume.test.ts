// A job stopped or crashed mid-way is finished by a fresh runner: no id is accepted twice, nothing
// outside the selection is touched, and every grant gets exactly one audit entry. One runner per job.
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { acquireJobLease } from "../../db/queries/revocations.ts";
import { Conflict } from "../../model/errors.ts";
import {
  createRevocationJob, getRevocationJob, listRevocationItems, newRunnerId, resumeRevocationJobs, runRevocationJob, startRevocationWorker,
} from "../../bot/revoke/index.ts";
import {
  acceptedBulk, activeGrantIds, expectNoIdAcceptedTwice, expectOneAuditEach, simGrantIds, startRevokeHarness,
  type OrgInfo, type RevokeHarness,
} from "./harness.ts";

let hs: RevokeHarness;
let acme: OrgInfo;

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 900, subsetShare: 0 }] });
  await hs.sync("acme");
  acme = await hs.org("acme");
});
afterAll(() => hs?.close());
beforeEach(() => hs.sim.control.clearFaults());

const create = (ids: number[], runnerId?: string) =>
  createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "r", actor: "a", actorType: "user", confirmation: "acme", runnerId });

/** The selection left GitHub's list, and nothing else did. */
function expectExactlyRevoked(before: Set<number>, ids: number[]) {
  const after = simGrantIds(hs.sim, "acme");
  expect([...before].filter((id) => !after.has(id)).sort()).toEqual([...ids].sort());
}

it("stopped by its signal after two batches, a fresh runner finishes the job", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 350);
  const before = simGrantIds(hs.sim, "acme");
  const stop = new AbortController();
  const first = await hs.recording("acme");
  const job = await create(ids);
  const stopped = await runRevocationJob({
    db: hs.h.db, octokit: first.octokit, jobId: job.id, pacingMs: 0, signal: stop.signal,
    onProgress: (v) => v.done >= 200 && stop.abort(),
  });
  expect(stopped).toMatchObject({ status: "running", running: false, counts: { revoked: 200, pending: 150, inFlight: 0 } });
  expect(acceptedBulk(first.calls)).toHaveLength(2);

  const second = await hs.recording("acme");
  const { finished } = await resumeRevocationJobs({ db: hs.h.db, octokitFor: () => second.octokit, pacingMs: 0 });
  expect(finished.map((j) => j.status)).toEqual(["succeeded"]);
  expect(acceptedBulk(second.calls)).toHaveLength(2);
  expectNoIdAcceptedTwice([...first.calls, ...second.calls]);
  expectExactlyRevoked(before, ids);
  await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
});

it("stopped by its signal during its last batch (a server shutting down), the job still ends succeeded, not running", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 150);
  const stop = new AbortController();
  const { octokit, calls } = await hs.recording("acme");
  const job = await create(ids);
  const done = await runRevocationJob({
    db: hs.h.db, octokit, jobId: job.id, pacingMs: 0, signal: stop.signal,
    onProgress: (v) => v.done === ids.length && stop.abort(),
  });
  expect(stop.signal.aborted).toBe(true);
  expect(done).toMatchObject({ status: "succeeded", lastError: null, counts: { revoked: 150, pending: 0, inFlight: 0 } });
  expect(acceptedBulk(calls)).toHaveLength(2);
  await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
});

it("a crash after GitHub applied a batch but before it was recorded: the resume sees those grants gone and sends them no more", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 250);
  const before = simGrantIds(hs.sim, "acme");
  const first = await hs.recording("acme");
  const crashing = {
    async request(route: string, options?: Record<string, unknown>) {
      const res = await first.octokit.request(route, options);
      if (route.startsWith("POST") && first.calls.length === 2) throw new Error("process killed"); // the answer is lost
      return res;
    },
  };
  const job = await create(ids);
  await expect(runRevocationJob({ db: hs.h.db, octokit: crashing, jobId: job.id, pacingMs: 0 })).rejects.toThrow("process killed");
  const crashed = await getRevocationJob({ db: hs.h.db, jobId: job.id });
  expect(crashed.counts).toMatchObject({ revoked: 100, inFlight: 100, pending: 50 });

  const second = await hs.recording("acme");
  const { finished } = await resumeRevocationJobs({ db: hs.h.db, octokitFor: () => second.octokit, pacingMs: 0 });
  expect(finished[0]).toMatchObject({ id: job.id, status: "succeeded", counts: { revoked: 150, alreadyGone: 100, failed: 0 } });
  expect(second.calls.map((c) => c.ids.length)).toEqual([50]); // only the batch never sent
  expectNoIdAcceptedTwice([...first.calls, ...second.calls]);
  expectExactlyRevoked(before, ids);
  const items = await listRevocationItems({ db: hs.h.db, jobId: job.id, status: ["already_gone"] });
  expect(items.map((i) => i.grantId)).toEqual(first.calls[1]!.ids.slice().sort((a, b) => a - b));
  await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
});

it("in-flight grants GitHub still lists (the call never landed) are sent again", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 120);
  const first = await hs.recording("acme", ({ index }) => {
    if (index === 1) throw new Error("process killed before the call left");
  });
  const job = await create(ids);
  await expect(runRevocationJob({ db: hs.h.db, octokit: first.octokit, jobId: job.id, pacingMs: 0 })).rejects.toThrow("process killed");
  expect((await getRevocationJob({ db: hs.h.db, jobId: job.id })).counts).toMatchObject({ revoked: 100, inFlight: 20 });
  const second = await hs.recording("acme");
  const { finished } = await resumeRevocationJobs({ db: hs.h.db, octokitFor: () => second.octokit, pacingMs: 0 });
  expect(finished[0]).toMatchObject({ status: "succeeded", counts: { revoked: 120, alreadyGone: 0 } });
  expect(second.calls.map((c) => [c.status, c.ids.length])).toEqual([[202, 20]]);
  await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids });
});

it("one runner per job: a second runner is refused while the lease is held, and takes over once it expires", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 5);
  const { octokit, calls } = await hs.recording("acme");
  const job = await create(ids);
  // A runner that died holding the lease (it never released it).
  expect(await acquireJobLease({ db: hs.h.db, jobId: job.id, owner: "dead-host:1:x", ttlMs: 400 })).toBe(true);
  await expect(runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0 })).rejects.toBeInstanceOf(Conflict);
  expect(await resumeRevocationJobs({ db: hs.h.db, octokitFor: () => octokit, pacingMs: 0 })).toMatchObject({ finished: [] });
  expect(calls).toEqual([]);
  await new Promise((r) => setTimeout(r, 500));
  const { finished } = await resumeRevocationJobs({ db: hs.h.db, octokitFor: () => octokit, pacingMs: 0 });
  expect(finished.map((j) => [j.id, j.status])).toEqual([[job.id, "succeeded"]]);
});

it("a job created with a runner id is held from the start: a worker cannot take it first", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 2);
  const runnerId = newRunnerId();
  const { octokit, calls } = await hs.recording("acme");
  const job = await create(ids, runnerId);
  expect(await resumeRevocationJobs({ db: hs.h.db, octokitFor: () => octokit, pacingMs: 0 })).toMatchObject({ finished: [] });
  const done = await runRevocationJob({ db: hs.h.db, octokit, jobId: job.id, pacingMs: 0, runnerId });
  expect(done.status).toBe("succeeded");
  expect(calls).toHaveLength(1);
});

it("a lease held by a dead process of this host is taken over at once (a restarted server need not wait)", async () => {
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 2);
  const { octokit, calls } = await hs.recording("acme");
  const job = await create(ids);
  const gone = spawnSync(process.execPath, ["-e", ""]).pid!; // a pid that has exited
  expect(await acquireJobLease({ db: hs.h.db, jobId: job.id, owner: `${hostname()}:${gone}:deadbeef`, ttlMs: 600_000 })).toBe(true);
  const { finished, busy } = await resumeRevocationJobs({ db: hs.h.db, octokitFor: () => octokit, pacingMs: 0 });
  expect(busy).toEqual([]);
  expect(finished.map((j) => [j.id, j.status])).toEqual([[job.id, "succeeded"]]);
  expect(calls).toHaveLength(1);

  // A live runner of this process is never taken over.
  const other = await create((await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(0, 1));
  expect(await acquireJobLease({ db: hs.h.db, jobId: other.id, owner: newRunnerId(), ttlMs: 600_000 })).toBe(true);
  expect(await resumeRevocationJobs({ db: hs.h.db, octokitFor: () => octokit, pacingMs: 0 })).toMatchObject({ finished: [], busy: [other.id] });
});

it("the server's worker runs a queued job (as the dashboard creates them), and fails one whose org has no client", async () => {
  // The first active grant belongs to the job the test above leaves held: a new job must not overlap it.
  const ids = (await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(1, 4);
  const { octokit } = await hs.recording("acme");
  const job = await create(ids);
  let noClient = true;
  const worker = startRevocationWorker({
    db: hs.h.db, pollMs: 60_000, pacingMs: 0,
    octokitFor: () => {
      if (noClient) throw new Error("the App is not installed on acme");
      return octokit;
    },
  });
  // Waits on the outcome, however slow a shared machine is.
  const statusOf = async (id: number) => (await getRevocationJob({ db: hs.h.db, jobId: id })).status;
  try {
    await vi.waitFor(async () => expect(await statusOf(job.id)).toBe("failed"), { timeout: 30_000, interval: 50 });
    expect(await getRevocationJob({ db: hs.h.db, jobId: job.id })).toMatchObject({ lastError: "the App is not installed on acme", counts: { pending: 3 } });
    noClient = false;
    // Past the grants of the held job and of the failed one (still active in the inventory).
    const again = await create((await activeGrantIds({ h: hs.h, orgId: acme.id })).slice(4, 6));
    worker.wake(); // no waiting for the next poll (a minute away)
    await vi.waitFor(async () => expect(await statusOf(again.id)).toBe("succeeded"), { timeout: 30_000, interval: 50 });
    expect((await getRevocationJob({ db: hs.h.db, jobId: again.id })).counts.revoked).toBe(2);
  } finally {
    await worker.stop();
  }
}, 90_000);
