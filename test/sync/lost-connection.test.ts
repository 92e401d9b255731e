// The database connection lost in the middle of a sync: the run says so in words (never the failed
// statement's SQL or parameters), removes nothing, and the next run finishes the job. Postgres only:
// the test blocks the sync's write on a table lock and terminates that backend (pg_terminate_backend).
import { and, count, eq, isNotNull } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { grants, syncRuns } from "../../db/schema.ts";
import { syncOrg } from "../../bot/sync/index.ts";
import { startHarness, type Harness } from "./harness.ts";

const onPostgres = Boolean(process.env.DATABASE_URL);
let hs: Harness;

beforeAll(async () => {
  if (!onPostgres) return;
  hs = await startHarness({ sim: { orgs: [{ login: "acme", grants: 80, requests: 2 }] } });
});
afterAll(() => hs?.close());

const removedCount = async (orgId: number) =>
  (await hs.h.db.select({ n: count() }).from(grants).where(and(eq(grants.orgId, orgId), isNotNull(grants.removedAt))))[0]!.n;

it.skipIf(!onPostgres)("a backend terminated mid-sync: the run says the connection was lost, nothing was removed; run again and it is", async () => {
  const org = await hs.orgRef("acme");
  const octokit = hs.app.installationOctokit(org.installationId);
  expect((await syncOrg({ db: hs.h.db, octokit, org, kind: "full", trigger: "test" })).status).toBe("succeeded");
  const revoked = hs.sim.control.org("acme").grants.slice(0, 5).map((g) => g.id);
  for (const id of revoked) hs.sim.control.revokeGrant("acme", id);
  const before = await removedCount(org.id);

  const admin = new pg.Client({ connectionString: hs.h.databaseUrl });
  await admin.connect();
  try {
    await admin.query("begin");
    await admin.query("lock table grants in access exclusive mode");
    const running = syncOrg({ db: hs.h.db, octokit, org, kind: "full", trigger: "test" });
    let killed = 0;
    for (let i = 0; i < 200 && killed === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const { rows } = await admin.query<{ n: number }>(`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'`);
      killed = rows[0]!.n;
    }
    await admin.query("commit");
    expect(killed).toBeGreaterThan(0);
    const result = await running;
    expect(result.status).toBe("failed");
    expect(result.errorKind).toBe("DatabaseUnavailable");
    // The driver reports the kill as 57P01 or as the socket closing, depending on timing.
    expect(result.error).toMatch(/^connection to the database lost during the sync \((terminating connection due to administrator command|connection reset|connection terminated unexpectedly)\); nothing was removed, run it again$/i);
    expect(result.error).not.toMatch(/Failed query|params|select|insert/i);
    const [run] = await hs.h.db.select().from(syncRuns).where(eq(syncRuns.id, result.runId!));
    expect(run!.error).toBe(result.error);
    expect(await removedCount(org.id)).toBe(before);
  } finally {
    await admin.end();
  }
  const again = await syncOrg({ db: hs.h.db, octokit, org, kind: "full", trigger: "test" });
  expect(again.status).toBe("succeeded");
  expect(again.grants.removed).toBe(5);
});
