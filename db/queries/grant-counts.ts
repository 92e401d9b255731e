// Exact counts of the grants a filter matches, for what must be exact (bulk revoke, reports). At
// 1,000,000 grants a broad selection reads hundreds of thousands of index entries or heap rows
// (docs/benchmarks.md), so a count that a person waits for can be stopped: the statement runs on
// a connection of its own, tagged, and an AbortSignal cancels it on the server (pg_cancel_backend),
// so a closed dialog leaves no query running behind it.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { GrantFilter } from "../../model/grant-filter.ts";
import type { Db } from "../client.ts";
import { countGrants } from "./grants.ts";

/** application_name of a cancellable count's session while it runs (SET LOCAL: gone with its transaction). */
export const COUNT_APPLICATION_PREFIX = "patwarden-count-";

/** What a stopped count rejects with: the signal's reason, or an AbortError like fetch's. */
function aborted(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The count was stopped", "AbortError");
}

/**
 * countGrants that stops when `signal` aborts. On Postgres (`cancelOnServer`) the count runs in a
 * read-only transaction whose session is named `patwarden-count-<uuid>`; an abort cancels the
 * statement of the session that still bears that name (so a connection already back in the pool,
 * serving someone else, is never hit) and the transaction rolls back. PGlite runs one statement at
 * a time in this process and cannot be interrupted: there the caller stops waiting at once and the
 * statement finishes on its own.
 */
export async function countGrantsCancellable({ db, orgId, filter = {}, now = new Date(), signal, cancelOnServer }: {
  db: Db; orgId: number; filter?: GrantFilter; now?: Date; signal?: AbortSignal; cancelOnServer: boolean;
}): Promise<number> {
  if (!signal) return countGrants({ db, orgId, filter, now });
  signal.throwIfAborted();
  if (!cancelOnServer) return stopWaitingOnAbort(countGrants({ db, orgId, filter, now }), signal);
  const name = `${COUNT_APPLICATION_PREFIX}${randomUUID()}`;
  let running = false;
  const cancel = () => {
    if (!running) return;
    void db.execute(sql`select pg_cancel_backend(pid) from pg_stat_activity where application_name = ${name}`).catch(() => {});
  };
  signal.addEventListener("abort", cancel, { once: true });
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('application_name', ${name}, true)`);
      signal.throwIfAborted();
      running = true;
      return countGrants({ db: tx as unknown as Db, orgId, filter, now });
    }, { accessMode: "read only" });
  } catch (e) {
    if (signal.aborted) throw aborted(signal);
    throw e;
  } finally {
    running = false;
    signal.removeEventListener("abort", cancel);
  }
}

function stopWaitingOnAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
