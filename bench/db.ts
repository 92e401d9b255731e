// A throwaway Postgres database per bench run: created, migrated, dropped. The bench never
// touches a database it did not create.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateDb, openDb, type DbHandle } from "../db/client.ts";

export const BENCH_PG = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type BenchDb = { url: string; name: string; handle: DbHandle; drop: () => Promise<void> };

export async function createBenchDb({ label, pool = 5 }: { label: string; pool?: number }): Promise<BenchDb> {
  const name = `pw_bench_${label}_${randomBytes(4).toString("hex")}`.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(BENCH_PG);
  url.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: url.toString(), max: pool });
  await migrateDb(handle);
  return {
    url: url.toString(),
    name,
    handle,
    drop: async () => {
      await handle.close().catch(() => {});
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: BENCH_PG });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A plain pg pool on a bench database, for raw SQL (generation, EXPLAIN, counts). */
export function rawPool(url: string, max = 2): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on("error", () => {});
  return pool;
}
