// SSO credential authorizations (GitHub Enterprise Cloud with SAML SSO): the second inventory.
// GitHub's `credential_type` words are stored verbatim (a type GitHub adds later is still stored);
// the short kinds below are what filters, URLs and flags use (github-pat-api.md §4.1, §4.3).

/** GitHub's credential_type values (ghec.json credential-authorization, @octokit/openapi 23.0.2). */
export const GITHUB_CREDENTIAL_TYPES = ["personal access token", "SSH key", "OAuth app token", "GitHub app token"] as const;
export type GitHubCredentialType = (typeof GITHUB_CREDENTIAL_TYPES)[number];

/** Short names for filters and flags; the first four match the revoke-credential-type endpoint's enum where it has one. */
export const CREDENTIAL_KINDS = ["classic_pat", "ssh_key", "oauth_app_token", "github_app_token"] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

const KIND_OF_TYPE: Record<GitHubCredentialType, CredentialKind> = {
  "personal access token": "classic_pat",
  "SSH key": "ssh_key",
  "OAuth app token": "oauth_app_token",
  "GitHub app token": "github_app_token",
};

/** The short kind of GitHub's credential_type, or null for a type this version does not know. */
export function credentialKind(type: string): CredentialKind | null {
  return (KIND_OF_TYPE as Record<string, CredentialKind | undefined>)[type] ?? null;
}

/** GitHub's credential_type for a short kind. */
export function githubCredentialType(kind: CredentialKind): GitHubCredentialType {
  return (Object.keys(KIND_OF_TYPE) as GitHubCredentialType[]).find((t) => KIND_OF_TYPE[t] === kind)!;
}

export const CREDENTIAL_KIND_LABELS: Record<CredentialKind, string> = {
  classic_pat: "classic PAT",
  ssh_key: "SSH key",
  oauth_app_token: "OAuth app token",
  github_app_token: "GitHub App token",
};

/** What people call a credential_type: its kind's label ("classic PAT"), or GitHub's word for a type this version does not know. */
export function credentialTypeLabel(type: string): string {
  const kind = credentialKind(type);
  return kind ? CREDENTIAL_KIND_LABELS[kind] : type;
}

/**
 * Whether an org's SSO credential authorizations can be read, as GitHub last answered:
 * unknown (not asked yet), available (200), not_available (404: no SAML SSO, not Enterprise Cloud,
 * or GHES), forbidden (403: the installation lacks the permission). Not an error: a status on the
 * org's connection card.
 */
export const CREDENTIAL_SOURCE_STATUSES = ["unknown", "available", "not_available", "forbidden"] as const;
export type CredentialSourceStatus = (typeof CREDENTIAL_SOURCE_STATUSES)[number];

/** What the connection card says for each status. */
export const CREDENTIAL_SOURCE_TEXT: Record<CredentialSourceStatus, string> = {
  unknown: "SSO credential authorizations: not checked yet",
  available: "SSO credential authorizations: synced",
  not_available: "SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO",
  forbidden: "SSO credential authorizations: not readable — the App needs Administration (read) on the org",
};
