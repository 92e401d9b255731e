// A fresh, migrated database per call: PGlite in memory, or a throwaway database on the
// Postgres named by DATABASE_URL (created here, dropped on close).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrateDb, openDb, type DbHandle } from "../../db/client.ts";

export async function createTestDb(): Promise<DbHandle> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const handle = await openDb({ pgliteDir: "memory://" });
    await migrateDb(handle);
    return handle;
  }
  const name = `pw_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: url.toString(), max: 5 });
  await migrateDb(handle);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
