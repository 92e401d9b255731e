// Compares patwarden's inventory with the simulator's ground truth, field by field.
import { and, eq, isNull, sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "../../db/client.ts";
import { grantRepositories, grants } from "../../db/schema.ts";
import type { GroundTruth, RequestLogEntry } from "../../simulator/index.ts";

const ms = (s: string | null) => (s === null ? null : new Date(s).getTime());

export async function activeGrants({ db, orgId }: { db: Db; orgId: number }) {
  return db.select().from(grants).where(and(eq(grants.orgId, orgId), isNull(grants.removedAt)));
}

/** Every active grant equals GitHub's, in count and field by field (all of them, or `sample` evenly spread). */
export async function expectInventoryMatches({ db, orgId, truth, sample }: { db: Db; orgId: number; truth: GroundTruth; sample?: number }) {
  const rows = await activeGrants({ db, orgId });
  expect(rows.length).toBe(truth.grants.length);
  const byId = new Map(rows.map((r) => [r.id, r]));
  expect([...byId.keys()].sort()).toEqual(truth.grants.map((g) => g.id).sort());
  const step = sample ? Math.max(1, Math.floor(truth.grants.length / sample)) : 1;
  const checked = truth.grants.filter((_, i) => i % step === 0);
  const repoRows = await db
    .select({ grantId: grantRepositories.grantId, repositoryId: grantRepositories.repositoryId, name: grantRepositories.name, fullName: grantRepositories.fullName })
    .from(grantRepositories)
    .where(and(eq(grantRepositories.orgId, orgId), sql`${grantRepositories.grantId} = any(${`{${checked.map((g) => g.id).join(",")}}`}::bigint[])`));
  const reposOf = new Map<number, { id: number; name: string; full_name: string }[]>();
  for (const r of repoRows) {
    const list = reposOf.get(r.grantId) ?? [];
    list.push({ id: r.repositoryId, name: r.name, full_name: r.fullName });
    reposOf.set(r.grantId, list);
  }
  for (const g of checked) {
    const row = byId.get(g.id)!;
    expect({
      id: row.id,
      tokenId: row.tokenId,
      tokenName: row.tokenName,
      ownerId: row.ownerId,
      ownerLogin: row.ownerLogin,
      repositorySelection: row.repositorySelection,
      permissions: row.permissions,
      accessGrantedAt: row.accessGrantedAt.getTime(),
      tokenExpired: row.tokenExpired,
      tokenExpiresAt: row.tokenExpiresAt?.getTime() ?? null,
      tokenLastUsedAt: row.tokenLastUsedAt?.getTime() ?? null,
      repositoryCount: row.repositoryCount,
    }).toEqual({
      id: g.id,
      tokenId: g.token_id,
      tokenName: g.token_name,
      ownerId: g.owner.id,
      ownerLogin: g.owner.login,
      repositorySelection: g.repository_selection,
      permissions: g.permissions,
      accessGrantedAt: ms(g.access_granted_at),
      tokenExpired: g.token_expired,
      tokenExpiresAt: ms(g.token_expires_at),
      tokenLastUsedAt: ms(g.token_last_used_at),
      repositoryCount: g.repository_selection === "subset" ? g.repositories.length : null,
    });
    const repos = (reposOf.get(g.id) ?? []).sort((a, b) => a.id - b.id);
    expect(repos).toEqual([...g.repositories].sort((a, b) => a.id - b.id).map((r) => ({ id: r.id, name: r.name, full_name: r.full_name })));
  }
  return rows;
}

/** Calls the simulator logged for one org, by endpoint family. */
export function callsByFamily(log: RequestLogEntry[], login: string) {
  const base = `/orgs/${login}/`;
  const of = (re: RegExp) => log.filter((e) => e.path.startsWith(base) && re.test(e.path.slice(base.length)));
  return {
    grantLists: of(/^personal-access-tokens$/),
    grantRepositories: of(/^personal-access-tokens\/\d+\/repositories$/),
    requestLists: of(/^personal-access-token-requests$/),
    requestRepositories: of(/^personal-access-token-requests\/\d+\/repositories$/),
    members: of(/^members$/),
    // /installation/repositories: the probe a sweep makes when it may list grants per repository.
    cost: log.filter((e) => e.path.startsWith(base) || e.path === "/installation/repositories").reduce((n, e) => n + e.cost, 0),
  };
}
