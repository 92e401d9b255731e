// Postgres's own words for a failed `patwarden sql` statement: the person wrote the SQL, so its
// error (with the position in their text) is what helps; never the statement echoed back or a stack.
import { DatabaseUnavailable, InvalidInput } from "../../model/errors.ts";
import { isDatabaseUnavailable, translateDatabaseError } from "../../model/database-errors.ts";

type PgError = { code?: unknown; message?: unknown; position?: unknown; hint?: unknown };

/** The error to throw for a statement that failed; `offset` is what the runner put before the person's text. */
export function sqlStatementError(e: unknown, { offset, timeoutMs }: { offset: number; timeoutMs: number }): Error {
  if (e instanceof DatabaseUnavailable) return e;
  // A connection that could not be made (or broke) is the database being away, not the SQL.
  if (isDatabaseUnavailable(e, true)) {
    const t = translateDatabaseError(Object.assign(new Error("Failed query"), { name: "DrizzleQueryError", cause: e }));
    return t instanceof Error ? t : new Error(String(t));
  }
  const pg = (e ?? {}) as PgError;
  const code = typeof pg.code === "string" ? pg.code : "";
  const message = typeof pg.message === "string" ? pg.message : String(e);
  if (!/^[0-9A-Z]{5}$/.test(code)) return e instanceof Error ? e : new Error(message);
  if (code === "25006") {
    // "cannot execute INSERT in a read-only transaction" → the command Postgres named.
    const what = /cannot execute (.+?) in a read-only transaction/.exec(message)?.[1] ?? "a write";
    return new InvalidInput("sql", `read-only: patwarden sql cannot run ${what}`);
  }
  if (/data-modifying statements in WITH/.test(message)) return new InvalidInput("sql", "read-only: patwarden sql cannot run a WITH that modifies data (INSERT, UPDATE, DELETE)");
  if (code === "57014") return new Error(`the statement ran longer than ${timeoutMs / 1000} s and was cancelled; narrow it, or raise --timeout`);
  const position = typeof pg.position === "string" && Number(pg.position) > offset ? ` (at character ${Number(pg.position) - offset})` : "";
  const hint = typeof pg.hint === "string" && pg.hint ? `; ${pg.hint}` : "";
  return new InvalidInput("sql", `${message}${position}${hint}`);
}
