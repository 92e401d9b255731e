// What a sync run did with SSO credentials, kept in the run's details (sync_runs.details.credentials)
// and returned with its result: GitHub's answer (null: not asked this run) and the counts.
import type { CredentialSourceStatus } from "../../model/credentials.ts";
import type { SyncContext } from "./context.ts";

export type CredentialSyncStats = {
  status: CredentialSourceStatus | null;
  seen: number;
  added: number;
  updated: number;
  removed: number;
};

/** The run's credential counters, created on first use (runs that never ask have none). */
export function credentialStats(ctx: Pick<SyncContext, "details">): CredentialSyncStats {
  const existing = ctx.details.credentials as CredentialSyncStats | undefined;
  if (existing) return existing;
  const fresh: CredentialSyncStats = { status: null, seen: 0, added: 0, updated: 0, removed: 0 };
  ctx.details.credentials = fresh;
  return fresh;
}
