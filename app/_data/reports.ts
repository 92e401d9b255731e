import "server-only";
// The reports pages: stored reports of one org the viewer may see, one report's document for its
// view and downloads, and "Generate report" (delivery to GitHub only for viewers who may act there).
import type { ReportDocument, ReportFormat, ReportRow } from "../../bot/reports/verbs.ts";
import { NotFound } from "../../model/errors.ts";
import type { OrgAccess } from "../_lib/access.ts";
import { checkOrgAccess } from "./org-access.ts";
import { getDashboardRuntime } from "./runtime.ts";
import type { Viewer } from "./viewer.ts";

export type { ReportRow };

/** 100 a page, newest first; `after`/`before` a cursor from the page's Newer/Older link. */
export async function listReportsPage({ viewer, org, after, before }: { viewer: Viewer; org: string; after?: string; before?: string }): Promise<{
  login: string; access: OrgAccess; reports: ReportRow[]; older: string | null; newer: string | null;
}> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const { rows, older, newer } = await getDashboardRuntime().engine.reports.list({ orgId: row.id, limit: 100, after, before });
  return { login: row.login, access, reports: rows, older, newer };
}

export type ReportView = { login: string; access: OrgAccess; report: ReportRow; doc: ReportDocument };

export async function getReportView({ viewer, org, id }: { viewer: Viewer; org: string; id: number }): Promise<ReportView> {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const found = await getDashboardRuntime().engine.reports.get({ orgId: row.id, id });
  if (!found) throw new NotFound(`${row.login} has no report ${id}.`);
  return { login: row.login, access, ...found };
}

/** For the download route: the stored document rendered in one format. */
export async function exportReport({ viewer, org, id, format }: { viewer: Viewer | null; org: string; id: number; format: ReportFormat }) {
  const { org: row } = await checkOrgAccess({ viewer, org });
  const file = await getDashboardRuntime().engine.reports.download({ orgId: row.id, id, format });
  if (!file) throw new NotFound(`${row.login} has no report ${id}.`);
  return file;
}

/**
 * Anyone who sees the org may generate a report (auditors on a read-only team need them). Delivery
 * writes to GitHub (an issue, a commit), so it happens only for owners and revoke-mode teams.
 */
export async function generateReportFor({ viewer, org }: { viewer: Viewer | null; org: string }) {
  const { org: row, access } = await checkOrgAccess({ viewer, org });
  const deliver = access.canRevoke;
  const { report, delivery } = await getDashboardRuntime().engine.reports.generate({
    orgId: row.id, trigger: "dashboard", requestedBy: viewer!.login, actorType: "user", deliver,
  });
  return { login: row.login, id: report.id, delivered: deliver, deliveryErrors: delivery?.errors ?? [] };
}
