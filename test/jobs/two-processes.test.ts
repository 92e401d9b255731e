// Two `patwarden start` processes on one Postgres database and one simulator: pg-boss splits the
// scheduled work between them and no org is synced twice in one interval slot. Needs Postgres:
// embedded PGlite belongs to a single process, so there is nothing to share under PGlite.
import { afterAll, expect, it } from "vitest";
import { listOrgs } from "../../db/queries/orgs.ts";
import { listSyncRuns } from "../../db/queries/sync-runs.ts";
import type { Simulator } from "../../simulator/index.ts";
import { withSimulator } from "../helpers/sim.ts";
import { createWorkspace, type Workspace } from "../reliability/process.ts";

const ORGS = ["acme", "globex", "initech"];
let sim: Simulator | undefined;
let ws: Workspace | undefined;

afterAll(async () => {
  await ws?.close();
  await sim?.close();
});

it.skipIf(!process.env.DATABASE_URL)("two servers sharing one Postgres sync each org exactly once per tick slot (skipped under PGlite: one process owns an embedded database)", async () => {
  sim = await withSimulator({ orgs: ORGS.map((login) => ({ login, grants: 15, requests: 3 })) });
  // One-minute slots, so the test sees the startup tick and at least one cron tick after it.
  ws = await createWorkspace({ sim, prefix: "jobs2", env: { SYNC_INTERVAL_MINUTES: "1", LOG_LEVEL: "warn" } });
  sim.control.clearRequestLog();
  const started = Date.now();
  const [a, b] = await Promise.all([ws.startServer(["--no-dashboard"]), ws.startServer(["--no-dashboard"])]);
  const handle = await ws.open();
  try {
    // Wait until every org has scheduled syncs in two different minute slots.
    const slotOf = (d: Date) => Math.floor(d.getTime() / 60_000);
    const deadline = Date.now() + 150_000;
    let runs: { org: string; slot: number; status: string }[] = [];
    for (;;) {
      const orgs = await listOrgs({ db: handle.db });
      runs = [];
      for (const org of orgs) {
        for (const r of await listSyncRuns({ db: handle.db, orgId: org.id, limit: 100 })) {
          if (r.trigger === "schedule") runs.push({ org: org.login, slot: slotOf(r.startedAt), status: r.status });
        }
      }
      const slotsPerOrg = ORGS.map((o) => new Set(runs.filter((r) => r.org === o && r.status === "succeeded").map((r) => r.slot)).size);
      if (orgs.length === ORGS.length && slotsPerOrg.every((n) => n >= 2)) break;
      if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(runs)}\nA: ${a.output()}\nB: ${b.output()}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    // Let anything a second process might have queued for the same slot run before counting.
    await new Promise((r) => setTimeout(r, 4000));
    for (const org of ORGS) {
      const mine = runs.filter((r) => r.org === org);
      const slots = mine.map((r) => r.slot);
      expect(new Set(slots).size, `${org}: one sync per slot, got slots ${slots.join(",")}`).toBe(slots.length);
    }
    // The simulator saw the same: one grant listing per sync (15 grants fit one page, full or incremental).
    const log = sim.control.requestLog();
    const orgs = await listOrgs({ db: handle.db });
    for (const org of orgs) {
      const listings = log.filter((e) => e.method === "GET" && e.path === `/orgs/${org.login}/personal-access-tokens`).length;
      const allRuns = await listSyncRuns({ db: handle.db, orgId: org.id, limit: 100 });
      expect(allRuns.every((r) => r.trigger === "schedule")).toBe(true);
      expect(listings, `${org.login}: grant listings vs sync runs`).toBe(allRuns.length);
    }
    expect(a.child.exitCode).toBeNull();
    expect(b.child.exitCode).toBeNull();
    expect(Date.now() - started).toBeLessThan(200_000);
  } finally {
    await handle.close();
  }
}, 240_000);
