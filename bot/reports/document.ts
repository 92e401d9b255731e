// The versioned report document (schema version 1), documented field by field in
// docs/report-schema.md and as JSON Schema in docs/report.schema.json. Stored as the report's
// source of truth; CSV and Markdown are rendered from it. Dates are ISO 8601 strings (UTC).
import type { CredentialKind, CredentialSourceStatus } from "../../model/credentials.ts";
import type { RepositorySelection } from "../../model/statuses.ts";

export const REPORT_SCHEMA_VERSION = 1 as const;

export const FINDING_CATEGORIES = [
  "stale", "never_used", "expired", "expiring", "no_expiry", "long_expiry", "over_privileged", "owner_left",
] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];

export type ReportThresholds = {
  staleDays: number;
  expiringDays: number;
  longExpiryDays: number;
  /** "name:level" held at that level or higher counts as over-privileged. */
  forbiddenPermissions: string[];
  /** All repositories with any repository permission at write or higher also counts. */
  allRepositoriesWrite: true;
};

export type Finding = {
  category: FindingCategory;
  /** The `patwarden grants` filter (query-string form) that selects this grant for this category. */
  filter: string;
  grantId: number;
  tokenId: number;
  tokenName: string;
  owner: string;
  ownerIsMember: boolean | null;
  repositorySelection: RepositorySelection;
  /** Subset grants: the known count; all: null; none: 0. */
  repositoryCount: number | null;
  /** "name:level", sorted. */
  permissions: string[];
  lastUsedAt: string | null;
  expiresAt: string | null;
  grantedAt: string;
  riskScore: number;
};

export type CategorySummary = {
  category: FindingCategory;
  count: number;
  /** Every filter whose union is this category (over_privileged may need more than one). */
  filters: string[];
};

export type RevocationEntry = {
  grantId: number;
  tokenId: number | null;
  tokenName: string | null;
  owner: string | null;
  /** Who asked for it (GitHub login, OS user for the CLI, or a policy). */
  by: string;
  byType: string;
  at: string;
  reason: string | null;
  /** revoked | already_gone | failed */
  outcome: string;
  jobId: number | null;
  error: string | null;
};

export type RequestDecisionEntry = {
  requestId: number;
  tokenId: number | null;
  tokenName: string | null;
  owner: string | null;
  decision: "approved" | "denied";
  by: string;
  /** "patwarden" when decided through patwarden (dashboard, CLI, a policy); "github" when a webhook told us. */
  via: "patwarden" | "github";
  at: string;
  reason: string | null;
};

export type FindingKey = { category: FindingCategory; grantId: number; tokenName: string; owner: string };

export type ReportChanges = {
  previousReportId: number;
  previousGeneratedAt: string;
  newFindings: FindingKey[];
  resolvedFindings: FindingKey[];
  /** Credential findings against the previous report; null when either report has no credential findings to compare (source not available, or an older report). */
  credentials?: { newFindings: CredentialFindingKey[]; resolvedFindings: CredentialFindingKey[] } | null;
};

/** Findings about SSO credential authorizations (classic PATs, SSH keys, OAuth and App tokens). */
export const CREDENTIAL_FINDING_CATEGORIES = ["idle", "never_accessed", "no_expiry", "broad_scopes", "owner_left"] as const;
export type CredentialFindingCategory = (typeof CREDENTIAL_FINDING_CATEGORIES)[number];

export type CredentialFinding = {
  category: CredentialFindingCategory;
  /** The authorization id (what removal takes). */
  credentialId: number;
  login: string;
  /** GitHub's credential_type, verbatim. */
  credentialType: string;
  /** classic_pat | ssh_key | oauth_app_token | github_app_token, or null for a type GitHub added later. */
  kind: CredentialKind | null;
  /** "classic PAT …a1b2c3d4", "SSH key laptop". */
  label: string;
  tokenLastEight: string | null;
  title: string | null;
  fingerprint: string | null;
  scopes: string[];
  ownerIsMember: boolean | null;
  authorizedAt: string;
  accessedAt: string | null;
  expiresAt: string | null;
  riskScore: number;
};

export type CredentialFindingKey = { category: CredentialFindingCategory; credentialId: number; label: string; login: string };

/** An authorization patwarden removed in the period (a person, offboarding or a policy). */
export type CredentialRemovalEntry = { credentialId: number; login: string; credentialType: string; label: string; removedAt: string };

export type CredentialSection = {
  /** The org's credential source as last asked (unknown, available, not_available, forbidden). */
  source: CredentialSourceStatus;
  /** False: GitHub does not list them for this org, so counts are null ("not available"), never zero. */
  available: boolean;
  /** What the org's connection card says, e.g. "SSO credential authorizations: not available — needs Enterprise Cloud with SAML SSO". */
  note: string;
  thresholds: { idleDays: number; broadScopes: string[] };
  activeCredentials: number | null;
  credentialsWithFindings: number | null;
  counts: Record<CredentialFindingCategory, number> | null;
  findings: CredentialFinding[];
  removals: CredentialRemovalEntry[];
};

export type ReportSummary = {
  activeGrants: number;
  pendingRequests: number;
  /** Distinct grants with at least one finding. */
  grantsWithFindings: number;
  findings: Record<FindingCategory, number>;
  revocations: number;
  requestDecisions: { approved: number; denied: number };
};

export type ReportDocument = {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  org: { id: number; login: string };
  generatedAt: string;
  period: { start: string | null; end: string };
  thresholds: ReportThresholds;
  summary: ReportSummary;
  categories: CategorySummary[];
  findings: Finding[];
  revocations: RevocationEntry[];
  requestDecisions: RequestDecisionEntry[];
  /** null for the org's first report. */
  changes: ReportChanges | null;
  /** SSO credential authorizations; absent in reports made before credentials were covered. */
  credentials?: CredentialSection;
};
