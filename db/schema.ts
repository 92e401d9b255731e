// The inventory: an exact, queryable copy of each org's PAT grants and requests, with history.
// snake_case in SQL, camelCase in TypeScript; GitHub ids are the keys.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { REPOSITORY_SELECTIONS, REMOVAL_REASONS, INSTALLATION_STATUSES, REQUEST_STATUSES, SYNC_KINDS, SYNC_STATUSES, AUDIT_RESULTS, PERMISSION_LEVELS, SYNC_PAGE_RESOURCES, REVOCATION_JOB_STATUSES, REVOCATION_ITEM_STATUSES, REVOCATION_METHODS, POLICY_MODES, POLICY_CONFIG_STATUSES, POLICY_RUN_STATUSES, POLICY_OUTCOMES, WARNING_STATUSES, REPORT_FORMATS, GRANT_EVENT_KINDS, JOB_NAMES, type RepositorySelection, type RemovalReason, type InstallationStatus, type RequestStatus, type SyncKind, type SyncStatus, type AuditResult, type PermissionLevel, type SyncPageResource, type RevocationJobStatus, type RevocationItemStatus, type RevocationMethod, type PolicyMode, type PolicyConfigStatus, type PolicyRunStatus, type PolicyOutcome, type WarningStatus, type ReportFormat, type GrantEventKind, type JobName, type PermissionMaps, type RevocationSelection } from "../model/statuses.ts";

import { CREDENTIAL_SOURCE_STATUSES } from "../model/credentials.ts";

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const id64 = (name: string) => bigint(name, { mode: "number" });

