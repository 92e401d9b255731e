// The enterprise roll-up's reads besides the stored summaries (org_summaries): which orgs, their
// installation and credential-source state, and their pending requests.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { installations, orgs, patRequests } from "../schema.ts";
import type { CredentialSourceStatus } from "../../model/credentials.ts";
import type { InstallationStatus } from "../../model/statuses.ts";

export type RollupOrg = {
  id: number;
  login: string;
  installationId: number | null;
  /** null: never installed (an org known from an old installation row that is gone). */
  installationStatus: InstallationStatus | null;
  syncPaused: boolean;
  credentialsStatus: CredentialSourceStatus;
  lastCredentialSyncAt: Date | null;
};

/** Every org, or those of `orgIds`, by login (case-insensitive). */
export async function listRollupOrgs({ db, orgIds }: { db: Db; orgIds?: number[] }): Promise<RollupOrg[]> {
  if (orgIds && orgIds.length === 0) return [];
  const rows = await db
    .select({
      id: orgs.id, login: orgs.login, installationId: orgs.installationId, installationStatus: installations.status, syncPaused: orgs.syncPaused,
      credentialsStatus: orgs.credentialsStatus, lastCredentialSyncAt: orgs.lastCredentialSyncAt,
    })
    .from(orgs)
    .leftJoin(installations, eq(installations.id, orgs.installationId))
    .where(orgIds ? inArray(orgs.id, orgIds) : undefined)
    .orderBy(sql`lower(${orgs.login})`);
  return rows;
}

/**
 * Pending requests per org, counted live: the queue is small and pat_requests_pending_idx (a
 * partial index on the pending ones) answers it from the index; the webhooks move it between
 * summaries, and a queue count that lags would send a reviewer to an empty page.
 */
export async function countPendingRequestsByOrg({ db, orgIds }: { db: Db; orgIds: number[] }): Promise<Map<number, number>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db
    .select({ orgId: patRequests.orgId, n: sql<number>`count(*)::int` })
    .from(patRequests)
    .where(and(inArray(patRequests.orgId, orgIds), eq(patRequests.status, "pending")))
    .groupBy(patRequests.orgId);
  return new Map(rows.map((r) => [r.orgId, Number(r.n)]));
}
