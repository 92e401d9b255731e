// Owner warnings: one row per (org, grant, rule), opened on the first match, updated by later runs,
// resolved when the grant stops matching, marked revoked when the policy revoked the grant.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { policyWarnings, type PolicyWarning } from "../schema.ts";
import { type PolicyMode, type WarningStatus } from "../../model/statuses.ts";

export async function listPolicyWarnings({ db, orgId, status }: { db: Db; orgId: number; status?: WarningStatus }): Promise<PolicyWarning[]> {
  const where = status ? and(eq(policyWarnings.orgId, orgId), eq(policyWarnings.status, status)) : eq(policyWarnings.orgId, orgId);
  return db.select().from(policyWarnings).where(where).orderBy(asc(policyWarnings.warnedAt), asc(policyWarnings.grantId), asc(policyWarnings.rule));
}

export type OpenWarningInput = {
  grantId: number; rule: string; ownerLogin: string; mode: PolicyMode; warnedAt: Date; revokeAfter: Date | null; lastRunId: number;
};

/**
 * Opens warnings; a warning resolved earlier for the same grant and rule opens again with a fresh
 * grace period. An already open one is left alone, so two overlapping runs cannot restart its clock.
 */
export async function openPolicyWarnings({ db, orgId, warnings }: { db: Db; orgId: number; warnings: OpenWarningInput[] }): Promise<void> {
  for (let i = 0; i < warnings.length; i += 1_000) {
    const rows = warnings.slice(i, i + 1_000).map((w) => ({ ...w, orgId, status: "open" as const, resolvedAt: null }));
    await db.insert(policyWarnings).values(rows).onConflictDoUpdate({
      target: [policyWarnings.orgId, policyWarnings.grantId, policyWarnings.rule],
      set: {
        status: "open", resolvedAt: null, mode: sql`excluded.mode`, ownerLogin: sql`excluded.owner_login`,
        warnedAt: sql`excluded.warned_at`, revokeAfter: sql`excluded.revoke_after`, lastRunId: sql`excluded.last_run_id`,
      },
      setWhere: sql`${policyWarnings.status} <> 'open'`,
    });
  }
}

export type WarningKey = { grantId: number; rule: string };

/** A later run saw the warning again; mode and revokeAfter change only when the rule's mode did. */
export async function touchPolicyWarning({ db, orgId, key, runId, mode, revokeAfter }: {
  db: Db; orgId: number; key: WarningKey; runId: number; mode: PolicyMode; revokeAfter: Date | null;
}): Promise<void> {
  await db.update(policyWarnings).set({ lastRunId: runId, mode, revokeAfter })
    .where(and(eq(policyWarnings.orgId, orgId), eq(policyWarnings.grantId, key.grantId), eq(policyWarnings.rule, key.rule), eq(policyWarnings.status, "open")));
}

/** Closes open warnings as resolved or revoked. */
export async function closePolicyWarnings({ db, orgId, keys, status, at, runId }: {
  db: Db; orgId: number; keys: WarningKey[]; status: Exclude<WarningStatus, "open">; at: Date; runId: number;
}): Promise<void> {
  for (const key of keys) {
    await db.update(policyWarnings).set({ status, resolvedAt: at, lastRunId: runId })
      .where(and(eq(policyWarnings.orgId, orgId), eq(policyWarnings.grantId, key.grantId), eq(policyWarnings.rule, key.rule), eq(policyWarnings.status, "open")));
  }
}
