import "server-only";
// Revocation jobs as the dashboard shows them: one org's recent jobs, and one job's progress with
// its per-grant outcomes a page at a time. Reading needs view access; a job of another org is not found.
import type { RevocationJobSummary, RevocationJobView } from "../../bot/revoke/verbs.ts";
import { REVOCATION_ITEM_STATUSES, type RevocationItemStatus } from "../../model/statuses.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export const ITEMS_PAGE_SIZE = 200;

export type JobSummary = RevocationJobSummary;

export type JobItemRow = { grantId: number; tokenName: string; ownerLogin: string; status: RevocationItemStatus; attempts: number; error: string | null };

export type JobPage = {
  login: string;
  access: OrgAccess;
  job: Omit<RevocationJobView, "selection">;
  /** The filter the job was made from, as a grants-table query string; null for explicit ids. */
  filterQuery: string | null;
  finished: boolean;
  items: JobItemRow[];
  statusFilter: RevocationItemStatus[];
  /** Cursor (grant id) of the next page of items. */
  nextAfter: number | null;
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

export async function getJobPage({ viewer, org, jobId, status = [], after }: {
  viewer: Viewer; org: string; jobId: number; status?: RevocationItemStatus[]; after?: number;
}): Promise<JobPage> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { engine } = getDashboardRuntime();
  // Read first: a change between the two reads then refreshes once more instead of being missed.
  const { version } = await engine.orgs.version({ orgId: row.id });
  const { job, items, nextAfter } = await engine.revocations.get({ orgId: row.id, jobId, status, afterGrantId: after, limit: ITEMS_PAGE_SIZE });
  const { selection, ...rest } = job;
  return {
    login: row.login,
    access,
    job: rest,
    filterQuery: selection.kind === "filter" ? selection.query : null,
    finished: isJobFinished(job),
    items: items.map((it) => ({ grantId: it.grantId, tokenName: it.tokenName, ownerLogin: it.ownerLogin, status: it.status, attempts: it.attempts, error: it.lastError })),
    statusFilter: status,
    nextAfter,
    version,
  };
}
