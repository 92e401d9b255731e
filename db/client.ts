// One database handle for the bot, the CLI, the dashboard and the tests:
// real Postgres when a URL is given, embedded PGlite (a directory, or memory) otherwise.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DbHandle = {
  db: Db;
  kind: "postgres" | "pglite";
  /** Where the data lives, without credentials (safe to log). */
  where: string;
  close: () => Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");
export const DEFAULT_PGLITE_DIR = ".data/pglite";

export type OpenDbOptions = {
  /** postgres://… ; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory, or "memory://" for a throwaway in-memory database. */
  pgliteDir?: string;
  /** Pool size for Postgres. */
  max?: number;
};

export async function openDb(opts: OpenDbOptions = {}): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const { default: pg } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.max ?? 10 });
    // An idle client losing its connection (Postgres restart) must not crash the process.
    pool.on("error", () => {});
    const db = drizzle(pool, { schema }) as unknown as Db;
    return { db, kind: "postgres", where: redactUrl(opts.databaseUrl), close: () => pool.end() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = opts.pgliteDir ?? DEFAULT_PGLITE_DIR;
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: "pglite", where: dir, close: () => client.close() };
}

/** Applies every committed migration; safe to run again (already-applied ones are skipped). */
export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.kind === "postgres") {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    // biome-ignore: the drizzle migrator wants its driver-specific type.
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable url)";
  }
}
