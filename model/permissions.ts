// GitHub App permission names as they appear in a PAT grant's `permissions` maps, grouped the
// way GitHub groups them, with the levels each accepts. Source: @octokit/openapi 23.0.2
// `#/components/schemas/app-permissions` (docs/github-api.md §2). Used to validate filters and
// policy files, and by the simulator to generate realistic grants.
import type { PermissionLevel, PermissionMaps } from "./statuses.ts";
import { closeMatches } from "./close-matches.ts";

export type PermissionScope = "organization" | "repository" | "other";

const RW: readonly PermissionLevel[] = ["read", "write"];
const RWA: readonly PermissionLevel[] = ["read", "write", "admin"];

export const PERMISSIONS: Record<PermissionScope, Record<string, readonly PermissionLevel[]>> = {
  repository: {
    actions: RW, administration: RW, artifact_metadata: RW, attestations: RW, checks: RW,
    code_quality: RW, codespaces: RW, contents: RW, dependabot_secrets: RW, deployments: RW,
    discussions: RW, environments: RW, issues: RW, merge_queues: RW, metadata: RW, packages: RW,
    pages: RW, pull_requests: RW, repository_custom_properties: RW, repository_hooks: RW,
    repository_projects: RWA, secret_scanning_alerts: RW, secrets: RW, security_events: RW,
    single_file: RW, statuses: RW, vulnerability_alerts: RW, workflows: ["write"],
  },
  organization: {
    custom_properties_for_organizations: RW, members: RW, organization_administration: RW,
    organization_custom_roles: RW, organization_custom_org_roles: RW,
    organization_custom_properties: RWA, organization_copilot_seat_management: RW,
    organization_copilot_agent_settings: RW, organization_announcement_banners: RW,
    organization_events: ["read"], organization_hooks: RW, organization_personal_access_tokens: RW,
    organization_personal_access_token_requests: RW, organization_plan: ["read"],
    organization_projects: RWA, organization_packages: RW, organization_secrets: RW,
    organization_self_hosted_runners: RW, organization_user_blocking: RW,
  },
  other: {
    email_addresses: RW, followers: RW, git_ssh_keys: RW, gpg_keys: RW, interaction_limits: RW,
    profile: ["write"], starring: RW,
  },
};

export const ALL_PERMISSION_NAMES: readonly string[] = [
  ...new Set(Object.values(PERMISSIONS).flatMap((m) => Object.keys(m))),
].sort();

const LEVEL_RANK: Record<string, number> = { read: 1, write: 2, admin: 3 };

/** "contents:admin" ⇒ ["contents:read","contents:write","contents:admin"]: stored for "level or higher" filters. */
export function permissionTokens(maps: PermissionMaps): string[] {
  const out = new Set<string>();
  for (const scope of [maps.organization, maps.repository, maps.other]) {
    for (const [name, level] of Object.entries(scope ?? {})) {
      const rank = LEVEL_RANK[level] ?? 0;
      for (const [l, r] of Object.entries(LEVEL_RANK)) if (r <= rank) out.add(`${name}:${l}`);
      if (rank === 0) out.add(`${name}:${level}`);
    }
  }
  return [...out].sort();
}

export function levelRank(level: string): number {
  return LEVEL_RANK[level] ?? 0;
}

/** The three maps a grant or request carries, in the order screens list them. */
export const PERMISSION_SCOPES = ["organization", "repository", "other"] as const;

/** One held permission, flattened out of a grant's or request's maps. */
export type HeldPermission = { scope: PermissionScope; name: string; level: string };

/** Every permission in the maps, scope by scope (organization, repository, other), in map order. */
export function flattenPermissions(maps: PermissionMaps): HeldPermission[] {
  return PERMISSION_SCOPES.flatMap((scope) => Object.entries(maps[scope] ?? {}).map(([name, level]) => ({ scope, name, level })));
}

/** Strongest first, then by name: what matters reads before "+N more". */
export function sortByStrength(held: HeldPermission[]): HeldPermission[] {
  return [...held].sort((a, b) => levelRank(b.level) - levelRank(a.level) || a.name.localeCompare(b.name));
}

/** "name:level" for every permission held, sorted (CSV columns, reports, the CLI table). */
export function permissionLabels(maps: PermissionMaps): string[] {
  return flattenPermissions(maps).map((p) => `${p.name}:${p.level}`).sort();
}

/** True for write or a higher level. */
export const isWriteLevel = (level: string) => levelRank(level) >= LEVEL_RANK.write!;

const LEVELS_BY_NAME = new Map<string, string[]>();
for (const scope of Object.values(PERMISSIONS)) {
  for (const [name, levels] of Object.entries(scope)) {
    const known = LEVELS_BY_NAME.get(name) ?? [];
    LEVELS_BY_NAME.set(name, [...new Set([...known, ...levels])]);
  }
}

/** The levels a permission accepts, weakest first; undefined for an unknown name. */
export function levelsFor(name: string): string[] | undefined {
  return LEVELS_BY_NAME.get(name);
}

/** Up to three known names closest to a typo (model/close-matches.ts). */
export function suggestPermissionNames(typo: string): string[] {
  return closeMatches(typo, LEVELS_BY_NAME.keys());
}

/** Every "name:level" a filter or policy may name, weakest level first per name. */
export const PERMISSION_OPTIONS: readonly string[] = ALL_PERMISSION_NAMES.flatMap((name) => (levelsFor(name) ?? []).map((level) => `${name}:${level}`));
