// The overview's history data on a real database: snapshots of this org only, revocations per
// week counting only items GitHub confirmed revoked in real (not dry-run) jobs; job states on the orgs page.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", async () => {
  const { jar } = await import("./viewer-fixture.ts");
  return { cookies: async () => ({ get: (name: string) => (name === "pw_session" && jar.cookie ? { name, value: jar.cookie } : undefined) }) };
});

import { listOrgCards } from "../../app/_data/orgs.ts";
import { clearDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import { getOrgTrends } from "../../app/_data/trends.ts";
import { getViewer } from "../../app/_data/viewer.ts";
import type { DbHandle } from "../../db/client.ts";
import { updateJobState } from "../../db/queries/job-states.ts";
import { inventorySnapshots, revocationItems, revocationJobs } from "../../db/schema.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertOrg } from "./factories.ts";
import { setUpRuntime, signInAs } from "./viewer-fixture.ts";

const now = new Date("2026-03-18T12:00:00Z");
const people = { members: { acme: { alice: { role: "admin", state: "active" } }, globex: { gina: { role: "admin", state: "active" } } } } as const;
let h: DbHandle;
let runtime: DashboardRuntime;
let acme: { id: number };
let globex: { id: number };

const snapshot = (orgId: number, day: string, active: number, stale: number) => ({
  orgId, day, activeGrants: active, staleGrants: stale, neverUsedGrants: 0, noExpiryGrants: active / 2, expiredGrants: 0,
  ownerLeftGrants: 0, highRiskGrants: 0, pendingRequests: 0, revokedThatDay: 0,
});

async function revocations(orgId: number, dryRun: boolean, items: { status: "revoked" | "failed"; at: string }[]) {
  const [job] = await h.db.insert(revocationJobs).values({
    orgId, requestedBy: "alice", actorType: "user", reason: "r", selection: { kind: "ids", ids: [] }, dryRun, total: items.length, batches: 1,
  }).returning();
  await h.db.insert(revocationItems).values(items.map((it, i) => ({
    jobId: job!.id, orgId, grantId: job!.id * 100 + i, tokenId: i, tokenName: "t", ownerLogin: "o", batch: 0, status: it.status, updatedAt: new Date(it.at),
  })));
}

beforeAll(async () => {
  h = await createTestDb();
  acme = await insertOrg({ db: h.db, login: "acme" });
  globex = await insertOrg({ db: h.db, login: "globex" });
  runtime = setUpRuntime({ db: h.db, people, now: () => now });
  await h.db.insert(inventorySnapshots).values([snapshot(acme.id, "2026-03-16", 100, 20), snapshot(acme.id, "2026-03-17", 80, 8), snapshot(globex.id, "2026-03-17", 10, 10)]);
  await revocations(acme.id, false, [{ status: "revoked", at: "2026-03-10T10:00:00Z" }, { status: "revoked", at: "2026-03-16T10:00:00Z" }, { status: "failed", at: "2026-03-16T11:00:00Z" }]);
  await revocations(acme.id, true, [{ status: "revoked", at: "2026-03-16T10:00:00Z" }]);
  await revocations(globex.id, false, [{ status: "revoked", at: "2026-03-16T10:00:00Z" }]);
});
afterAll(async () => {
  clearDashboardRuntime();
  await h?.close();
});

describe("overview history and job states", () => {
  it("shapes this org's snapshots and its real revocations per week", async () => {
    await signInAs({ runtime, login: "alice", now });
    const t = await getOrgTrends({ viewer: (await getViewer())!, org: "acme" });
    expect(t.points).toEqual([
      { date: "2026-03-16", activeGrants: 100, staleShare: 20, noExpiryShare: 50 },
      { date: "2026-03-17", activeGrants: 80, staleShare: 10, noExpiryShare: 50 },
    ]);
    expect(t.enough).toBe(true);
    expect(t.weekly.filter((w) => w.revoked > 0)).toEqual([{ week: "2026-03-09", revoked: 1 }, { week: "2026-03-16", revoked: 1 }]);
    expect(t.weekly.at(-1)!.week).toBe("2026-03-16");
  });

  it("refuses another org's owner", async () => {
    await signInAs({ runtime, login: "gina", now });
    await expect(getOrgTrends({ viewer: (await getViewer())!, org: "acme" })).rejects.toMatchObject({ kind: "NotFound" });
  });

  it("the orgs page shows each job's last run, outcome, error and next run", async () => {
    await updateJobState({ db: h.db, orgId: acme.id, job: "report", patch: {
      lastStartedAt: new Date("2026-03-18T01:00:00Z"), lastFinishedAt: new Date("2026-03-18T01:01:00Z"), lastOutcome: "failed", lastError: "GitHub said 502", nextRunAt: new Date("2026-03-25T01:00:00Z"),
    } });
    await signInAs({ runtime, login: "alice", now });
    const [card] = await listOrgCards({ viewer: (await getViewer())! });
    expect(card!.jobs.map((j) => [j.job, j.outcome])).toEqual([["sync", null], ["snapshot", null], ["policy", null], ["report", "failed"]]);
    expect(card!.jobs[3]).toMatchObject({ error: "GitHub said 502", nextRunAt: new Date("2026-03-25T01:00:00Z"), tone: "bad" });
  });
});
