// The App permissions patwarden asks for (app.yml default_permissions), and what stops working
// when an org's installation grants less. A test keeps this list equal to app.yml.
import { levelRank } from "../../model/permissions.ts";

export type RequiredPermission = { name: string; label: string; level: "read" | "write"; breaks: string };

export const REQUIRED_PERMISSIONS: readonly RequiredPermission[] = [
  {
    name: "organization_personal_access_tokens",
    label: "Personal access tokens",
    level: "write",
    breaks: "Without read, grants cannot be synced at all; without write, nothing can be revoked.",
  },
  {
    name: "organization_personal_access_token_requests",
    label: "Personal access token requests",
    level: "write",
    breaks: "Without read, pending requests are not synced; without write, they cannot be approved or denied here.",
  },
  {
    name: "members",
    label: "Members",
    level: "read",
    breaks: "Grants whose owner left the org cannot be flagged, and member removals are not followed.",
  },
  {
    name: "issues",
    label: "Issues",
    level: "write",
    breaks: "Policies in notify or revoke mode cannot open warning issues for token owners, and reports cannot be delivered as issues.",
  },
  {
    name: "contents",
    label: "Contents",
    level: "write",
    breaks: "The policy file (.github/patwarden.yml) cannot be read, so the safe defaults apply; reports cannot be committed to a repository.",
  },
  {
    name: "organization_administration",
    label: "Administration (organization)",
    level: "write",
    breaks: "On Enterprise Cloud orgs with SAML SSO: without read, SSO credential authorizations (classic PATs, SSH keys) are not synced; without write, they cannot be removed. Other orgs need neither.",
  },
];

export type PermissionCheck = RequiredPermission & { granted: string | null; ok: boolean };

/** Each required permission against what the installation granted ("admin" satisfies "write"). */
export function checkPermissions(granted: Record<string, string>): PermissionCheck[] {
  return REQUIRED_PERMISSIONS.map((p) => {
    const have = granted[p.name] ?? null;
    return { ...p, granted: have, ok: have !== null && levelRank(have) >= levelRank(p.level) };
  });
}
