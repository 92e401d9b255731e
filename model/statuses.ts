// Status lists and stored shapes shared by the columns (db/schema.ts), the zod parsers and every
// face: one `as const` tuple per enum, its type beside it.

// Enums as `as const` tuples so zod schemas and columns share one list.
export const REPOSITORY_SELECTIONS = ["none", "all", "subset"] as const;
export type RepositorySelection = (typeof REPOSITORY_SELECTIONS)[number];

export const REMOVAL_REASONS = ["revoked_by_patwarden", "revoked_elsewhere", "expired"] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];
/** Each removal reason in a few words, for lists and histories (detail pages say more). */
export const REMOVAL_REASON_WORDS: Record<RemovalReason, string> = {
  revoked_by_patwarden: "revoked by patwarden", revoked_elsewhere: "revoked on GitHub", expired: "expired",
};

export const INSTALLATION_STATUSES = ["active", "suspended", "uninstalled"] as const;
export type InstallationStatus = (typeof INSTALLATION_STATUSES)[number];

export const REQUEST_STATUSES = ["pending", "approved", "denied", "cancelled", "gone"] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const SYNC_KINDS = ["full", "incremental", "grant", "requests", "members", "owner"] as const;
export type SyncKind = (typeof SYNC_KINDS)[number];

export const SYNC_STATUSES = ["running", "succeeded", "failed"] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

export const AUDIT_RESULTS = ["success", "failure", "skipped", "dry_run"] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** Permission levels, weakest first; "write or higher" means every level from write on. */
export const PERMISSION_LEVELS = ["read", "write", "admin"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

export const SYNC_PAGE_RESOURCES = ["grants", "requests", "members", "admins", "grant-repositories", "request-repositories", "credentials"] as const;
export type SyncPageResource = (typeof SYNC_PAGE_RESOURCES)[number];

export const REVOCATION_JOB_STATUSES = ["queued", "running", "succeeded", "failed", "dry_run"] as const;
export type RevocationJobStatus = (typeof REVOCATION_JOB_STATUSES)[number];

/** pending → in_flight → revoked | already_gone | failed. in_flight is persisted before the call, so a crash leaves a trace. */
export const REVOCATION_ITEM_STATUSES = ["pending", "in_flight", "revoked", "already_gone", "failed"] as const;
export type RevocationItemStatus = (typeof REVOCATION_ITEM_STATUSES)[number];

/** bulk: update_pat_accesses, ≤ 100 ids a call; single: update_pat_access, one grant. */
export const REVOCATION_METHODS = ["bulk", "single"] as const;
export type RevocationMethod = (typeof REVOCATION_METHODS)[number];

/** What a rule does with a match: list it, warn its owner, or warn then revoke after the grace period. */
export const POLICY_MODES = ["report", "notify", "revoke"] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

/** default: the org has no .github/patwarden.yml (safe defaults, report only); invalid: never applied. */
export const POLICY_CONFIG_STATUSES = ["default", "valid", "invalid"] as const;
export type PolicyConfigStatus = (typeof POLICY_CONFIG_STATUSES)[number];

export const POLICY_RUN_STATUSES = ["running", "succeeded", "failed", "skipped"] as const;
export type PolicyRunStatus = (typeof POLICY_RUN_STATUSES)[number];

export const POLICY_OUTCOMES = ["matched", "notified", "revoked", "skipped", "excepted"] as const;
export type PolicyOutcome = (typeof POLICY_OUTCOMES)[number];

export const WARNING_STATUSES = ["open", "resolved", "revoked"] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];

export const REPORT_FORMATS = ["csv", "json", "md"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const GRANT_EVENT_KINDS = [
  "first_seen", "permissions_changed", "repositories_changed", "expiry_changed", "warned", "warning_resolved", "removed",
] as const;
export type GrantEventKind = (typeof GRANT_EVENT_KINDS)[number];

export const JOB_NAMES = ["sync", "snapshot", "policy", "report"] as const;
export type JobName = (typeof JOB_NAMES)[number];

export type PermissionMaps = {
  organization?: Record<string, string>;
  repository?: Record<string, string>;
  other?: Record<string, string>;
};

/** How a revocation job's grants were chosen: explicit ids, or a grants filter (as the dashboard's URL query). */
export type RevocationSelection =
  | { kind: "ids"; ids: number[] }
  | { kind: "filter"; query: string }
  /** SSO credential authorization ids (credential_id), or every active one a credential filter query matches. */
  | { kind: "credentials"; ids: number[] }
  | { kind: "credential_filter"; query: string }
  /** One org's part of an offboarding: the person's grants and credentials. */
  | { kind: "offboarding"; login: string; offboardingId: number };
