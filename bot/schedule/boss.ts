// pg-boss over the database patwarden already uses: its own pool on Postgres, the one embedded
// PGlite instance otherwise (PGlite allows a single client, so pg-boss shares it through `db`).
import PgBoss from "pg-boss";
import type { DbHandle } from "../../db/client.ts";

type SqlResult = { rows: unknown[] };

/** pg-boss's `db` option: parameterised statements go through query(), its multi-statement scripts through exec(). */
function pgliteExecutor(pglite: NonNullable<DbHandle["pglite"]>): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]): Promise<SqlResult> {
      if (values && values.length) return pglite.query(text, values);
      const results = await pglite.exec(text);
      return results[results.length - 1] ?? { rows: [] };
    },
  };
}

export type BossOptions = {
  handle: DbHandle;
  /** Seconds a completed job stays in the live table; the per-org slot guards (singletonSeconds) only see live rows. */
  keepCompletedSeconds: number;
};

export function createBoss({ handle, keepCompletedSeconds }: BossOptions): PgBoss {
  const common = {
    schedule: true,
    supervise: true,
    migrate: true,
    archiveCompletedAfterSeconds: keepCompletedSeconds,
    archiveFailedAfterSeconds: keepCompletedSeconds,
  } satisfies PgBoss.ConstructorOptions;
  if (handle.kind === "pglite") {
    if (!handle.pglite) throw new Error("the embedded database handle carries no PGlite client for the job queue");
    return new PgBoss({ ...common, db: pgliteExecutor(handle.pglite) });
  }
  if (!handle.databaseUrl) throw new Error("the Postgres handle carries no connection string for the job queue");
  return new PgBoss({ ...common, connectionString: handle.databaseUrl, max: 4, application_name: "patwarden-jobs" });
}