export const installations = pgTable("installations", {
  id: id64("id").primaryKey(),
  accountId: id64("account_id").notNull(),
  accountLogin: text("account_login").notNull(),
  accountType: text("account_type").notNull(),
  repositorySelection: text("repository_selection").notNull(),
  permissions: jsonb("permissions").$type<Record<string, string>>().notNull().default({}),
  events: jsonb("events").$type<string[]>().notNull().default([]),
  status: text("status", { enum: INSTALLATION_STATUSES }).notNull().default("active"),
  suspendedAt: tstz("suspended_at"),
  createdAt: tstz("created_at").notNull().defaultNow(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});
export type Installation = typeof installations.$inferSelect;
export type NewInstallation = typeof installations.$inferInsert;

export const orgs = pgTable(
  "orgs",
  {
    id: id64("id").primaryKey(),
    login: text("login").notNull(),
    installationId: id64("installation_id").references(() => installations.id),
    syncPaused: boolean("sync_paused").notNull().default(false),
    // Lease-based lock: one sync per org at a time, across processes, and a crashed holder expires.
    syncLockOwner: text("sync_lock_owner"),
    syncLockUntil: tstz("sync_lock_until"),
    lastFullSyncAt: tstz("last_full_sync_at"),
    lastSyncAt: tstz("last_sync_at"),
    // ETags of list endpoints keyed by request URL, so an unchanged org costs 304s (free).
    etags: jsonb("etags").$type<Record<string, string>>().notNull().default({}),
    /** Whether GitHub serves this org's SSO credential authorizations (model/credentials.ts), as last asked. */
    credentialsStatus: text("credentials_status", { enum: CREDENTIAL_SOURCE_STATUSES }).notNull().default("unknown"),
    credentialsCheckedAt: tstz("credentials_checked_at"),
    /** GitHub's message with a not_available or forbidden answer, for the connection card. */
    credentialsDetail: text("credentials_detail"),
    lastCredentialSyncAt: tstz("last_credential_sync_at"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("orgs_login_lower_uq").on(sql`lower(${t.login})`)],
);
export type Org = typeof orgs.$inferSelect;
export type NewOrg = typeof orgs.$inferInsert;

export const grants = pgTable(
  "grants",
  {
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    /** The grant id, i.e. the `pat_id` that revoke takes. Never the token_id. */
    id: id64("id").notNull(),
    tokenId: id64("token_id").notNull(),
    tokenName: text("token_name").notNull(),
    ownerId: id64("owner_id").notNull(),
    ownerLogin: text("owner_login").notNull(),
    ownerAvatarUrl: text("owner_avatar_url"),
    ownerType: text("owner_type"),
    repositorySelection: text("repository_selection", { enum: REPOSITORY_SELECTIONS }).notNull(),
    repositoriesUrl: text("repositories_url").notNull(),
    permissions: jsonb("permissions").$type<PermissionMaps>().notNull(),
    /** "name:level" for every level held and every weaker level (contents:admin ⇒ contents:write, contents:read): GIN-indexed for "write or higher" filters. */
    permissionTokens: text("permission_tokens").array().notNull().default(sql`'{}'::text[]`),
    accessGrantedAt: tstz("access_granted_at").notNull(),
    tokenExpired: boolean("token_expired").notNull(),
    tokenExpiresAt: tstz("token_expires_at"),
    tokenLastUsedAt: tstz("token_last_used_at"),
    /** Known repository count for subset grants (null until fetched). */
    repositoryCount: integer("repository_count"),
    /** null until members are synced; false flags an owner who left the org. */
    ownerIsMember: boolean("owner_is_member"),
    /** 0–100, recomputed on every sync and daily (idle days grow); reasons explain it (bot/policies/risk.ts). */
    riskScore: integer("risk_score").notNull().default(0),
    riskReasons: jsonb("risk_reasons").$type<{ code: string; points: number; text: string }[]>().notNull().default([]),
    firstSeenAt: tstz("first_seen_at").notNull().defaultNow(),
    lastSeenAt: tstz("last_seen_at").notNull().defaultNow(),
    /** The full sweep that last saw this grant; grants unseen by a *completed* sweep are removed. */
    lastSeenSyncId: id64("last_seen_sync_id"),
    removedAt: tstz("removed_at"),
    removalReason: text("removal_reason", { enum: REMOVAL_REASONS }),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("grants_active_owner_idx").on(t.orgId, t.ownerLogin).where(sql`${t.removedAt} is null`),
    // Sort indexes end in id, the tie-break of every ORDER BY in db/queries/grants.ts, with its nulls
    // placement: a page (either direction) is then an index scan that stops after LIMIT rows.
    index("grants_active_last_used_idx").on(t.orgId, t.tokenLastUsedAt.asc().nullsFirst(), t.id).where(sql`${t.removedAt} is null`),
    index("grants_active_expires_idx").on(t.orgId, t.tokenExpiresAt, t.id).where(sql`${t.removedAt} is null`),
    index("grants_active_granted_idx").on(t.orgId, t.accessGrantedAt, t.id).where(sql`${t.removedAt} is null`),
    index("grants_permission_tokens_gin").using("gin", t.permissionTokens),
    index("grants_token_id_idx").on(t.orgId, t.tokenId),
    index("grants_active_risk_idx").on(t.orgId, t.riskScore, t.id).where(sql`${t.removedAt} is null`),
    index("grants_active_owner_sort_idx").on(t.orgId, sql`lower(${t.ownerLogin}) collate "C"`, t.id).where(sql`${t.removedAt} is null`),
    index("grants_active_name_sort_idx").on(t.orgId, sql`lower(${t.tokenName}) collate "C"`, t.id).where(sql`${t.removedAt} is null`),
    // stale = last used before the cutoff, or never used and granted before it: one range on this.
    // Postgres answers from an expression index alone (index-only counts) only when the columns
    // under the expression are in it too; token_expires_at also makes "no expiry + stale" index-only.
    index("grants_active_stale_idx")
      .on(t.orgId, sql`coalesce(${t.tokenLastUsedAt}, ${t.accessGrantedAt})`, t.tokenLastUsedAt, t.accessGrantedAt, t.tokenExpiresAt)
      .where(sql`${t.removedAt} is null`),
    // expired and expiring-within as one range each: GitHub's expired flag counts as already expired.
    index("grants_active_effective_expiry_idx")
      .on(t.orgId, sql`(case when ${t.tokenExpired} then '-infinity'::timestamptz else ${t.tokenExpiresAt} end)`, t.tokenExpired, t.tokenExpiresAt)
      .where(sql`${t.removedAt} is null`),
    // Search is ILIKE '%text%' on either column (pg_trgm; every state, so not partial).
    index("grants_token_name_trgm").using("gin", t.tokenName.op("gin_trgm_ops")),
    index("grants_owner_login_trgm").using("gin", t.ownerLogin.op("gin_trgm_ops")),
    // Query speed at 1M grants (docs/benchmarks.md): the owner filter compares lower(owner_login);
    // the rest are small partial indexes for rare flags (never used, owner left) and the removed view.
    index("grants_active_owner_lower_idx").on(t.orgId, sql`lower(${t.ownerLogin})`).where(sql`${t.removedAt} is null`),
    index("grants_active_never_used_granted_idx").on(t.orgId, t.accessGrantedAt).where(sql`${t.removedAt} is null and ${t.tokenLastUsedAt} is null`),
    // In the default order (granted), risk_score for "owner left + risk": a page and a count read this index alone.
    index("grants_active_owner_left_idx").on(t.orgId, t.accessGrantedAt, t.id, t.riskScore).where(sql`${t.removedAt} is null and ${t.ownerIsMember} = false`),
    index("grants_active_selection_idx").on(t.orgId, t.repositorySelection, t.id).where(sql`${t.removedAt} is null`),
    index("grants_removed_idx").on(t.orgId, t.removedAt).where(sql`${t.removedAt} is not null`),
    // The removed view in the default order (granted): a page without sorting every removed grant.
    index("grants_removed_granted_idx").on(t.orgId, t.accessGrantedAt, t.id).where(sql`${t.removedAt} is not null`),
  ],
);
export type Grant = typeof grants.$inferSelect;
export type NewGrant = typeof grants.$inferInsert;

export const grantRepositories = pgTable(
  "grant_repositories",
  {
    orgId: id64("org_id").notNull(),
    grantId: id64("grant_id").notNull(),
    repositoryId: id64("repository_id").notNull(),
    name: text("name").notNull(),
    fullName: text("full_name").notNull(),
    private: boolean("private").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.grantId, t.repositoryId] }),
    // Serves the "repository" filter: which grants reach repo X.
    index("grant_repositories_by_name_idx").on(t.orgId, t.name),
    // The dashboard's repository filter is case-insensitive; grant_id makes it index-only.
    index("grant_repositories_lower_name_idx").on(t.orgId, sql`lower(${t.name})`, t.grantId),
  ],
);
export type GrantRepository = typeof grantRepositories.$inferSelect;

