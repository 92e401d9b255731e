// Several `patwarden start` processes on one database each run a revocation worker
// (bot/server/serve.ts → revocations.startWorker). Started together on the same queued jobs, they
// split them: every job runs once, every grant is sent to GitHub once and audited once. Under
// Postgres each worker has its own pool, as a process would; under PGlite they share the one handle.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { openDb, type DbHandle } from "../../db/client.ts";
import { createRevocationJob, getRevocationJob, startRevocationWorker } from "../../bot/revoke/index.ts";
import {
  acceptedBulk, activeGrantIds, expectNoIdAcceptedTwice, expectOneAuditEach, simGrantIds, startRevokeHarness,
  type OrgInfo, type RecordedCall, type RevokeHarness,
} from "../revoke/harness.ts";

let hs: RevokeHarness;
let acme: OrgInfo;
let second: DbHandle | undefined;

beforeAll(async () => {
  hs = await startRevokeHarness({ orgs: [{ login: "acme", grants: 300, subsetShare: 0 }] });
  await hs.sync("acme");
  acme = await hs.org("acme");
  second = hs.h.databaseUrl ? await openDb({ databaseUrl: hs.h.databaseUrl, max: 5 }) : undefined;
}, 180_000);
afterAll(async () => {
  await second?.close();
  await hs?.close();
});

it("two servers' revocation workers started on the same queued jobs run each job once and send each grant once", async () => {
  const before = simGrantIds(hs.sim, "acme");
  const all = await activeGrantIds({ h: hs.h, orgId: acme.id });
  // Six disjoint jobs of 30 grants (one bulk call each), queued as the dashboard queues them.
  const selections = Array.from({ length: 6 }, (_, i) => all.slice(i * 30, (i + 1) * 30));
  const jobs: { id: number }[] = [];
  for (const ids of selections) {
    jobs.push(await createRevocationJob({ db: hs.h.db, orgId: acme.id, target: { ids }, reason: "offboarding", actor: "alice", actorType: "user", confirmation: "acme" }));
  }
  const a = await hs.recording("acme");
  const b = await hs.recording("acme");
  const workers = [
    startRevocationWorker({ db: hs.h.db, octokitFor: () => a.octokit, pollMs: 60_000, pacingMs: 0 }),
    startRevocationWorker({ db: (second ?? hs.h).db, octokitFor: () => b.octokit, pollMs: 60_000, pacingMs: 0 }),
  ];
  try {
    const statusOf = async (id: number) => (await getRevocationJob({ db: hs.h.db, jobId: id })).status;
    await vi.waitFor(async () => {
      for (const job of jobs) expect(await statusOf(job.id)).toBe("succeeded");
    }, { timeout: 60_000, interval: 100 });
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
  const calls: RecordedCall[] = [...a.calls, ...b.calls];
  // No call refused (GitHub answers 422 to an id already revoked) and one accepted call per job.
  expect(calls.filter((c) => c.status < 200 || c.status > 299)).toEqual([]);
  expect(acceptedBulk(calls)).toHaveLength(jobs.length);
  expectNoIdAcceptedTwice(calls);
  for (const [i, job] of jobs.entries()) {
    await expectOneAuditEach({ h: hs.h, orgId: acme.id, jobId: job.id, ids: selections[i]! });
    expect((await getRevocationJob({ db: hs.h.db, jobId: job.id })).counts).toMatchObject({ revoked: 30, failed: 0 });
  }
  // Exactly the selection left GitHub's list.
  const after = simGrantIds(hs.sim, "acme");
  expect([...before].filter((id) => !after.has(id)).sort((x, y) => x - y)).toEqual(selections.flat().sort((x, y) => x - y));
}, 120_000);
