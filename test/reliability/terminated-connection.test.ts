// A connection Postgres terminates (a restart or pg_terminate_backend, 57P01) while a transaction
// holds it between queries must fail that transaction, not crash the process; the pool carries on.
// Checked to fail without the protection: without the per-client error listener in db/client.ts
// openDb, the same steps as a plain script exit 1 with "terminating connection due to administrator
// command" (an uncaught 'error'), and under Vitest they surface as an unhandled error that fails the run
// (seen in a clean-clone CI run of test/reliability/postgres-restart.test.ts).
import pg from "pg";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../../db/client.ts";
import { createTestDb } from "../helpers/db.ts";

const url = process.env.DATABASE_URL;

describe.skipIf(!url)(`a terminated connection${url ? "" : " (skipped: needs DATABASE_URL; PGlite has no connections)"}`, () => {
  let h: DbHandle;
  beforeAll(async () => { h = await createTestDb(); }, 120_000);
  afterAll(async () => { await h?.close(); });

  it("fails the transaction holding it and leaves the pool usable", async () => {
    const outcome = await h.db
      .transaction(async (tx) => {
        const r = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { rows: { pid: number }[] };
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query("select pg_terminate_backend($1)", [r.rows[0]!.pid]);
        await admin.end();
        await new Promise((resolve) => setTimeout(resolve, 300)); // the termination arrives while the client is idle
        await tx.execute(sql`select 1`);
        return "committed";
      })
      .catch((err: unknown) => `failed: ${String(err)}`);
    expect(outcome).toMatch(/^failed: /);
    const again = (await h.db.execute(sql`select 1 as one`)) as unknown as { rows: { one: number }[] };
    expect(again.rows[0]!.one).toBe(1);
  });
});
