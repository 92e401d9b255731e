// One sync per org at a time: a second concurrent sync is refused without touching data, an
// expired lease is taken over (and the dead holder's run recorded as interrupted), a lost lease stops a run.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acquireSyncLease, getSyncLease } from "../../db/queries/orgs.ts";
import { createSyncRun, getSyncRun, listSyncRuns } from "../../db/queries/sync-runs.ts";
import { orgs } from "../../db/schema.ts";
import { Conflict } from "../../model/errors.ts";
import { syncOrg } from "../../bot/sync/index.ts";
import { takeOrgLease } from "../../bot/sync/org-lease.ts";
import { silentLog } from "../../bot/sync/context.ts";
import { startHarness, type Harness } from "./harness.ts";

describe("org sync lease", () => {
  let hs: Harness;
  let org: { id: number; login: string; installationId: number };
  const sync = () => syncOrg({ db: hs.h.db, octokit: hs.app.installationOctokit(org.installationId), org, kind: "full", trigger: "test" });

  beforeAll(async () => {
    hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 120, requests: 3 }] } });
    org = await hs.orgRef("acme");
  });
  afterAll(async () => hs?.close());

  it("runs one of two concurrent syncs and refuses the other, which writes nothing", async () => {
    const [a, b] = await Promise.all([sync(), sync()]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual(["conflict", "succeeded"]);
    const refused = a.status === "conflict" ? a : b;
    expect(refused).toMatchObject({ runId: null, errorKind: "Conflict", apiCalls: 0 });
    expect(refused.error).toMatch(/another sync of acme is running/);
    const runs = await listSyncRuns({ db: hs.h.db, orgId: org.id });
    expect(runs).toHaveLength(1);
    expect(await getSyncLease({ db: hs.h.db, orgId: org.id })).toEqual({ owner: null, until: null });
  });

  it("takes over an expired lease and records the dead holder's run as interrupted", async () => {
    const stale = await createSyncRun({ db: hs.h.db, orgId: org.id, kind: "full", trigger: "crashed", startedAt: new Date(Date.now() - 600_000) });
    await hs.h.db.update(orgs).set({ syncLockOwner: "dead-host:1:x", syncLockUntil: new Date(Date.now() - 1000) }).where(eq(orgs.id, org.id));
    const oldWebhookRun = await createSyncRun({ db: hs.h.db, orgId: org.id, kind: "grant", trigger: "webhook", startedAt: new Date(Date.now() - 2 * 3_600_000) });
    const liveWebhookRun = await createSyncRun({ db: hs.h.db, orgId: org.id, kind: "grant", trigger: "webhook", startedAt: new Date() });
    const r = await sync();
    expect(r.status, r.error).toBe("succeeded");
    expect(await getSyncRun({ db: hs.h.db, runId: stale })).toMatchObject({ status: "failed", error: expect.stringMatching(/interrupted/) });
    // Webhook syncs hold no lease: only one "running" for over an hour is taken for dead.
    expect(await getSyncRun({ db: hs.h.db, runId: oldWebhookRun })).toMatchObject({ status: "failed" });
    expect(await getSyncRun({ db: hs.h.db, runId: liveWebhookRun })).toMatchObject({ status: "running" });
  });

  it("refuses while a live lease is held elsewhere", async () => {
    expect(await acquireSyncLease({ db: hs.h.db, orgId: org.id, owner: "other-host:2:y", ttlMs: 60_000 })).toBe(true);
    const r = await sync();
    expect(r.status).toBe("conflict");
    expect(r.error).toContain("other-host:2:y");
    await hs.h.db.update(orgs).set({ syncLockOwner: null, syncLockUntil: null }).where(eq(orgs.id, org.id));
  });

  it("notices a lease lost to another process and stops", async () => {
    const lease = await takeOrgLease({ db: hs.h.db, org, ttlMs: 150, log: silentLog });
    if ("busy" in lease) throw lease.busy;
    expect(() => lease.check()).not.toThrow();
    // Our lease expired and someone else took it: the next renewal finds it gone.
    await hs.h.db.update(orgs).set({ syncLockOwner: "thief:3:z" }).where(eq(orgs.id, org.id));
    // The next renewal (every 50 ms) notices; on a loaded machine it may take longer than that.
    const deadline = Date.now() + 15_000;
    while (!threw(() => lease.check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(() => lease.check()).toThrow(Conflict);
    await lease.release(); // releases only its own lease
    expect((await getSyncLease({ db: hs.h.db, orgId: org.id })).owner).toBe("thief:3:z");
    await hs.h.db.update(orgs).set({ syncLockOwner: null, syncLockUntil: null }).where(eq(orgs.id, org.id));
  });
});

function threw(f: () => void): boolean {
  try {
    f();
    return false;
  } catch {
    return true;
  }
}
