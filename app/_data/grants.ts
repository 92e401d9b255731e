import "server-only";
// A grant as the dashboard shows it (a table row, the detail page), scoped to one org the viewer may
// see; the table itself is app/_data/grant-table.ts.
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