export const patRequests = pgTable(
  "pat_requests",
  {
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    /** The pat_request_id. */
    id: id64("id").notNull(),
    tokenId: id64("token_id").notNull(),
    tokenName: text("token_name").notNull(),
    ownerId: id64("owner_id").notNull(),
    ownerLogin: text("owner_login").notNull(),
    ownerAvatarUrl: text("owner_avatar_url"),
    reason: text("reason"),
    repositorySelection: text("repository_selection", { enum: REPOSITORY_SELECTIONS }).notNull(),
    repositoriesUrl: text("repositories_url"),
    permissions: jsonb("permissions").$type<PermissionMaps>().notNull(),
    permissionTokens: text("permission_tokens").array().notNull().default(sql`'{}'::text[]`),
    createdAt: tstz("created_at").notNull(),
    tokenExpired: boolean("token_expired").notNull(),
    tokenExpiresAt: tstz("token_expires_at"),
    tokenLastUsedAt: tstz("token_last_used_at"),
    repositoryCount: integer("repository_count"),
    status: text("status", { enum: REQUEST_STATUSES }).notNull().default("pending"),
    resolvedAt: tstz("resolved_at"),
    firstSeenAt: tstz("first_seen_at").notNull().defaultNow(),
    lastSeenAt: tstz("last_seen_at").notNull().defaultNow(),
    lastSeenSyncId: id64("last_seen_sync_id"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index("pat_requests_pending_idx").on(t.orgId, t.createdAt).where(sql`${t.status} = 'pending'`),
  ],
);
export type PatRequest = typeof patRequests.$inferSelect;
export type NewPatRequest = typeof patRequests.$inferInsert;

export const requestRepositories = pgTable(
  "request_repositories",
  {
    orgId: id64("org_id").notNull(),
    requestId: id64("request_id").notNull(),
    repositoryId: id64("repository_id").notNull(),
    name: text("name").notNull(),
    fullName: text("full_name").notNull(),
    private: boolean("private").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.requestId, t.repositoryId] })],
);
export type RequestRepository = typeof requestRepositories.$inferSelect;

