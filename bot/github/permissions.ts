// GitHub App permission names as they appear in a PAT grant's `permissions` maps, grouped the
// way GitHub groups them, with the levels each accepts. Source: @octokit/openapi 23.0.2
// `#/components/schemas/app-permissions` (github-pat-api.md §2). Used to validate filters and
// policy files, and by the simulator to generate realistic grants.
import type { PermissionLevel } from "../../db/schema.ts";

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
export function permissionTokens(maps: {
  organization?: Record<string, string>;
  repository?: Record<string, string>;
  other?: Record<string, string>;
}): string[] {
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
