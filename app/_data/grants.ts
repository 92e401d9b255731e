import "server-only";
// The grants table and grant detail: filtered, sorted and paginated in SQL, scoped to one org the
// viewer may see, returned as small rows (never the whole inventory).
import { parseGrantQuery, type GrantQuery } from "../../model/grant-filter.ts";
import { flattenPermissions, sortByStrength, type HeldPermission } from "../../model/permissions.ts";
import type { PermissionMaps, RepositorySelection } from "../../model/statuses.ts";
import type { GrantListRow } from "../../bot/grants/verbs.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { shapeTimeline, type TimelineEntry } from "../_lib/timeline.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type PermissionEntry = HeldPermission;

export type GrantRow = {
  id: number;
  tokenName: string;
  ownerLogin: string;
  ownerLeft: boolean;
  selection: RepositorySelection;
  repositoryCount: number | null;
  permissions: PermissionEntry[];
  grantedAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  expired: boolean;
  /** 0–100 with its reasons, worst first (bot/risk/score.ts). */
  riskScore: number;
  riskReasons: { code: string; points: number; text: string }[];
};

export type GrantTable = {
  login: string;
  access: OrgAccess;
  query: GrantQuery;
  rows: GrantRow[];
  /** Grants the filter matches; a lower bound when totalCapped (db/queries/grants.ts countCapFor). */
  total: number;
  totalCapped: boolean;
  /** All grants of the org in the same state (active by default), for "n of N"; capped the same way. */
  orgTotal: number;
  orgTotalCapped: boolean;
  /** The filter in the URL could not be read: a sentence naming the field. */
  error: string | null;
};

/** Strongest first, then by name: the columns show what matters before "+N more". */
export function listPermissions(maps: PermissionMaps): PermissionEntry[] {
  return sortByStrength(flattenPermissions(maps));
}

export function toGrantRow(g: GrantListRow): GrantRow {
  return {
    id: g.id,
    tokenName: g.tokenName,
    ownerLogin: g.ownerLogin,
    ownerLeft: g.ownerIsMember === false,
    selection: g.repositorySelection,
    repositoryCount: g.repositorySelection === "subset" ? g.repositoryCount : null,
    permissions: listPermissions(g.permissions),
    grantedAt: g.accessGrantedAt,
    lastUsedAt: g.tokenLastUsedAt,
    expiresAt: g.tokenExpiresAt,
    expired: g.expired,
    riskScore: g.riskScore,
    riskReasons: g.riskReasons,
  };
}

/** `countCap` replaces both caps of db/queries/grants.ts (tests); by default they stop at 1,000 filtered, 10,000 in all. */
export async function listGrantTable({ viewer, org, params, countCap }: {
  viewer: Viewer; org: string; params: URLSearchParams; countCap?: number;
}): Promise<GrantTable> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { engine } = getDashboardRuntime();
  const input = Object.fromEntries([...new Set(params.keys())].map((k) => [k, params.getAll(k)]));
  let query: GrantQuery;
  try {
    query = parseGrantQuery({ input });
  } catch (e) {
    if ((e as { kind?: string }).kind !== "InvalidInput") throw e;
    const error = `This filter cannot be applied: ${(e as Error).message}. Change it below, or clear the filters.`;
    query = parseGrantQuery({ input: {} });
    const orgCount = await engine.grants.count({ orgId: row.id, filter: { state: query.filter.state }, cap: countCap });
    return { login: row.login, access, query, rows: [], total: 0, totalCapped: false, orgTotal: orgCount.total, orgTotalCapped: orgCount.capped, error };
  }
  const list = await engine.grants.list({
    orgId: row.id, filter: query.filter, sort: query.sort, direction: query.direction, page: query.page, perPage: query.perPage, countCap, withOrgTotal: true,
  });
  const orgCount = list.orgTotal ?? { total: list.total, capped: list.totalCapped };
  return {
    login: row.login, access, query, rows: list.rows.map(toGrantRow),
    total: list.total, totalCapped: list.totalCapped, orgTotal: orgCount.total, orgTotalCapped: orgCount.capped, error: null,
  };
}

export type GrantDetailView = GrantRow & {
  login: string;
  access: OrgAccess;
  tokenId: number;
  permissionGroups: { scope: PermissionEntry["scope"]; label: string; entries: PermissionEntry[] }[];
  repositories: { id: number; fullName: string; private: boolean }[];
  firstSeenAt: Date;
  lastSeenAt: Date;
  removedAt: Date | null;
  removalReason: string | null;
  audit: { id: number; at: Date; actor: string; action: string; result: string; reason: string | null }[];
  riskScore: number;
  riskReasons: { code: string; points: number; text: string }[];
  timeline: TimelineEntry[];
  openWarnings: string[];
};

const SCOPE_LABELS = { organization: "Organization", repository: "Repository", other: "Account (other)" } as const;

/** null when this org has no such grant (ids of other orgs' grants are simply not found). */
export async function getGrantDetail({ viewer, org, grantId }: { viewer: Viewer; org: string; grantId: number }): Promise<GrantDetailView | null> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const grant = await getDashboardRuntime().engine.grants.get({ orgId: row.id, grantId }).catch((e: unknown) => {
    if ((e as { kind?: string }).kind === "NotFound") return null;
    throw e;
  });
  if (!grant) return null;
  const { entries, openWarnings } = shapeTimeline({ events: grant.events, warnings: grant.warnings });
  const base = toGrantRow(grant);
  const permissions = listPermissions(grant.permissions);
  return {
    ...base,
    login: row.login,
    access,
    tokenId: grant.tokenId,
    permissionGroups: (["organization", "repository", "other"] as const)
      .map((scope) => ({ scope, label: SCOPE_LABELS[scope], entries: permissions.filter((p) => p.scope === scope) }))
      .filter((g) => g.entries.length > 0),
    repositories: grant.repositories,
    firstSeenAt: grant.firstSeenAt,
    lastSeenAt: grant.lastSeenAt,
    removedAt: grant.removedAt,
    removalReason: grant.removalReason,
    audit: grant.audit,
    riskScore: grant.riskScore,
    riskReasons: [...grant.riskReasons].sort((a, b) => b.points - a.points),
    timeline: entries,
    openWarnings,
  };
}