export const orgMembers = pgTable(
  "org_members",
  {
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    userId: id64("user_id").notNull(),
    login: text("login").notNull(),
    /** "admin" (owner) or "member"; null when only the member list (not the membership) is known. */
    role: text("role"),
    firstSeenAt: tstz("first_seen_at").notNull().defaultNow(),
    lastSeenAt: tstz("last_seen_at").notNull().defaultNow(),
    lastSeenSyncId: id64("last_seen_sync_id"),
    removedAt: tstz("removed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    index("org_members_login_idx").on(t.orgId, sql`lower(${t.login})`),
  ],
);
export type OrgMember = typeof orgMembers.$inferSelect;

/**
 * SSO credential authorizations (GET /orgs/{org}/credential-authorizations, GHEC with SAML SSO):
 * classic PATs, SSH keys, OAuth and GitHub App user tokens a member authorized for the org, with
 * the same history as grants. credentialId is the authorization's id (what removal takes);
 * authorizedCredentialId the underlying token or key, stable across re-authorizations.
 */
export const credentials = pgTable(
  "credentials",
  {
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    credentialId: id64("credential_id").notNull(),
    login: text("login").notNull(),
    /** GitHub's words, verbatim ("personal access token", "SSH key", …); model/credentials.ts maps them to kinds. */
    credentialType: text("credential_type").notNull(),
    tokenLastEight: text("token_last_eight"),
    scopes: text("scopes").array().notNull().default(sql`'{}'::text[]`),
    fingerprint: text("fingerprint"),
    authorizedAt: tstz("authorized_at").notNull(),
    accessedAt: tstz("accessed_at"),
    authorizedCredentialId: id64("authorized_credential_id"),
    title: text("title"),
    note: text("note"),
    expiresAt: tstz("expires_at"),
    /** null until members are synced; false flags an owner who left the org. */
    ownerIsMember: boolean("owner_is_member"),
    riskScore: integer("risk_score").notNull().default(0),
    riskReasons: jsonb("risk_reasons").$type<{ code: string; points: number; text: string }[]>().notNull().default([]),
    firstSeenAt: tstz("first_seen_at").notNull().defaultNow(),
    lastSeenAt: tstz("last_seen_at").notNull().defaultNow(),
    /** The sweep that last saw it; only a completed sweep removes what it did not see. */
    lastSeenSyncId: id64("last_seen_sync_id"),
    removedAt: tstz("removed_at"),
    removalReason: text("removal_reason", { enum: REMOVAL_REASONS }),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.credentialId] }),
    index("credentials_active_login_idx").on(t.orgId, sql`lower(${t.login})`, t.credentialId).where(sql`${t.removedAt} is null`),
    index("credentials_active_accessed_idx").on(t.orgId, t.accessedAt.asc().nullsFirst(), t.credentialId).where(sql`${t.removedAt} is null`),
    index("credentials_active_authorized_idx").on(t.orgId, t.authorizedAt, t.credentialId).where(sql`${t.removedAt} is null`),
    index("credentials_active_risk_idx").on(t.orgId, t.riskScore, t.credentialId).where(sql`${t.removedAt} is null`),
    index("credentials_scopes_gin").using("gin", t.scopes),
    // The person view and offboarding look one login up across every org.
    index("credentials_login_all_orgs_idx").on(sql`lower(${t.login})`).where(sql`${t.removedAt} is null`),
  ],
);
export type Credential = typeof credentials.$inferSelect;
export type NewCredential = typeof credentials.$inferInsert;

export const syncRuns = pgTable(
  "sync_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: SYNC_KINDS }).notNull(),
    status: text("status", { enum: SYNC_STATUSES }).notNull().default("running"),
    trigger: text("trigger").notNull().default("manual"),
    startedAt: tstz("started_at").notNull().defaultNow(),
    finishedAt: tstz("finished_at"),
    durationMs: integer("duration_ms"),
    apiCalls: integer("api_calls").notNull().default(0),
    notModified: integer("not_modified").notNull().default(0),
    /** Rate-limit points this run spent (304s are free). */
    rateLimitSpent: integer("rate_limit_spent").notNull().default(0),
    rateLimitRemaining: integer("rate_limit_remaining"),
    grantsSeen: integer("grants_seen").notNull().default(0),
    grantsAdded: integer("grants_added").notNull().default(0),
    grantsUpdated: integer("grants_updated").notNull().default(0),
    grantsRemoved: integer("grants_removed").notNull().default(0),
    requestsSeen: integer("requests_seen").notNull().default(0),
    membersSeen: integer("members_seen").notNull().default(0),
    /** Active grants after the run: the trend chart reads this. */
    activeGrants: integer("active_grants"),
    error: text("error"),
    /** Breakdown of the run's calls by endpoint family (grants, grant-repositories, requests, members…). */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("sync_runs_org_started_idx").on(t.orgId, t.startedAt)],
);
export type SyncRun = typeof syncRuns.$inferSelect;

/**
 * One fetched page of a GitHub list, kept so a re-sync can send If-None-Match: a 304 costs no
 * rate limit but carries no body, so the ids that page held are stored here to count them as seen.
 * Written in the same transaction as the page's rows, so an ETag is never ahead of the data.
 */
