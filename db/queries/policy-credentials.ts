// What policy runs and reports read and write about SSO credential authorizations: the org's
// credential source, its active credentials, credential warnings and run items.
import { and, asc, eq, gte, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { credentials, orgs, policyCredentialRunItems, policyCredentialWarnings, type Credential, type PolicyCredentialRunItem, type PolicyCredentialWarning } from "../schema.ts";
import type { CredentialSourceStatus } from "../../model/credentials.ts";
import { POLICY_OUTCOMES, type PolicyMode, type PolicyOutcome, type WarningStatus } from "../../model/statuses.ts";

export async function getCredentialSource({ db, orgId }: { db: Db; orgId: number }): Promise<{ status: CredentialSourceStatus; detail: string | null; checkedAt: Date | null }> {
  const [row] = await db.select({ status: orgs.credentialsStatus, detail: orgs.credentialsDetail, checkedAt: orgs.credentialsCheckedAt }).from(orgs).where(eq(orgs.id, orgId));
  return row ?? { status: "unknown", detail: null, checkedAt: null };
}

/** Active credentials by id. A run evaluates every one, as it does grants (no paging). */
export async function listPolicyCredentials({ db, orgId }: { db: Db; orgId: number }): Promise<Credential[]> {
  return db.select().from(credentials).where(and(eq(credentials.orgId, orgId), isNull(credentials.removedAt))).orderBy(asc(credentials.credentialId));
}

/** Credentials patwarden removed in [since, until): the report's "removals done". */
export async function listRemovedCredentials({ db, orgId, since, until }: { db: Db; orgId: number; since: Date | null; until: Date }): Promise<Credential[]> {
  return db.select().from(credentials)
    .where(and(eq(credentials.orgId, orgId), eq(credentials.removalReason, "revoked_by_patwarden"), lt(credentials.removedAt, until), since ? gte(credentials.removedAt, since) : undefined))
    .orderBy(asc(credentials.removedAt), asc(credentials.credentialId));
}

export async function listCredentialWarnings({ db, orgId, status }: { db: Db; orgId: number; status?: WarningStatus }): Promise<PolicyCredentialWarning[]> {
  const where = status ? and(eq(policyCredentialWarnings.orgId, orgId), eq(policyCredentialWarnings.status, status)) : eq(policyCredentialWarnings.orgId, orgId);
  return db.select().from(policyCredentialWarnings).where(where)
    .orderBy(asc(policyCredentialWarnings.warnedAt), asc(policyCredentialWarnings.credentialId), asc(policyCredentialWarnings.rule));
}

export type CredentialWarningKey = { credentialId: number; rule: string };
export type OpenCredentialWarningInput = CredentialWarningKey & { login: string; mode: PolicyMode; warnedAt: Date; revokeAfter: Date | null; lastRunId: number };

/** Opens warnings (a resolved one opens again with a fresh grace period; an open one is left alone), as openPolicyWarnings. */
export async function openCredentialWarnings({ db, orgId, warnings }: { db: Db; orgId: number; warnings: OpenCredentialWarningInput[] }): Promise<void> {
  for (let i = 0; i < warnings.length; i += 1_000) {
    const rows = warnings.slice(i, i + 1_000).map((w) => ({ ...w, orgId, status: "open" as const, resolvedAt: null }));
    await db.insert(policyCredentialWarnings).values(rows).onConflictDoUpdate({
      target: [policyCredentialWarnings.orgId, policyCredentialWarnings.credentialId, policyCredentialWarnings.rule],
      set: {
        status: "open", resolvedAt: null, mode: sql`excluded.mode`, login: sql`excluded.login`,
        warnedAt: sql`excluded.warned_at`, revokeAfter: sql`excluded.revoke_after`, lastRunId: sql`excluded.last_run_id`,
      },
      setWhere: sql`${policyCredentialWarnings.status} <> 'open'`,
    });
  }
}

const keyIs = (orgId: number, key: CredentialWarningKey) => and(
  eq(policyCredentialWarnings.orgId, orgId), eq(policyCredentialWarnings.credentialId, key.credentialId),
  eq(policyCredentialWarnings.rule, key.rule), eq(policyCredentialWarnings.status, "open"),
);

export async function touchCredentialWarning({ db, orgId, key, runId, mode, revokeAfter }: {
  db: Db; orgId: number; key: CredentialWarningKey; runId: number; mode: PolicyMode; revokeAfter: Date | null;
}): Promise<void> {
  await db.update(policyCredentialWarnings).set({ lastRunId: runId, mode, revokeAfter }).where(keyIs(orgId, key));
}

export async function closeCredentialWarnings({ db, orgId, keys, status, at, runId }: {
  db: Db; orgId: number; keys: CredentialWarningKey[]; status: Exclude<WarningStatus, "open">; at: Date; runId: number;
}): Promise<void> {
  for (const key of keys) await db.update(policyCredentialWarnings).set({ status, resolvedAt: at, lastRunId: runId }).where(keyIs(orgId, key));
}

export type CredentialRunItemInput = Omit<PolicyCredentialRunItem, "runId" | "orgId">;

export async function insertCredentialRunItems({ db, runId, orgId, items }: { db: Db; runId: number; orgId: number; items: CredentialRunItemInput[] }): Promise<void> {
  for (let i = 0; i < items.length; i += 2_000) {
    await db.insert(policyCredentialRunItems).values(items.slice(i, i + 2_000).map((it) => ({ ...it, runId, orgId })));
  }
}

/** A run's credential items for the dashboard and CLI, bounded; `total` and `counts` cover all of them. */
export async function listCredentialRunItems({ db, orgId, runId, limit = 2000 }: {
  db: Db; orgId: number; runId: number; limit?: number;
}): Promise<{ rows: PolicyCredentialRunItem[]; total: number; counts: Record<PolicyOutcome, number> }> {
  const where = and(eq(policyCredentialRunItems.orgId, orgId), eq(policyCredentialRunItems.runId, runId));
  const [rows, grouped] = await Promise.all([
    db.select().from(policyCredentialRunItems).where(where)
      .orderBy(asc(policyCredentialRunItems.rule), asc(policyCredentialRunItems.outcome), asc(policyCredentialRunItems.login), asc(policyCredentialRunItems.credentialId)).limit(limit),
    db.select({ outcome: policyCredentialRunItems.outcome, n: sql<number>`count(*)::int` }).from(policyCredentialRunItems).where(where).groupBy(policyCredentialRunItems.outcome),
  ]);
  const counts = Object.fromEntries(POLICY_OUTCOMES.map((o) => [o, 0])) as Record<PolicyOutcome, number>;
  for (const g of grouped) counts[g.outcome] = Number(g.n);
  return { rows, total: Object.values(counts).reduce((x, y) => x + y, 0), counts };
}
