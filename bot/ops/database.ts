// Whether the database answers, and whether an error means it is away (a restart, a refused
// connection) rather than a bug: the server answers 503 with "retry shortly" for the latter.
import { sql } from "drizzle-orm";
import { isDatabaseUnavailable } from "../../db/client.ts";
import type { EngineContext } from "../engine-context.ts";

export { isDatabaseUnavailable };

export type DatabaseCheck = { ok: boolean; kind: string; error?: string };

/** One `select 1`; `kind` names the storage (postgres, pglite). */
export async function checkDatabase(ctx: EngineContext): Promise<DatabaseCheck> {
  const kind = ctx.storage.kind;
  return ctx.db.execute(sql`select 1`).then(() => ({ ok: true, kind }), (err: unknown) => ({ ok: false, kind, error: describeDbError(err) }));
}

/** drizzle's message is the failed SQL; the driver's cause says why (refused, shutting down…). */
function describeDbError(err: unknown): string {
  let e = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  const why = e instanceof Error ? e.message || (e as NodeJS.ErrnoException).code || e.name : String(e);
  return isDatabaseUnavailable(err) ? `database unreachable: ${why}` : why;
}