export const syncPages = pgTable(
  "sync_pages",
  {
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    /** Path and query relative to the API root (no host), so a changed host or port keeps working. */
    url: text("url").notNull(),
    resource: text("resource", { enum: SYNC_PAGE_RESOURCES }).notNull(),
    /** The grant or request whose repositories this page lists. */
    parentId: id64("parent_id"),
    etag: text("etag").notNull(),
    itemIds: bigint("item_ids", { mode: "number" }).array().notNull(),
    /** The rel="next" URL the page came with (relative, as `url`); null on the last page. */
    nextUrl: text("next_url"),
    /** The run that last fetched or confirmed this page; pages a completed sweep did not reach are dropped. */
    sweepRunId: id64("sweep_run_id"),
    fetchedAt: tstz("fetched_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.url] }),
    // Serves cleanup of repository pages whose grant or request went away.
    index("sync_pages_parent_idx").on(t.orgId, t.resource, t.parentId),
  ],
);
export type SyncPage = typeof syncPages.$inferSelect;
export type NewSyncPage = typeof syncPages.$inferInsert;

/** Append-only (a trigger refuses UPDATE and DELETE): who did what, when, why, and the result. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: tstz("at").notNull().defaultNow(),
    orgId: id64("org_id"),
    actor: text("actor").notNull(),
    actorType: text("actor_type").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    reason: text("reason"),
    result: text("result", { enum: AUDIT_RESULTS }).notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_log_org_at_idx").on(t.orgId, t.at),
    index("audit_log_target_idx").on(t.orgId, t.targetType, t.targetId),
  ],
);
export type AuditEntry = typeof auditLog.$inferSelect;
export type NewAuditEntry = typeof auditLog.$inferInsert;

/**
 * A further source of one audit entry: a request decided in patwarden (dashboard, CLI, policy) is
 * confirmed by GitHub's webhook; the decision stays one entry and the webhook is linked to it here
 * (who, through what, the delivery id). Append-only like the log it points into.
 */
export const auditSources = pgTable(
  "audit_sources",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    auditId: id64("audit_id").notNull().references(() => auditLog.id),
    at: tstz("at").notNull().defaultNow(),
    actor: text("actor").notNull(),
    actorType: text("actor_type").notNull(),
    /** X-GitHub-Delivery of the webhook that reported it, when the source is a webhook. */
    deliveryId: text("delivery_id"),
    reason: text("reason"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("audit_sources_audit_idx").on(t.auditId)],
);
export type AuditSource = typeof auditSources.$inferSelect;

/** Webhook deliveries seen, so a redelivery of the same X-GitHub-Delivery is processed once. */
export const webhookDeliveries = pgTable("webhook_deliveries", {
  deliveryId: text("delivery_id").primaryKey(),
  event: text("event").notNull(),
  action: text("action"),
  installationId: id64("installation_id"),
  receivedAt: tstz("received_at").notNull().defaultNow(),
  outcome: text("outcome").notNull().default("processing"),
  error: text("error"),
});
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/**
 * A bulk revocation, persisted so a crash or restart resumes it. Its grants are frozen in
 * revocation_items when it is created: a resume never widens the selection.
 */
export const revocationJobs = pgTable(
  "revocation_jobs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    requestedBy: text("requested_by").notNull(),
    actorType: text("actor_type").notNull(),
    reason: text("reason").notNull(),
    selection: jsonb("selection").$type<RevocationSelection>().notNull(),
    method: text("method", { enum: REVOCATION_METHODS }).notNull().default("bulk"),
    dryRun: boolean("dry_run").notNull().default(false),
    status: text("status", { enum: REVOCATION_JOB_STATUSES }).notNull().default("queued"),
    total: integer("total").notNull(),
    batches: integer("batches").notNull(),
    revoked: integer("revoked").notNull().default(0),
    alreadyGone: integer("already_gone").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    /** Why the job stopped short (rate limit, lost permission…); items keep their own errors. */
    lastError: text("last_error"),
    // Lease: one runner per job across processes; a crashed runner's lease expires.
    leaseOwner: text("lease_owner"),
    leaseUntil: tstz("lease_until"),
    createdAt: tstz("created_at").notNull().defaultNow(),
    startedAt: tstz("started_at"),
    finishedAt: tstz("finished_at"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
    /** The offboarding this job is one org's part of (bot/offboard), or null. */
    offboardingId: id64("offboarding_id").references(() => offboardings.id, { onDelete: "set null" }),
  },
  (t) => [
    // Serves the resume sweep: only unfinished jobs.
    index("revocation_jobs_unfinished_idx").on(t.status, t.id).where(sql`${t.status} in ('queued', 'running')`),
    index("revocation_jobs_org_created_idx").on(t.orgId, t.createdAt),
    index("revocation_jobs_offboarding_idx").on(t.offboardingId).where(sql`${t.offboardingId} is not null`),
  ],
);
export type RevocationJob = typeof revocationJobs.$inferSelect;
export type NewRevocationJob = typeof revocationJobs.$inferInsert;

export const revocationItems = pgTable(
  "revocation_items",
  {
    jobId: id64("job_id").notNull().references(() => revocationJobs.id, { onDelete: "cascade" }),
    orgId: id64("org_id").notNull(),
    /** The grant id (pat_id) sent to GitHub. */
    grantId: id64("grant_id").notNull(),
    tokenId: id64("token_id").notNull(),
    tokenName: text("token_name").notNull(),
    ownerLogin: text("owner_login").notNull(),
    /** Planned batch (≤ 100 items each), fixed at creation. */
    batch: integer("batch").notNull(),
    status: text("status", { enum: REVOCATION_ITEM_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.grantId] }),
    index("revocation_items_job_batch_idx").on(t.jobId, t.batch),
    // Serves "did patwarden revoke this grant?" (sync's removal reason, grant detail).
    index("revocation_items_grant_idx").on(t.orgId, t.grantId),
  ],
);
export type RevocationItem = typeof revocationItems.$inferSelect;
export type NewRevocationItem = typeof revocationItems.$inferInsert;

