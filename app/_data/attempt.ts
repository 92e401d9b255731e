import "server-only";
// Pages show expected failures as sentences in place; production Next would otherwise replace a
// thrown error's message with a generic one. Next's own control flow (redirect, notFound) passes through.
import { unstable_rethrow } from "next/navigation";
import { translateDatabaseError } from "../../model/database-errors.ts";

export type Attempt<T> = { ok: true; value: T } | { ok: false; message: string };

const KNOWN = new Set(["NotFound", "Forbidden", "InvalidInput", "GitHubUnavailable", "RateLimited", "Conflict", "DatabaseUnavailable"]);

export function describeError(raw: unknown): string {
  // A failed statement's own message is its SQL and parameters (data): neither the page nor the log shows it.
  const error = translateDatabaseError(raw);
  const kind = (error as { kind?: string }).kind;
  if (kind && KNOWN.has(kind)) return (error as Error).message;
  if (error instanceof Error && error.message.startsWith("The dashboard has no database")) return error.message;
  console.error("dashboard error:", error);
  return "Something went wrong while loading this page. The server log has the details; reloading may help.";
}

export async function attempt<T>(load: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (error) {
    unstable_rethrow(error);
    return { ok: false, message: describeError(error) };
  }
}
