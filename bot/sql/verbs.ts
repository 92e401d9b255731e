// Engine verbs for read-only SQL over the views of docs/sql.md: one checked statement at a time
// (statement.ts), run by db/queries/sql-query.ts; and the read-only role for BI tools. Results are
// plain data (column names and rows as arrays) so they cross the embedded-mode bridge as they are.
import { CURSOR_PREFIX, runReadOnlyQuery, type SqlRows } from "../../db/queries/sql-query.ts";
import { createReadOnlyRole } from "../../db/queries/sql-role.ts";
import { InvalidInput } from "../../model/errors.ts";
import type { EngineContext } from "../engine-context.ts";
import { sqlStatementError } from "./errors.ts";
import { checkStatement } from "./statement.ts";

export const SQL_LIMITS = { defaultRows: 1000, maxRows: 100_000, defaultTimeoutMs: 30_000, maxTimeoutMs: 600_000 } as const;
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export type SqlQueryResult = SqlRows & { maxRows: number; storage: "postgres" | "pglite"; timeoutMs: number | null };

function whole(field: string, value: number | undefined, fallback: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 1 || v > max) throw new InvalidInput(field, `expected a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  return v;
}

export function createSqlVerbs(ctx: EngineContext) {
  return {
    /** Runs one read-only statement; at most maxRows rows (truncated says more matched). */
    async query({ text, maxRows, timeoutMs }: { text: string; maxRows?: number; timeoutMs?: number }): Promise<SqlQueryResult> {
      if (typeof text !== "string") throw new InvalidInput("sql", "expected the statement as text");
      const statement = checkStatement(text);
      const rows = whole("--max-rows", maxRows, SQL_LIMITS.defaultRows, SQL_LIMITS.maxRows);
      const timeout = whole("--timeout", timeoutMs, SQL_LIMITS.defaultTimeoutMs, SQL_LIMITS.maxTimeoutMs);
      try {
        const result = await runReadOnlyQuery({ storage: ctx.storage, text: statement.text, cursor: statement.cursor, maxRows: rows, timeoutMs: timeout });
        return { ...result, maxRows: rows, storage: ctx.storage.kind, timeoutMs: ctx.storage.kind === "pglite" ? null : timeout };
      } catch (e) {
        throw sqlStatementError(e, { offset: statement.cursor ? CURSOR_PREFIX.length : 0, timeoutMs: timeout });
      }
    },
    /** Creates (or updates) a role that may read the views and nothing else; Postgres only. */
    async createRole({ name, password = null }: { name: string; password?: string | null }) {
      if (typeof name !== "string" || !ROLE_NAME.test(name)) {
        throw new InvalidInput("--create-role", `expected a role name of lower-case letters, digits and _ (not starting with a digit), got ${JSON.stringify(name)}`);
      }
      if (password !== null && (typeof password !== "string" || password.length < 12)) throw new InvalidInput("--password-env", "the password must be at least 12 characters");
      if (ctx.storage.kind !== "postgres") {
        throw new InvalidInput("--create-role", "roles are for Postgres: the embedded database (PGlite) takes no connections from other tools; set DATABASE_URL and run this again");
      }
      try {
        return await createReadOnlyRole({ storage: ctx.storage, role: name, password });
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        if (code === "42501") throw new InvalidInput("--create-role", `${(e as Error).message}: run it as a user with CREATEROLE (or a superuser), or have a DBA run the statements in docs/sql.md`);
        throw sqlStatementError(e, { offset: 0, timeoutMs: 0 });
      }
    },
  };
}