/**
 * An SSO credential authorization a revocation job removes (one DELETE each), frozen at creation
 * like the grant items; same statuses. The job's counters count grants and credentials together.
 */
export const revocationCredentialItems = pgTable(
  "revocation_credential_items",
  {
    jobId: id64("job_id").notNull().references(() => revocationJobs.id, { onDelete: "cascade" }),
    orgId: id64("org_id").notNull(),
    /** The authorization id (credential_id) that DELETE takes. */
    credentialId: id64("credential_id").notNull(),
    login: text("login").notNull(),
    /** GitHub's credential_type, verbatim. */
    credentialType: text("credential_type").notNull(),
    tokenLastEight: text("token_last_eight"),
    /** SSH key title or token note, whichever GitHub gave: what a person recognises. */
    title: text("title"),
    status: text("status", { enum: REVOCATION_ITEM_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.jobId, t.credentialId] }),
    index("revocation_credential_items_credential_idx").on(t.orgId, t.credentialId),
  ],
);
export type RevocationCredentialItem = typeof revocationCredentialItems.$inferSelect;
export type NewRevocationCredentialItem = typeof revocationCredentialItems.$inferInsert;

/**
 * Offboarding one person: every active grant they own and every SSO credential authorization they
 * hold, in the chosen orgs. Each org's part is a revocation job (revocation_jobs.offboarding_id),
 * run and resumed like any other; the offboarding's state is read from its parts.
 */
export const offboardings = pgTable(
  "offboardings",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    login: text("login").notNull(),
    reason: text("reason").notNull(),
    requestedBy: text("requested_by").notNull(),
    actorType: text("actor_type").notNull(),
    /** The org logins asked for (all installed orgs when none was named), including ones with nothing to remove. */
    orgs: text("orgs").array().notNull().default(sql`'{}'::text[]`),
    createdAt: tstz("created_at").notNull().defaultNow(),
  },
  (t) => [index("offboardings_login_idx").on(sql`lower(${t.login})`, t.id)],
);
export type Offboarding = typeof offboardings.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Governance (issue #4): policies, owner warnings, reports, snapshots, grant timelines, job state.

/** The org's policy file as last read from GitHub: source, parsed rules, or the errors that kept it from applying. */
export const policyConfigs = pgTable("policy_configs", {
  orgId: id64("org_id").primaryKey().references(() => orgs.id, { onDelete: "cascade" }),
  status: text("status", { enum: POLICY_CONFIG_STATUSES }).notNull().default("default"),
  /** Repository and path read, e.g. ".github" and ".github/patwarden.yml". */
  repository: text("repository").notNull().default(".github"),
  path: text("path").notNull().default(".github/patwarden.yml"),
  /** Blob sha of the file (null when absent). */
  sha: text("sha"),
  source: text("source"),
  /** The parsed, defaulted config (PolicyConfig in bot/policies); the defaults when status is "default". */
  config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
  /** Validation errors with line and field, when status is "invalid". */
  errors: jsonb("errors").$type<{ line: number | null; field: string; message: string }[]>().notNull().default([]),
  loadedAt: tstz("loaded_at").notNull().defaultNow(),
});
export type PolicyConfigRow = typeof policyConfigs.$inferSelect;

/** One evaluation of an org's rules (dry run or real): what matched, was notified, revoked, skipped and why. */
export const policyRuns = pgTable(
  "policy_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    trigger: text("trigger").notNull(),
    actor: text("actor").notNull(),
    dryRun: boolean("dry_run").notNull().default(false),
    status: text("status", { enum: POLICY_RUN_STATUSES }).notNull().default("running"),
    /** The clock the rules were evaluated at (tests and the demo move it). */
    evaluatedAt: tstz("evaluated_at").notNull(),
    configSha: text("config_sha"),
    startedAt: tstz("started_at").notNull().defaultNow(),
    finishedAt: tstz("finished_at"),
    /** Counts: matched, notified, revoked, skipped, excepted; per rule. */
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull().default({}),
    revocationJobId: id64("revocation_job_id"),
    error: text("error"),
  },
  (t) => [index("policy_runs_org_started_idx").on(t.orgId, t.startedAt)],
);
export type PolicyRun = typeof policyRuns.$inferSelect;

