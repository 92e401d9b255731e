// Database failures in words an operator can act on. Drizzle wraps a driver's error in a
// DrizzleQueryError whose message is the SQL and its parameters ("Failed query: … params: …"):
// parameters hold data, so that text never reaches a terminal, a log line or a page. Every edge
// (CLI, server log, dashboard, stored run errors) passes errors through `translateDatabaseError`.
import { DatabaseUnavailable } from "./errors.ts";

/** SQLSTATE codes meaning "the database is not reachable right now" (restart, network), not a bad query. */
const SQLSTATE_LOST = new Set(["57P01", "57P02", "08000", "08003", "08006"]);
const SQLSTATE_UNREACHABLE = new Set(["08001", "08004"]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const LOST_MESSAGE = /connection terminated|connection error|terminating connection|client has encountered a connection error|not queryable/i;
const STARTING_MESSAGE = /the database system is (starting up|shutting down)/i;

type Node = { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown[]; name?: unknown; address?: unknown; port?: unknown; hostname?: unknown; query?: unknown };

/** Drizzle's wrapper around a failed statement (its message holds the SQL and the parameters). */
export function isQueryError(e: unknown): boolean {
  const n = e as Node | null;
  return Boolean(n) && (n!.name === "DrizzleQueryError" || (typeof n!.message === "string" && n!.message.startsWith("Failed query")));
}

type Found = { reason: DatabaseUnavailable["reason"]; why: string; at?: string };

/**
 * What made the database unavailable, looking through `cause` and AggregateError's `errors`
 * (pg tries each address of a host name). A network code or message counts only under a failed
 * query (or for a caller that knows it talked to the database), so a refused GitHub call is not
 * mistaken for the database.
 */
function findUnavailable(err: unknown, underQuery: boolean): Found | null {
  for (let e = err, depth = 0, inQuery = underQuery; e && depth < 6; depth++) {
    const n = e as Node;
    inQuery ||= isQueryError(e);
    const code = typeof n.code === "string" ? n.code : "";
    const message = typeof n.message === "string" ? n.message : "";
    if (code === "57P03" || STARTING_MESSAGE.test(message)) return { reason: "starting", why: message || code };
    if (SQLSTATE_LOST.has(code)) return { reason: "lost", why: message || code };
    if (SQLSTATE_UNREACHABLE.has(code)) return { reason: "unreachable", why: message || code };
    if (inQuery && NETWORK_CODES.has(code)) {
      const at = typeof n.address === "string" ? `${n.address}${typeof n.port === "number" ? `:${n.port}` : ""}`
        : typeof n.hostname === "string" ? n.hostname : undefined;
      const reason = code === "ECONNRESET" || code === "EPIPE" ? "lost" : "unreachable";
      return { reason, why: NETWORK_WORDS[code] ?? code, ...(at ? { at } : {}) };
    }
    if (inQuery && LOST_MESSAGE.test(message)) return { reason: "lost", why: message };
    if (Array.isArray(n.errors)) {
      for (const x of n.errors) {
        const found = findUnavailable(x, inQuery);
        if (found) return found;
      }
    }
    e = n.cause;
  }
  return null;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused", ECONNRESET: "connection reset", EPIPE: "connection closed", ETIMEDOUT: "timed out",
  ENOTFOUND: "host not found", EAI_AGAIN: "host name lookup failed", EHOSTUNREACH: "host unreachable", ENETUNREACH: "network unreachable",
};

export function isDatabaseUnavailable(err: unknown, underQuery = false): boolean {
  return findUnavailable(err, underQuery) !== null;
}

/** The driver's own words under drizzle's wrapper (never the SQL or its parameters). */
function causeMessage(err: unknown): string {
  let e = err as Node | undefined;
  while (e && isQueryError(e) && e.cause) e = e.cause as Node;
  if (!e || isQueryError(e)) return "the statement failed";
  const message = typeof e.message === "string" && e.message ? e.message : typeof e.code === "string" ? e.code : "unknown error";
  return typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? `${message} (SQLSTATE ${e.code})` : message;
}

/**
 * The error to show for `err`: DatabaseUnavailable ("database unreachable at 127.0.0.1:5432
 * (connection refused)", "connection to the database was lost (…)") when the database is away; a
 * plain Error "database query failed: <the driver's reason>" for any other failed statement; `err`
 * itself otherwise.
 */
export function translateDatabaseError(err: unknown): unknown {
  if (err instanceof DatabaseUnavailable) return err;
  const found = findUnavailable(err, false);
  if (found) {
    const message = found.reason === "unreachable" ? `database unreachable${found.at ? ` at ${found.at}` : ""} (${found.why}); check that it runs and that DATABASE_URL points at it`
      : found.reason === "lost" ? `connection to the database was lost (${found.why})`
      : `the database is not ready (${found.why}); try again shortly`;
    return new DatabaseUnavailable(found.reason, message, found.why);
  }
  if (isQueryError(err)) return new Error(`database query failed: ${causeMessage(err)}`);
  return err;
}

/** For text that may already hold drizzle's message (a stored error, a log line): the SQL and parameters cut out. */
export function withoutQueryText(text: string): string {
  return text.replace(/Failed query: [\s\S]*?\nparams: [^\n]*/g, "database query failed (statement withheld)");
}

/** The message to print or log for any error: translated first, so never a statement's SQL or parameters. */
export function safeErrorMessage(err: unknown): string {
  const e = translateDatabaseError(err);
  return e instanceof Error ? e.message : String(e);
}
