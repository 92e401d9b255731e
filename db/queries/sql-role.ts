// A read-only Postgres role for the views (docs/sql.md, "The read-only role"): USAGE on their
// schema and SELECT on the views only. Views run with their owner's rights, so the role reads them
// without any right on the base tables, which it never gets.
import type { DbHandle } from "../client.ts";
import { SQL_VIEWS_SCHEMA } from "./sql-query.ts";

/**
 * The statements, in order (docs/sql.md shows them for a DBA who prefers psql; a test keeps the two
 * the same). `role` and `database` are quoted identifiers; `loginClause` is "NOLOGIN" or
 * "LOGIN PASSWORD '…'" (quoted by Postgres itself).
 */
export function readOnlyRoleStatements({ role, database, loginClause, exists }: { role: string; database: string; loginClause: string; exists: boolean }): string[] {
  return [
    exists ? `ALTER ROLE ${role} ${loginClause}` : `CREATE ROLE ${role} ${loginClause}`,
    `GRANT CONNECT ON DATABASE ${database} TO ${role}`,
    `GRANT USAGE ON SCHEMA ${SQL_VIEWS_SCHEMA} TO ${role}`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA ${SQL_VIEWS_SCHEMA} TO ${role}`,
    // Views a later migration adds (run by the same user) are granted as they are created.
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${SQL_VIEWS_SCHEMA} GRANT SELECT ON TABLES TO ${role}`,
    `ALTER ROLE ${role} SET search_path = ${SQL_VIEWS_SCHEMA}`,
    `ALTER ROLE ${role} SET default_transaction_read_only = on`,
  ];
}

export type ReadOnlyRole = {
  role: string;
  created: boolean;
  login: boolean;
  views: string[];
  /** True when the role can still create tables in the public schema (Postgres 14 and older grant that to everyone). */
  canCreateInPublic: boolean;
};

/** Creates the role, or brings an existing one to the same rights; Postgres only. */
export async function createReadOnlyRole({ storage, role, password }: { storage: DbHandle; role: string; password: string | null }): Promise<ReadOnlyRole> {
  if (!storage.databaseUrl) throw new Error("this storage has no connection string for a session of its own");
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: storage.databaseUrl });
  client.on("error", () => {});
  await client.connect();
  try {
    const names = await client.query<{ role: string; database: string; exists: boolean; login: string }>(
      `SELECT quote_ident($1) AS role, quote_ident(current_database()) AS database,
              EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists,
              CASE WHEN $2::text IS NULL THEN 'NOLOGIN' ELSE 'LOGIN PASSWORD ' || quote_literal($2::text) END AS login`,
      [role, password],
    );
    const { role: quoted, database, exists, login } = names.rows[0]!;
    await client.query("BEGIN");
    for (const statement of readOnlyRoleStatements({ role: quoted, database, loginClause: login, exists })) await client.query(statement);
    await client.query("COMMIT");
    const check = await client.query<{ views: string[]; create_public: boolean }>(
      `SELECT array(SELECT table_name::text FROM information_schema.views WHERE table_schema = $2 ORDER BY 1) AS views,
              has_schema_privilege($1, 'public', 'CREATE') AS create_public`,
      [role, SQL_VIEWS_SCHEMA],
    );
    return { role, created: !exists, login: password !== null, views: check.rows[0]!.views, canCreateInPublic: check.rows[0]!.create_public };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    await client.end().catch(() => {});
  }
}