/** Per grant and rule: what the run did and why (a skip names its guardrail or grace period). */
export const policyRunItems = pgTable(
  "policy_run_items",
  {
    runId: id64("run_id").notNull().references(() => policyRuns.id, { onDelete: "cascade" }),
    orgId: id64("org_id").notNull(),
    grantId: id64("grant_id").notNull(),
    rule: text("rule").notNull(),
    mode: text("mode", { enum: POLICY_MODES }).notNull(),
    outcome: text("outcome", { enum: POLICY_OUTCOMES }).notNull(),
    detail: text("detail"),
    ownerLogin: text("owner_login").notNull(),
    tokenName: text("token_name").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.grantId, t.rule] }), index("policy_run_items_grant_idx").on(t.orgId, t.grantId)],
);
export type PolicyRunItem = typeof policyRunItems.$inferSelect;

/** A grant's owner was warned that a rule will revoke it; revocation only after revokeAfter, and only if it still matches. */
export const policyWarnings = pgTable(
  "policy_warnings",
  {
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    grantId: id64("grant_id").notNull(),
    rule: text("rule").notNull(),
    ownerLogin: text("owner_login").notNull(),
    mode: text("mode", { enum: POLICY_MODES }).notNull(),
    status: text("status", { enum: WARNING_STATUSES }).notNull().default("open"),
    warnedAt: tstz("warned_at").notNull(),
    /** Null for notify-only rules. */
    revokeAfter: tstz("revoke_after"),
    resolvedAt: tstz("resolved_at"),
    lastRunId: id64("last_run_id"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.grantId, t.rule] }),
    index("policy_warnings_open_idx").on(t.orgId, t.ownerLogin).where(sql`${t.status} = 'open'`),
  ],
);
export type PolicyWarning = typeof policyWarnings.$inferSelect;

/** The one GitHub issue per org, owner and repository that warns the owner; updated, never duplicated, closed when resolved. */
export const ownerNotices = pgTable(
  "owner_notices",
  {
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    ownerLogin: text("owner_login").notNull(),
    repository: text("repository").notNull(),
    issueNumber: integer("issue_number").notNull(),
    state: text("state").notNull().default("open"),
    /** Hash of the last body sent, so an unchanged notice costs no write. */
    bodyHash: text("body_hash"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.ownerLogin, t.repository] })],
);
export type OwnerNotice = typeof ownerNotices.$inferSelect;

/** A policy run's item for an SSO credential authorization and a credential rule (policy_run_items is per grant). */
export const policyCredentialRunItems = pgTable(
  "policy_credential_run_items",
  {
    runId: id64("run_id").notNull().references(() => policyRuns.id, { onDelete: "cascade" }),
    orgId: id64("org_id").notNull(),
    credentialId: id64("credential_id").notNull(),
    rule: text("rule").notNull(),
    mode: text("mode", { enum: POLICY_MODES }).notNull(),
    outcome: text("outcome", { enum: POLICY_OUTCOMES }).notNull(),
    detail: text("detail"),
    login: text("login").notNull(),
    /** GitHub's credential_type, verbatim. */
    credentialType: text("credential_type").notNull(),
    /** "classic PAT …a1b2c3d4", "SSH key laptop" (bot/policies/evaluate-credentials.ts). */
    label: text("label").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.credentialId, t.rule] }), index("policy_credential_run_items_credential_idx").on(t.orgId, t.credentialId)],
);
export type PolicyCredentialRunItem = typeof policyCredentialRunItems.$inferSelect;

/** A credential's owner was warned that a credential rule will remove its authorization; as policy_warnings for grants. */
export const policyCredentialWarnings = pgTable(
  "policy_credential_warnings",
  {
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    credentialId: id64("credential_id").notNull(),
    rule: text("rule").notNull(),
    login: text("login").notNull(),
    mode: text("mode", { enum: POLICY_MODES }).notNull(),
    status: text("status", { enum: WARNING_STATUSES }).notNull().default("open"),
    warnedAt: tstz("warned_at").notNull(),
    revokeAfter: tstz("revoke_after"),
    resolvedAt: tstz("resolved_at"),
    lastRunId: id64("last_run_id"),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.credentialId, t.rule] }),
    index("policy_credential_warnings_open_idx").on(t.orgId, t.login).where(sql`${t.status} = 'open'`),
  ],
);
export type PolicyCredentialWarning = typeof policyCredentialWarnings.$inferSelect;

