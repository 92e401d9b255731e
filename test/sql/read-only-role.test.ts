// The read-only role on real Postgres: it reads the views and nothing else. As that role
// (SET ROLE, and a login of its own) every write, every CREATE and every base table is refused.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../bot/engine.ts";
import type { DbHandle } from "../../db/client.ts";
import { createTestDb } from "../helpers/db.ts";
import { testEngine } from "../helpers/engine.ts";
import { seedSqlViews } from "./seed.ts";

const onPostgres = Boolean(process.env.DATABASE_URL);
const role = `pw_reader_${randomBytes(4).toString("hex")}`;
const nologin = `${role}_nl`;
let handle: DbHandle;
let engine: Engine;

beforeAll(async () => {
  if (!onPostgres) return;
  handle = await createTestDb();
  await seedSqlViews(handle.db);
  engine = testEngine({ handle });
});
afterAll(async () => {
  if (!onPostgres) return;
  await handle?.close();
  // Roles are cluster-wide: dropped once the test database (holding their grants) is gone.
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.query(`DROP ROLE IF EXISTS ${nologin}`);
  await admin.end();
});

/** The SQLSTATE (or "ok") of each statement, run as the role on one connection. */
async function asRole(statements: string[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: handle.databaseUrl });
  await client.connect();
  try {
    await client.query(`SET ROLE ${role}`);
    const out: string[] = [];
    for (const s of statements) out.push(await client.query(s).then(() => "ok", (e: { code?: string }) => e.code ?? "error"));
    return out;
  } finally {
    await client.end();
  }
}

describe.skipIf(!onPostgres)("the read-only role (Postgres)", () => {
  it("is created with SELECT on every view, and a second run updates it", async () => {
    const made = await engine.sql.createRole({ name: role, password: "correct horse battery staple" });
    expect(made).toEqual({ role, created: true, login: true, canCreateInPublic: false,
      views: ["audit", "credentials", "grant_repositories", "grants", "people", "request_repositories", "requests"] });
    expect((await engine.sql.createRole({ name: role, password: "another long password" })).created).toBe(false);
    const quiet = await engine.sql.createRole({ name: nologin });
    expect(quiet).toMatchObject({ created: true, login: false });
  });

  it("reads the views", async () => {
    expect(await asRole(["select count(*) from patwarden.grants", "select * from patwarden.people", "select * from patwarden.audit"])).toEqual(["ok", "ok", "ok"]);
  });

  it("cannot write, create or read a base table (42501 insufficient privilege)", async () => {
    expect(await asRole([
      "insert into patwarden.grants (org) values ('x')",
      "update patwarden.credentials set risk_score = 0",
      "delete from patwarden.audit",
      "create table patwarden.mine (a int)",
      "create view patwarden.mine as select 1",
      "create table public.mine (a int)",
      "select * from public.grants",
      "select * from public.orgs",
      "select * from public.audit_log",
      "insert into public.grants (org_id) values (1)",
    // A write to a view over a join is refused as not updatable (55000) before rights are checked;
    // the role holds no write right on any view either (below).
    ])).toEqual(["55000", "55000", "55000", ...Array(7).fill("42501")]);
    const admin = new pg.Client({ connectionString: handle.databaseUrl });
    await admin.connect();
    try {
      const rights = await admin.query<{ view: string; rights: string[] }>(
        `select n.nspname || '.' || c.relname as view, array(select p from unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
           where has_table_privilege($1, c.oid, p)) as rights
         from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('patwarden', 'public') and c.relkind in ('r', 'v') order by 1`,
        [role],
      );
      const byName = Object.fromEntries(rights.rows.map((r) => [r.view, r.rights]));
      for (const view of ["grants", "credentials", "people", "audit"]) expect(byName[`patwarden.${view}`]).toEqual(["SELECT"]);
      expect(byName["public.grants"]).toEqual([]);
      // Every base table: no right at all (the view names repeat table names; the schema tells them apart).
      const base = await admin.query<{ n: string }>(
        `select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r' and (has_table_privilege($1, c.oid, 'SELECT') or has_table_privilege($1, c.oid, 'INSERT'))`,
        [role],
      );
      expect(base.rows[0]!.n).toBe("0");
    } finally {
      await admin.end();
    }
  });

  it("logs in read-only with the views' schema as its search path", async () => {
    const url = new URL(handle.databaseUrl!);
    url.username = role;
    url.password = "another long password";
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      expect((await client.query("show search_path")).rows[0]).toEqual({ search_path: "patwarden" });
      expect((await client.query("show default_transaction_read_only")).rows[0]).toEqual({ default_transaction_read_only: "on" });
      expect((await client.query<{ n: string }>("select count(*) as n from grants where active")).rows[0]!.n).toBe("6");
      await expect(client.query("create temp table t (a int)")).rejects.toMatchObject({ code: "25006" });
    } finally {
      await client.end();
    }
  });
});

describe.skipIf(onPostgres)("the read-only role (PGlite)", () => {
  it("is refused: PGlite takes no connections", async () => {
    const h = await createTestDb();
    try {
      await expect(testEngine({ handle: h }).sql.createRole({ name: "reader" })).rejects.toThrow(/roles are for Postgres/);
    } finally {
      await h.close();
    }
  });
});
