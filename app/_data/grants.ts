import "server-only";
// The grants table and grant detail: filtered, sorted and paginated in SQL, scoped to one org the
// viewer may see, returned as small rows (never the whole inventory).
import { parseGrantQuery, repositoryNote, type GrantQuery } from "../../model/grant-filter.ts";
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
  /** The filter in the URL could not be applied: a sentence, and the field it names (shown by that field). */
  error: string | null;
  errorField: string | null;
  /** The page asked for is past the last one: the form shows where the results end instead of an empty table. */
  pastEnd: { page: number; lastPage: number } | null;
  /** model/grant-filter.ts repositoryNote: all-repository grants are in a repository filter's result. */
  note: string | null;
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
  const empty = { login: row.login, access, rows: [], total: 0, totalCapped: false, error: null, errorField: null, pastEnd: null, note: null };
  let query: GrantQuery;
  const refused = async (e: unknown, q: GrantQuery): Promise<GrantTable> => {
    const { kind, field } = e as { kind?: string; field?: string };
    if (kind !== "InvalidInput") throw e;
    const orgCount = await engine.grants.count({ orgId: row.id, filter: { state: q.filter.state }, cap: countCap });
    const error = `This filter cannot be applied: ${(e as Error).message}. Change it below, or clear the filters.`;
    return { ...empty, query: q, orgTotal: orgCount.total, orgTotalCapped: orgCount.capped, error, errorField: field ?? null };
  };
  try {
    query = parseGrantQuery({ input });
  } catch (e) {
    return refused(e, parseGrantQuery({ input: {} }));
  }
  const { filter, sort, direction, page, perPage } = query;
  try {
    const list = await engine.grants.list({ orgId: row.id, filter, sort, direction, page, perPage, countCap, withOrgTotal: true });
    const orgCount = list.orgTotal ?? { total: list.total, capped: list.totalCapped };
    return {
      ...empty, query, rows: list.rows.map(toGrantRow), total: list.total, totalCapped: list.totalCapped,
      orgTotal: orgCount.total, orgTotalCapped: orgCount.capped, note: repositoryNote(filter),
    };
  } catch (e) {
    const { kind, field } = e as { kind?: string; field?: string };
    if (kind !== "InvalidInput" || field !== "page") return refused(e, query);
    // Past the end every match lies before this page's offset, so a count capped there is exact.
    const [matching, orgCount] = await Promise.all([
      engine.grants.count({ orgId: row.id, filter, cap: (page - 1) * perPage }),
      engine.grants.count({ orgId: row.id, filter: { state: filter.state }, cap: countCap }),
    ]);
    return {
      ...empty, query, total: matching.total, orgTotal: orgCount.total, orgTotalCapped: orgCount.capped,
      pastEnd: { page, lastPage: Math.max(1, Math.ceil(matching.total / perPage)) }, note: repositoryNote(filter),
    };
  }
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
