// The versioned report document (schema version 1), documented field by field in
// docs/report-schema.md and as JSON Schema in docs/report.schema.json. Stored as the report's
// source of truth; CSV and Markdown are rendered from it. Dates are ISO 8601 strings (UTC).
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
};
