// Findings per category, read with the shared grant query in bounded pages (orgs can hold
// 100,000 grants): one entry per (category, grant), carrying the filter that selected it.
import type { Db } from "../../db/client.ts";
import { countGrantRepositories, listGrants } from "../../db/queries/grants.ts";
import type { Grant } from "../../db/schema.ts";
import { permissionLabels } from "../../model/permissions.ts";
import type { CategorySpec } from "./categories.ts";
import type { CategorySummary, Finding } from "./document.ts";

/** Rows per query: big enough to keep the query count low, small enough to bound memory per step. */
export const FINDINGS_PAGE_SIZE = 2_000;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function permissionList(g: Pick<Grant, "permissions">): string[] {
  return permissionLabels(g.permissions);
}

async function toFindings({ db, orgId, rows, category, filter }: {
  db: Db; orgId: number; rows: Grant[]; category: CategorySpec["category"]; filter: string;
}): Promise<Finding[]> {
  const counts = await countGrantRepositories({
    db, orgId, grantIds: rows.filter((g) => g.repositorySelection === "subset" && g.repositoryCount === null).map((g) => g.id),
  });
  return rows.map((g) => ({
    category,
    filter,
    grantId: g.id,
    tokenId: g.tokenId,
    tokenName: g.tokenName,
    owner: g.ownerLogin,
    ownerIsMember: g.ownerIsMember,
    repositorySelection: g.repositorySelection,
    repositoryCount: g.repositorySelection === "none" ? 0 : g.repositorySelection === "all" ? null : g.repositoryCount ?? counts.get(g.id) ?? 0,
    permissions: permissionList(g),
    lastUsedAt: iso(g.tokenLastUsedAt),
    expiresAt: iso(g.tokenExpiresAt),
    grantedAt: g.accessGrantedAt.toISOString(),
    riskScore: g.riskScore,
  }));
}

/** Findings of one category, ordered by grant id; a grant two of the category's filters select appears once, under the first. */
export async function collectCategory({ db, orgId, spec, now, pageSize = FINDINGS_PAGE_SIZE }: {
  db: Db; orgId: number; spec: CategorySpec; now: Date; pageSize?: number;
}): Promise<{ findings: Finding[]; summary: CategorySummary }> {
  const byGrant = new Map<number, Finding>();
  for (const { query, filter } of spec.filters) {
    for (let page = 1; ; page++) {
      const { rows } = await listGrants({ db, orgId, filter, sort: "id", direction: "asc", page, perPage: pageSize, now });
      const fresh = rows.filter((g) => !byGrant.has(g.id));
      for (const f of await toFindings({ db, orgId, rows: fresh, category: spec.category, filter: query })) byGrant.set(f.grantId, f);
      if (rows.length < pageSize) break;
    }
  }
  const findings = [...byGrant.values()].sort((a, b) => a.grantId - b.grantId);
  return { findings, summary: { category: spec.category, count: findings.length, filters: spec.filters.map((f) => f.query) } };
}
