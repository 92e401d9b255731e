// The live poll's source: orgs.version moves when an org's pages would show something new (a sync,
// a request arriving or resolved, a revocation batch, a policy run, a pause) and stays put otherwise,
// even with the clock standing still; and GET /api/orgs/{org}/version answers only to who may see the org.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
vi.mock("next/headers", async () => {
  const { jar } = await import("./viewer-fixture.ts");
  return { cookies: async () => ({ get: (name: string) => (name === "pw_session" && jar.cookie ? { name, value: jar.cookie } : undefined) }) };
});

import { GET } from "../../app/api/orgs/[org]/version/route.ts";
import { clearDashboardRuntime, type DashboardRuntime } from "../../app/_data/runtime.ts";
import type { Engine } from "../../bot/engine.ts";
import type { DbHandle } from "../../db/client.ts";
import { orgs, patRequests, policyRuns, revocationItems, revocationJobs, syncRuns } from "../../db/schema.ts";
import { createTestDb } from "../helpers/db.ts";
import { insertOrg, insertRequest, insertSyncRun } from "./factories.ts";
import { setUpRuntime, signInAs } from "./viewer-fixture.ts";

// A frozen clock: every change below must show without time moving.
const now = new Date("2026-03-01T12:00:00Z");
const people = { members: { acme: { alice: { role: "admin", state: "active" } }, globex: { gina: { role: "admin", state: "active" } } } } as const;

let h: DbHandle;
let runtime: DashboardRuntime;
let engine: Engine;
let acme: number;
let globex: number;

beforeAll(async () => {
  h = await createTestDb();
  runtime = setUpRuntime({ db: h.db, people, now: () => now });
  engine = runtime.engine;
  acme = (await insertOrg({ db: h.db, login: "acme" })).id;
  globex = (await insertOrg({ db: h.db, login: "globex" })).id;
});
afterAll(async () => {
  clearDashboardRuntime();
  await h?.close();
});

const version = async (orgId = acme) => (await engine.orgs.version({ orgId })).version;

/** Runs `change` and says whether acme's version moved. */
async function moves(change: () => Promise<unknown>): Promise<boolean> {
  const before = await version();
  await change();
  return (await version()) !== before;
}

describe("orgs.version", () => {
  it("stays the same while nothing changes, and is a short opaque token", async () => {
    const v = await version();
    expect(v).toMatch(/^[\w-]{16}$/);
    expect(await version()).toBe(v);
  });

  it("moves when a sync starts and when it finishes", async () => {
    let run = 0;
    expect(await moves(async () => (run = await insertSyncRun({ db: h.db, orgId: acme, startedAt: now, status: "running" })))).toBe(true);
    expect(await moves(() => h.db.update(syncRuns).set({ status: "succeeded", finishedAt: now }).where(eq(syncRuns.id, run)))).toBe(true);
  });

  it("moves when a request arrives, and when one is resolved", async () => {
    let id = 0;
    expect(await moves(async () => (id = await insertRequest({ db: h.db, orgId: acme, now })))).toBe(true);
    expect(await moves(() => h.db.update(patRequests).set({ status: "approved", resolvedAt: now }).where(eq(patRequests.id, id)))).toBe(true);
  });

  it("moves with every revocation batch and status, even at the same updated_at", async () => {
    const [job] = await h.db.insert(revocationJobs).values({
      orgId: acme, requestedBy: "alice", actorType: "user", reason: "left", selection: { kind: "ids", ids: [1, 2] }, total: 2, batches: 2, updatedAt: now,
    }).returning({ id: revocationJobs.id });
    const set = (values: Partial<typeof revocationJobs.$inferInsert>) => h.db.update(revocationJobs).set({ ...values, updatedAt: now }).where(eq(revocationJobs.id, job!.id));
    expect(await moves(() => set({ status: "running", startedAt: now }))).toBe(true);
    await h.db.insert(revocationItems).values([1, 2].map((grantId) => ({ jobId: job!.id, orgId: acme, grantId, tokenId: grantId, tokenName: "t", ownerLogin: "o", batch: grantId - 1, updatedAt: now })));
    const item = (status: "in_flight" | "revoked") => h.db.update(revocationItems).set({ status, updatedAt: now }).where(and(eq(revocationItems.jobId, job!.id), eq(revocationItems.grantId, 1)));
    expect(await moves(() => item("in_flight"))).toBe(true);
    expect(await moves(() => item("revoked"))).toBe(true);
    expect(await moves(() => set({ revoked: 1 }))).toBe(true);
    expect(await moves(() => set({ failed: 1 }))).toBe(true);
    expect(await moves(() => set({ status: "failed", finishedAt: now }))).toBe(true);
  });

  it("moves when a policy run starts and ends, and when the org is paused", async () => {
    let run = 0;
    expect(await moves(async () => {
      const [row] = await h.db.insert(policyRuns).values({ orgId: acme, trigger: "manual", actor: "alice", evaluatedAt: now, startedAt: now }).returning({ id: policyRuns.id });
      run = row!.id;
    })).toBe(true);
    expect(await moves(() => h.db.update(policyRuns).set({ status: "succeeded", finishedAt: now }).where(eq(policyRuns.id, run)))).toBe(true);
    expect(await moves(() => h.db.update(orgs).set({ syncPaused: true }).where(eq(orgs.id, acme)))).toBe(true);
  });

  it("does not move for another org's changes", async () => {
    expect(await moves(async () => {
      await insertRequest({ db: h.db, orgId: globex, now });
      await insertSyncRun({ db: h.db, orgId: globex, startedAt: now });
    })).toBe(false);
  });

  it("is NotFound for an org patwarden does not know", async () => {
    await expect(engine.orgs.version({ orgId: 987_654 })).rejects.toMatchObject({ kind: "NotFound" });
  });
});

describe("GET /api/orgs/{org}/version", () => {
  const get = (org: string) => GET(new Request(`http://localhost/api/orgs/${org}/version`), { params: Promise.resolve({ org }) });

  it("answers the org's version to its owner, uncached", async () => {
    await signInAs({ runtime, login: "alice", now });
    const res = await get("acme");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toEqual({ version: await version() });
  });

  it("is 401 when signed out and 404 for an org the viewer may not see or that does not exist", async () => {
    await signInAs({ runtime, login: null });
    expect((await get("acme")).status).toBe(401);
    await signInAs({ runtime, login: "gina", now });
    expect((await get("acme")).status).toBe(404);
    expect((await get("nope")).status).toBe(404);
    expect((await get("globex")).status).toBe(200);
  });
});
