// The enterprise roll-up: per installed org and in total, the figures a security lead compares
// across orgs (grants, stale, high risk, owners who left, SSO credentials, pending requests, last
// sync). Read from each org's stored summary (org_summaries, counted after writes; `asOf` says
// when), so the page and `patwarden orgs` cost one row per org however many grants there are.
import { listLatestSyncRuns } from "../../db/queries/overview.ts";
import { countPendingRequestsByOrg, listRollupOrgs } from "../../db/queries/rollup.ts";
import type { CredentialSourceStatus } from "../../model/credentials.ts";
import type { InstallationStatus, SyncStatus } from "../../model/statuses.ts";
import type { EngineContext } from "../engine-context.ts";
import { readFreshOrgSummary } from "./org-summary.ts";

/** An org's SSO credential figures; stale is null until the summary counts it. */
export type CredentialCounts = { total: number; highRisk: number; ownerLeft: number; noExpiry: number; stale: number | null };

export type OrgRollupRow = {
  orgId: number;
  login: string;
  installationId: number | null;
  /** null: the org has no installation row (never installed, or the row is gone). */
  installationStatus: InstallationStatus | null;
  syncPaused: boolean;
  lastSync: { startedAt: Date; finishedAt: Date | null; status: SyncStatus; kind: string } | null;
  /** When the grant and credential figures were counted (the summary's computedAt). */
  asOf: Date;
  grants: number;
  stale: number;
  /** null: the stored summary predates this figure (it is recounted within SUMMARY_MAX_AGE_MS). */
  highRisk: number | null;
  ownerLeft: number;
  credentialsStatus: CredentialSourceStatus;
  /** null unless the org's source is available and its summary counted credentials. */
  credentials: CredentialCounts | null;
  /** Counted live (a small, indexed queue; webhooks move it between summaries). */
  pendingRequests: number;
};

export type RollupTotal = Omit<OrgRollupRow, "orgId" | "login" | "installationId" | "installationStatus" | "syncPaused" | "lastSync" | "credentialsStatus" | "credentials" | "highRisk"> & {
  orgs: number;
  highRisk: number;
  /** Over the orgs whose credentials are counted (credentialOrgs of them). */
  credentials: CredentialCounts;
  credentialOrgs: number;
};

export type Rollup = { orgs: OrgRollupRow[]; total: RollupTotal };

const INSTALLED = (s: InstallationStatus | null) => s === "active" || s === "suspended";
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

function credentialCounts(counts: Record<string, number>): CredentialCounts | null {
  const total = num(counts.credentials);
  if (total === null) return null;
  return {
    total, highRisk: num(counts.credentialsHighRisk) ?? 0, ownerLeft: num(counts.credentialsOwnerLeft) ?? 0,
    noExpiry: num(counts.credentialsNoExpiry) ?? 0, stale: num(counts.credentialsStale),
  };
}

/**
 * The roll-up of the orgs whose installation is active or suspended (what `--org all` lists),
 * limited to `orgIds` when given (the dashboard passes the orgs the viewer may see).
 */
export async function readRollup(ctx: EngineContext, { orgIds }: { orgIds?: number[] } = {}): Promise<Rollup> {
  const db = ctx.db;
  const orgs = (await listRollupOrgs({ db, orgIds })).filter((o) => INSTALLED(o.installationStatus));
  const ids = orgs.map((o) => o.id);
  const [runs, pending, summaries] = await Promise.all([
    listLatestSyncRuns({ db, orgIds: ids }),
    countPendingRequestsByOrg({ db, orgIds: ids }),
    Promise.all(ids.map((orgId) => readFreshOrgSummary({ db, orgId, now: ctx.now, log: ctx.log }))),
  ]);
  const rows: OrgRollupRow[] = [];
  orgs.forEach((org, i) => {
    const summary = summaries[i];
    if (!summary) return; // disconnected while we read
    const counts = summary.counts as unknown as Record<string, number>;
    const run = runs.get(org.id);
    rows.push({
      orgId: org.id, login: org.login, installationId: org.installationId, installationStatus: org.installationStatus, syncPaused: org.syncPaused,
      lastSync: run ? { startedAt: run.startedAt, finishedAt: run.finishedAt, status: run.status, kind: run.kind } : null,
      asOf: summary.computedAt,
      grants: summary.counts.total, stale: summary.counts.stale, highRisk: num(counts.highRisk), ownerLeft: summary.counts.ownerLeft,
      credentialsStatus: org.credentialsStatus,
      credentials: org.credentialsStatus === "available" ? credentialCounts(counts) : null,
      pendingRequests: pending.get(org.id) ?? 0,
    });
  });
  return { orgs: rows, total: totalOf(rows, ctx.now()) };
}

/** Sums per org; `asOf` is the oldest count's (every figure is at least that fresh). */
export function totalOf(rows: OrgRollupRow[], now: Date): RollupTotal {
  const sum = (pick: (r: OrgRollupRow) => number | null) => rows.reduce((n, r) => n + (pick(r) ?? 0), 0);
  const withCredentials = rows.filter((r) => r.credentials);
  const credSum = (pick: (c: CredentialCounts) => number | null) => withCredentials.reduce((n, r) => n + (pick(r.credentials!) ?? 0), 0);
  return {
    orgs: rows.length,
    asOf: rows.reduce<Date>((oldest, r) => (r.asOf < oldest ? r.asOf : oldest), now),
    grants: sum((r) => r.grants), stale: sum((r) => r.stale), highRisk: sum((r) => r.highRisk), ownerLeft: sum((r) => r.ownerLeft),
    credentials: {
      total: credSum((c) => c.total), highRisk: credSum((c) => c.highRisk), ownerLeft: credSum((c) => c.ownerLeft),
      noExpiry: credSum((c) => c.noExpiry), stale: credSum((c) => c.stale),
    },
    credentialOrgs: withCredentials.length,
    pendingRequests: sum((r) => r.pendingRequests),
  };
}
