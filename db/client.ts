// One database handle for the bot, the CLI, the dashboard and the tests:
// real Postgres when a URL is given, embedded PGlite (a directory, or memory) otherwise.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { PGlite } from "@electric-sql/pglite";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type DbHandle = {
  db: Db;
  kind: "postgres" | "pglite";
  /** Where the data lives, without credentials (safe to log). */
  where: string;
  close: () => Promise<void>;
  /** The raw embedded client, so the job queue (pg-boss) can share the one PGlite instance. */
  pglite?: PGlite;
  /** The connection string (credentials included) for pools of its own, e.g. pg-boss on Postgres. */
  databaseUrl?: string;
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

/**
 * JIT off for our sessions (pg-pool awaits this before a new connection's first query): Postgres
 * 12+ compiles any statement whose estimated cost passes jit_above_cost, and for ours that costs
 * more than it saves. Measured on 10,000 grants: the owner_is_member refresh ran 305 ms, 299 ms of
 * it JIT compilation (6.6 ms without). A server without the setting, or a pooler refusing it,
 * keeps its own.
 */
async function jitOff(client: { query: (sql: string) => Promise<unknown> }): Promise<void> {
  await client.query("SET jit = off").catch(() => {});
}

export async function openDb(opts: OpenDbOptions = {}): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const { default: pg } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.max ?? 10, onConnect: jitOff });
    // An idle client losing its connection (Postgres restart) must not crash the process.
    pool.on("error", () => {});
    // A checked-out client has no pool listener: Postgres terminating it (a restart, 57P01) while it
    // sits between queries would be an uncaught 'error' and crash the process. The failure still
    // reaches the caller through its next query, and the pool drops the broken client on release.
    pool.on("connect", (client) => client.on("error", () => {}));
    const db = drizzle(pool, { schema }) as unknown as Db;
    return { db, kind: "postgres", where: redactUrl(opts.databaseUrl), databaseUrl: opts.databaseUrl, close: () => pool.end() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  // Grant search's trigram indexes (migration 0008 creates the extension).
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = opts.pgliteDir ?? DEFAULT_PGLITE_DIR;
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir, { extensions: { pg_trgm } });
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: "pglite", where: dir, pglite: client, close: () => client.close() };
}

/** Applies every committed migration; safe to run again (already-applied ones are skipped). */
export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.kind === "postgres") {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    // Servers started together on one database would race to create the same tables: the first
    // to take this session lock migrates, the others wait and then find nothing left to apply.
    await withStartupLock({ handle, name: "migrations", work: () => migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER }) });
  } else {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(handle.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

/** Advisory-lock keys (any constants) for start-up steps that several servers must not run at once. */
const STARTUP_LOCKS = { migrations: 7_460_581_337, jobQueues: 7_460_581_338 } as const;

/**
 * Runs `work` while holding a Postgres session lock taken on a connection of its own, so servers
 * starting together on one database take turns. PGlite belongs to one process: no lock needed.
 */
export async function withStartupLock<T>({ handle, name, work }: { handle: DbHandle; name: keyof typeof STARTUP_LOCKS; work: () => Promise<T> }): Promise<T> {
  if (handle.kind !== "postgres" || !handle.databaseUrl) return work();
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: handle.databaseUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [STARTUP_LOCKS[name]]);
    return await work();
  } finally {
    await client.query("select pg_advisory_unlock($1)", [STARTUP_LOCKS[name]]).catch(() => {});
    await client.end();
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

/** Errors that mean "the database is not reachable right now" (restart, network), not a bad query: model/database-errors.ts. */
export { isDatabaseUnavailable } from "../model/database-errors.ts";