/** A stored compliance report: the versioned JSON document is the source; CSV and Markdown render from it. */
export const reports = pgTable(
  "reports",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    trigger: text("trigger").notNull(),
    requestedBy: text("requested_by").notNull(),
    generatedAt: tstz("generated_at").notNull(),
    /** Start of the period ("since the last report"); null for the first report. */
    periodStart: tstz("period_start"),
    previousReportId: id64("previous_report_id"),
    schemaVersion: integer("schema_version").notNull(),
    summary: jsonb("summary").$type<Record<string, unknown>>().notNull().default({}),
    document: jsonb("document").$type<Record<string, unknown>>().notNull(),
    /** Where it was delivered: { issue?: { number, url }, file?: { path, sha, url }, errors?: string[] }. */
    delivery: jsonb("delivery").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("reports_org_generated_idx").on(t.orgId, t.generatedAt)],
);
export type Report = typeof reports.$inferSelect;

/** One row per org and day: the trend charts read these. */
export const inventorySnapshots = pgTable(
  "inventory_snapshots",
  {
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    takenAt: tstz("taken_at").notNull().defaultNow(),
    activeGrants: integer("active_grants").notNull(),
    staleGrants: integer("stale_grants").notNull(),
    neverUsedGrants: integer("never_used_grants").notNull(),
    noExpiryGrants: integer("no_expiry_grants").notNull(),
    expiredGrants: integer("expired_grants").notNull(),
    ownerLeftGrants: integer("owner_left_grants").notNull(),
    highRiskGrants: integer("high_risk_grants").notNull(),
    pendingRequests: integer("pending_requests").notNull(),
    revokedThatDay: integer("revoked_that_day").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] })],
);
export type InventorySnapshot = typeof inventorySnapshots.$inferSelect;

/** A grant's timeline: first seen, what changed (before/after in details), warnings, removal. */
export const grantEvents = pgTable(
  "grant_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    orgId: id64("org_id").notNull(),
    grantId: id64("grant_id").notNull(),
    at: tstz("at").notNull().defaultNow(),
    kind: text("kind", { enum: GRANT_EVENT_KINDS }).notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("grant_events_grant_idx").on(t.orgId, t.grantId, t.at)],
);
export type GrantEvent = typeof grantEvents.$inferSelect;

/** Last and next run of each scheduled job per org, for the orgs page (pg-boss holds the queue itself). */
export const jobStates = pgTable(
  "job_states",
  {
    orgId: id64("org_id").notNull().references(() => orgs.id, { onDelete: "cascade" }),
    job: text("job", { enum: JOB_NAMES }).notNull(),
    lastStartedAt: tstz("last_started_at"),
    lastFinishedAt: tstz("last_finished_at"),
    lastOutcome: text("last_outcome"),
    lastError: text("last_error"),
    nextRunAt: tstz("next_run_at"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.job] })],
);
export type JobState = typeof jobStates.$inferSelect;

/**
 * Sessions signed out before their cookie expired. The session cookie is sealed and stateless, so
 * a copy taken before sign-out would otherwise keep working until its 8 hours are up; every
 * request checks its (user, sign-in time) here. Rows are useless after expiresAt and are pruned.
 */
export const signedOutSessions = pgTable(
  "signed_out_sessions",
  {
    userId: id64("user_id").notNull(),
    /** The session's signedInAt (ms since epoch): with the user id, it names one sign-in. */
    signedInAt: id64("signed_in_at").notNull(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.signedInAt] }), index("signed_out_sessions_expires_idx").on(t.expiresAt)],
);

/**
 * One org's overview, computed after writes (sync pages, webhooks, revocations, policy runs) and
 * when older than a bound, so a page view reads one row instead of counting every grant
 * (db/queries/org-summary.ts). computedAt is the "as of" the page shows (the engine's clock, from
 * which the time-bound categories were counted); sourceVersion the org's change marks it reflects.
 */
export const orgSummaries = pgTable("org_summaries", {
  orgId: id64("org_id").primaryKey().references(() => orgs.id, { onDelete: "cascade" }),
  computedAt: tstz("computed_at").notNull(),
  sourceVersion: text("source_version").notNull(),
  /** The grant counts (GrantSummary of db/queries/overview.ts, with stale). */
  counts: jsonb("counts").$type<Record<string, number>>().notNull(),
  topPermissions: jsonb("top_permissions").$type<{ name: string; writeOrHigher: number; admin: number }[]>().notNull(),
  topOwners: jsonb("top_owners").$type<{ login: string; grants: number }[]>().notNull(),
  /** How long the computation took (ms of wall time), for the operator. */
  computeMs: integer("compute_ms").notNull(),
  updatedAt: tstz("updated_at").notNull().defaultNow(),
});
export type OrgSummaryRow = typeof orgSummaries.$inferSelect;
