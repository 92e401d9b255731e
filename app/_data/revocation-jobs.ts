import "server-only";
// Revocation jobs as the dashboard shows them: one org's recent jobs, and one job's progress with
// its per-grant outcomes a page at a time. Reading needs view access; a job of another org is not found.
import type { RevocationJobSummary, RevocationJobView } from "../../bot/revoke/verbs.ts";
import { REVOCATION_ITEM_STATUSES, type RevocationItemStatus, type RevocationSelection } from "../../model/statuses.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { jobParts, type JobParts } from "../_lib/job-parts.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export const ITEMS_PAGE_SIZE = 200;

export type JobSummary = RevocationJobSummary;

export type JobItemRow = { grantId: number; tokenName: string; ownerLogin: string; status: RevocationItemStatus; attempts: number; error: string | null };

export type JobCredentialRow = {
  credentialId: number; login: string; credentialType: string; tokenLastEight: string | null; title: string | null;
  status: RevocationItemStatus; attempts: number; error: string | null;
};

export type JobPage = {
  login: string;
  access: OrgAccess;
  job: Omit<RevocationJobView, "selection">;
  selection: RevocationSelection;
  /** Grants and SSO credential authorizations in the job, with the GitHub calls each takes. */
  parts: JobParts;
  finished: boolean;
  items: JobItemRow[];
  statusFilter: RevocationItemStatus[];
  /** Cursor (grant id) of the next page of items. */
  nextAfter: number | null;
  /** Per-credential outcomes by authorization id, a page at a time (`cafter`). */
  credentialItems: JobCredentialRow[];
  nextCredentialAfter: number | null;
  /** The org's version read before the job: the live poll's baseline (app/_components/auto-refresh.tsx). */
  version: string;
};

/** queued and running jobs still change (a stopped one waits for a resume); the others are final. */
export function isJobFinished(job: Pick<RevocationJobView, "status">): boolean {
  return job.status === "succeeded" || job.status === "failed" || job.status === "dry_run";
}

/** 100 a page, newest first; `after`/`before` a cursor from the page's Newer/Older link. */
export async function listJobSummaries({ viewer, org, after, before }: { viewer: Viewer; org: string; after?: string; before?: string }): Promise<{
  login: string; access: OrgAccess; jobs: JobSummary[]; version: string; older: string | null; newer: string | null;
}> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { engine } = getDashboardRuntime();
  const { version } = await engine.orgs.version({ orgId: row.id });
  const { rows, older, newer } = await engine.revocations.list({ orgId: row.id, limit: 100, after, before });
  return { login: row.login, access, jobs: rows, version, older, newer };
}

export function parseItemStatuses(raw: string[]): RevocationItemStatus[] {
  const wanted = raw.flatMap((v) => v.split(",")).map((v) => v.trim());
  return REVOCATION_ITEM_STATUSES.filter((s) => wanted.includes(s));
}

export async function getJobPage({ viewer, org, jobId, status = [], after, credentialAfter }: {
  viewer: Viewer; org: string; jobId: number; status?: RevocationItemStatus[]; after?: number; credentialAfter?: number;
}): Promise<JobPage> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { engine } = getDashboardRuntime();
  // Read first: a change between the two reads then refreshes once more instead of being missed.
  const { version } = await engine.orgs.version({ orgId: row.id });
  const { job, items, nextAfter } = await engine.revocations.get({ orgId: row.id, jobId, status, afterGrantId: after, limit: ITEMS_PAGE_SIZE });
  const { selection, ...rest } = job;
  const creds = await engine.revocations.credentialItems({ orgId: row.id, jobId, status, afterCredentialId: credentialAfter, limit: ITEMS_PAGE_SIZE });
  return {
    login: row.login,
    access,
    job: rest,
    selection,
    parts: jobParts({ total: job.total, batches: job.batches, credentials: job.credentials }),
    finished: isJobFinished(job),
    items: items.map((it) => ({ grantId: it.grantId, tokenName: it.tokenName, ownerLogin: it.ownerLogin, status: it.status, attempts: it.attempts, error: it.lastError })),
    statusFilter: status,
    nextAfter,
    credentialItems: creds.items.map((c) => ({
      credentialId: c.credentialId, login: c.login, credentialType: c.credentialType, tokenLastEight: c.tokenLastEight, title: c.title,
      status: c.status, attempts: c.attempts, error: c.lastError,
    })),
    nextCredentialAfter: creds.nextAfter,
    version,
  };
}
