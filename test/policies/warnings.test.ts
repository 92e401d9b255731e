// Warning rows: opened once (an overlapping run cannot restart the grace period), reopened with a
// fresh one after being resolved; owner notices upserted per (org, owner, repository); one real run
// of an org at a time.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { listOwnerNotices, saveOwnerNotice } from "../../db/queries/owner-notices.ts";
import { upsertOrg } from "../../db/queries/orgs.ts";
import { getPolicyRun, insertPolicyRun, startPolicyRun } from "../../db/queries/policy-runs.ts";
import { closePolicyWarnings, listPolicyWarnings, openPolicyWarnings } from "../../db/queries/policy-warnings.ts";
import { runPolicies } from "../../bot/policies/index.ts";
import { createTestDb } from "../helpers/db.ts";

let h: DbHandle;
const orgId = 4242;
const t = (day: number) => new Date(Date.UTC(2025, 5, day));
beforeAll(async () => {
  h = await createTestDb();
  await upsertOrg({ db: h.db, id: orgId, login: "warnco", installationId: null, now: t(1) });
});
afterAll(() => h?.close());

const warning = (day: number, runId: number) => ({ grantId: 7, rule: "idle-30", ownerLogin: "alice", mode: "revoke" as const, warnedAt: t(day), revokeAfter: t(day + 7), lastRunId: runId });

it("keeps an open warning's grace period, and starts a fresh one after it was resolved", async () => {
  await openPolicyWarnings({ db: h.db, orgId, warnings: [warning(1, 1)] });
  await openPolicyWarnings({ db: h.db, orgId, warnings: [warning(3, 2)] });
  expect(await listPolicyWarnings({ db: h.db, orgId })).toMatchObject([{ status: "open", warnedAt: t(1), revokeAfter: t(8), lastRunId: 1 }]);

  await closePolicyWarnings({ db: h.db, orgId, keys: [{ grantId: 7, rule: "idle-30" }], status: "resolved", at: t(4), runId: 3 });
  expect(await listPolicyWarnings({ db: h.db, orgId, status: "open" })).toEqual([]);
  await openPolicyWarnings({ db: h.db, orgId, warnings: [warning(10, 4)] });
  expect(await listPolicyWarnings({ db: h.db, orgId })).toMatchObject([{ status: "open", warnedAt: t(10), revokeAfter: t(17), resolvedAt: null, lastRunId: 4 }]);
});

it("stores one notice per owner and repository, updated in place", async () => {
  await saveOwnerNotice({ db: h.db, notice: { orgId, ownerLogin: "alice", repository: "security-notices", issueNumber: 3, state: "open", bodyHash: "a" } });
  await saveOwnerNotice({ db: h.db, notice: { orgId, ownerLogin: "alice", repository: "security-notices", issueNumber: 3, state: "closed", bodyHash: "b" } });
  expect(await listOwnerNotices({ db: h.db, orgId })).toMatchObject([{ issueNumber: 3, state: "closed", bodyHash: "b" }]);
});

it("refuses a second real run while one is running; a run left running for over an hour counts as interrupted", async () => {
  const octokit = { request: async () => { throw new Error("no GitHub call expected"); } };
  const runArgs = { db: h.db, octokit, org: { id: orgId, login: "warnco" }, dryRun: false, trigger: "test", actor: "tester" };
  const base = { orgId, trigger: "schedule", actor: "patwarden[schedule]", dryRun: false, status: "running" as const, evaluatedAt: new Date(), configSha: null };
  const live = await insertPolicyRun({ db: h.db, run: base });
  await expect(runPolicies(runArgs)).rejects.toThrow(new RegExp(`policy run ${live.id} for warnco is still running`));
  expect(await runPolicies({ ...runArgs, dryRun: true })).toMatchObject({ status: "succeeded", dryRun: true });

  await h.db.execute(sql`update policy_runs set started_at = now() - interval '2 hours' where id = ${live.id}`);
  expect(await runPolicies(runArgs)).toMatchObject({ status: "succeeded" });
  expect(await getPolicyRun({ db: h.db, orgId, runId: live.id })).toMatchObject({ status: "failed", error: "interrupted: the process running it stopped" });
});

it("two processes starting a real run at once: exactly one starts (check and insert under one lock)", async () => {
  // Checked: with startPolicyRun's advisory lock removed, on Postgres all five passed the check
  // before any insert and all five started ("got 5"); PGlite serializes them either way.
  await h.db.execute(sql`update policy_runs set status = 'failed' where org_id = ${orgId} and status = 'running'`);
  const run = { orgId, trigger: "schedule", actor: "patwarden[schedule]", dryRun: false, status: "running" as const, evaluatedAt: new Date(), configSha: null };
  const since = new Date(Date.now() - 3_600_000);
  // Open the pool's connections first, so the five really run side by side on Postgres.
  await Promise.all(Array.from({ length: 5 }, () => h.db.execute(sql`select pg_sleep(0.05)`)));
  const results = await Promise.all(Array.from({ length: 5 }, () => startPolicyRun({ db: h.db, since, run })));
  const started = results.filter((r) => "run" in r);
  expect(started).toHaveLength(1);
  const winner = (started[0] as { run: { id: number } }).run.id;
  for (const r of results.filter((x) => "busy" in x)) expect((r as { busy: { id: number } }).busy.id).toBe(winner);
});
