// SIGKILL of a real `patwarden sync` process mid-sweep (under PGlite: the process holding the
// database directory, which is then reopened). Nothing the sweep had not finished is removed, the
// next `patwarden sync` starts at once (the dead holder's lease is taken over, not waited out),
// records the killed run as interrupted, and ends equal to GitHub.
// Checked to fail without the protection: without the dead-process takeover in
// bot/sync/org-lease.ts (`orphaned`), the restarted sync is refused ("another sync of acme is
// running") for the lease's minute and this test fails on its exit code.
import { afterAll, beforeAll, expect, it } from "vitest";
import { listSyncRuns } from "../../db/queries/sync-runs.ts";
import { findOrgByLogin } from "../../db/queries/orgs.ts";
import { startSimulator, type Simulator } from "../../simulator/index.ts";
import { runCli } from "../cli/run-cli.ts";
import { activeGrants, expectInventoryMatches } from "../sync/inventory.ts";
import { createWorkspace, until, type Workspace } from "./process.ts";

let sim: Simulator;
let ws: Workspace;
beforeAll(async () => {
  sim = await startSimulator({ orgs: [{ login: "acme", grants: 450, requests: 3 }] });
  ws = await createWorkspace({ sim, prefix: "killsync" });
  if (ws.env.DATABASE_URL) expect((await runCli(["migrate"], { env: ws.env })).code).toBe(0);
  const first = await runCli(["sync", "--org", "acme"], { env: ws.env });
  expect(first.code, first.err).toBe(0);
}, 180_000);
afterAll(async () => {
  await ws?.close();
  await sim?.close();
});

const inDb = async <T>(fn: (db: Awaited<ReturnType<Workspace["open"]>>["db"], orgId: number) => Promise<T>): Promise<T> => {
  const h = await ws.open();
  try {
    const org = await findOrgByLogin({ db: h.db, login: "acme" });
    return await fn(h.db, org!.id);
  } finally {
    await h.close();
  }
};

it("a sync killed mid-sweep removes nothing, and the next one starts at once and completes", async () => {
  const before = await inDb(async (db, orgId) => new Set((await activeGrants({ db, orgId })).map((g) => g.id)));
  const truth = sim.control.org("acme");
  const gone = [truth.grants[100]!.id, truth.grants[400]!.id];
  for (const id of gone) sim.control.revokeGrant("acme", id);
  sim.control.addGrant("acme");
  sim.control.setLatency(60);
  sim.control.clearRequestLog();
  const killed = ws.launch(["sync", "--org", "acme"]);
  const pages = () => sim.control.requestLog().filter((e) => e.path === "/orgs/acme/personal-access-tokens").length;
  await until("the sweep to be mid-way", () => pages() >= 3 || killed.child.exitCode !== null, 60_000, killed.output);
  expect(killed.child.exitCode, killed.output()).toBeNull();
  killed.child.kill("SIGKILL");
  await killed.exited;
  expect(pages()).toBeLessThan(5); // 451 grants: the sweep had not finished

  await inDb(async (db, orgId) => {
    const active = new Set((await activeGrants({ db, orgId })).map((g) => g.id));
    expect([...before].filter((id) => !active.has(id))).toEqual([]); // the unfinished sweep removed nothing
    const [latest] = await listSyncRuns({ db, orgId, limit: 1 });
    expect(latest?.status).toBe("running"); // as the kill left it
  });

  sim.control.setLatency(0);
  // The dead process's lease has up to a minute left: a sync that did not take it over is refused.
  const again = ws.launch(["sync", "--org", "acme"]);
  const code = await again.exited;
  expect(again.output()).not.toMatch(/another sync of acme is running/);
  expect(code, again.output()).toBe(0);
  await inDb(async (db, orgId) => {
    await expectInventoryMatches({ db, orgId, truth: sim.control.org("acme") });
    const active = new Set((await activeGrants({ db, orgId })).map((g) => g.id));
    for (const id of gone) expect(active.has(id)).toBe(false);
    const [latest, interrupted] = await listSyncRuns({ db, orgId, limit: 2 });
    expect(latest?.status).toBe("succeeded");
    expect(interrupted).toMatchObject({ status: "failed", error: expect.stringMatching(/^interrupted/) });
  });
}, 150_000);
